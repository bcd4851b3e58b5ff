/**
 * Where a job runs cannot change what it returns: content read on a worker thread gives the
 * same records (front matter, positions, hash, messages with their rule ids and places) as
 * content read on the main thread.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listContentDir, lookInWorker, scanAll, scanFile } from '../src/content/scan.js';
import { deferredJobs, inlineJobs, workerJobs } from '../src/workers/pool.js';
import { article, tempProject } from './support/fixtures.js';

describe('jobs on worker threads', function () {
  it('scan: the same records as reading in this thread, for good and bad files alike', async function () {
    const p = tempProject({ sampleContent: true });
    const jobs = workerJobs(2);
    try {
      p.write('bad-yaml/en.md', '---\ntitle: a: b\ndate: 2026-01-01T00:00:00Z\n---\nBody\n');
      p.write('not-utf8/en.md', Buffer.concat([Buffer.from('---\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\ndate: 2026-01-01T00:00:00Z\n---\n')]));
      p.write('unknown-field/en.md', article({ titel: 'Typo' }));
      p.write('fine/ru.md', article({ title: '"Заголовок"', summary: '"Кратко."', authors: '\n  - Имя Фамилия' }, 'Текст.\n'));
      // Started, so that the jobs run there (until then this thread takes them).
      await jobs.ready;
      const { entries } = await listContentDir(p.content);
      expect(entries.length).to.be.greaterThan(30);
      const here = entries.map((e) => scanFile(e));
      const there = await scanAll(entries, () => jobs);
      expect(there).to.deep.equal(here);
      // The messages are the real thing again: rule ids, places, and formatted the same.
      const bad = here.flatMap((r) => r.diagnostics.map((d) => d.ruleId)).sort();
      expect(bad).to.include.members(['fm-yaml', 'not-utf8', 'fm-unknown-field']);
      expect(there.flatMap((r) => r.diagnostics.map((d) => String(d)))).to.deep.equal(here.flatMap((r) => r.diagnostics.map((d) => String(d))));
    } finally {
      await jobs.close();
      p.remove();
    }
  });
});

describe('a listing whose files are looked at on a worker thread', function () {
  it('has the same entries, keys and messages as one made on this thread alone, for plain files and odd ones', async function () {
    const p = tempProject({ sampleContent: true });
    const outside = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-outside-'));
    try {
      writeFileSync(path.join(outside, 'en.md'), article({}));
      p.write('linked-inside/en.md', article({}));
      symlinkSync(path.join(p.content, 'linked-inside', 'en.md'), path.join(p.content, 'linked-inside', 'ru.md'));
      p.write('linked-outside/ru.md', article({}));
      symlinkSync(path.join(outside, 'en.md'), path.join(p.content, 'linked-outside', 'en.md'));
      symlinkSync(path.join(outside, 'gone.md'), path.join(p.content, 'linked-outside', 'uk.md'));
      mkdirSync(path.join(p.content, 'linked-outside', 'ky.md'));
      execFileSync('mkfifo', [path.join(p.content, 'linked-outside', 'kk.md')]);
      symlinkSync(path.join(p.content, 'linked-inside'), path.join(p.content, 'a-linked-folder'));
      const here = await listContentDir(p.content, undefined, Infinity);
      // The folders are shared with the worker.
      const split = await listContentDir(p.content, undefined, 2);
      // It answers for plain folders and files itself, and leaves the odd ones to this thread.
      const folders = ['linked-inside', 'linked-outside', 'a-linked-folder', 'no-such-folder'].map((f) => path.join(p.content, f));
      const keyOf = (f: string) => here.entries.find((e) => e.abs === f)!.key;
      const looks = [
        [0, { files: ['en.md', 'ru.md'], keys: [keyOf(path.join(folders[0]!, 'en.md')), null] }],
        [1, { files: ['en.md', 'kk.md', 'ky.md', 'ru.md', 'uk.md'], keys: [null, null, null, keyOf(path.join(folders[1]!, 'ru.md')), null] }],
        [2, null],
        [3, null],
      ];
      expect(await lookInWorker(folders)).to.deep.equal(looks);
      // With a counter shared with this thread, it looks at the folders not taken yet.
      const next = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(next, 0, 2);
      expect(await lookInWorker(folders, next)).to.deep.equal(looks.slice(2));
      expect(Atomics.load(next, 0)).to.be.at.least(folders.length);
      expect(here.entries.length).to.be.greaterThan(30);
      expect(split.entries).to.deep.equal(here.entries);
      expect(split.diagnostics.map(String)).to.deep.equal(here.diagnostics.map(String));
      expect(here.diagnostics.map((d) => d.ruleId).sort()).to.deep.equal(['content-not-a-file', 'content-not-a-file', 'content-symlink-outside', 'content-unreadable']);
    } finally {
      p.remove();
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('jobs that start workers only when there are enough of them', function () {
  it('runs the first few here and starts the pool once, at the first job beyond them, with the same results', async function () {
    let started = 0;
    const pool = workerJobs(1);
    try {
      const jobs = deferredJobs(() => {
        started++;
        return pool;
      }, 2);
      const input = (i: number) => ({ markdown: `Paragraph ${i}, *emphasis*.`, base: 'https://example.org/a/' });
      const first = await Promise.all([jobs.run('render', input(0)), jobs.run('render', input(1))]);
      expect(started, 'workers started for two jobs').to.equal(0);
      const later = await Promise.all([2, 3, 4].map((i) => jobs.run('render', input(i))));
      expect(started, 'workers started for five jobs').to.equal(1);
      expect([...first, ...later]).to.deep.equal(await Promise.all([0, 1, 2, 3, 4].map((i) => inlineJobs.run('render', input(i)))));
    } finally {
      await pool.close();
    }
  });
});

describe('a pool whose workers are still starting', function () {
  it('shares a burst of jobs given before any worker was ready between its workers, instead of giving them all to the first one ready', async function () {
    const jobs = workerJobs(2);
    try {
      // Jobs long enough (a few milliseconds each) that the burst outlasts the difference
      // between the two workers' start on a busy machine (with shorter ones, one worker that
      // started a fifth of a second later got 13 of 119).
      const input = (i: number) => ({ markdown: `Paragraph ${i}, *emphasis*.\n\n${'A longer paragraph of text. '.repeat(800)}`, base: 'https://example.org/a/' });
      // More than this thread takes while the workers start: the rest wait for them.
      const results = await Promise.all(Array.from({ length: 120 }, (_, i) => jobs.run('render', input(i))));
      expect(results[7]).to.deep.equal(await inlineJobs.run('render', input(7)));
      expect(jobs.stopped).to.equal(0);
      const [a, b] = jobs.given;
      expect(a! + b!, 'jobs given to the workers').to.be.greaterThan(90);
      expect(Math.min(a!, b!), `each worker's share of ${a! + b!} (${a} and ${b})`).to.be.greaterThan(15);
    } finally {
      await jobs.close();
    }
  });

  it('runs the jobs given meanwhile in this thread without waiting for them, with the same results as later ones', async function () {
    const jobs = workerJobs(2);
    let started = false;
    void jobs.ready.then(() => (started = true));
    try {
      const input = (i: number) => ({ markdown: `Paragraph ${i} with *emphasis* and a [link](https://example.org/${i}).`, base: 'https://example.org/a/' });
      // Given before any worker has loaded its modules: done here, without waiting for them.
      const early = await Promise.all([0, 1, 2].map((i) => jobs.run('render', input(i))));
      expect(started, 'the workers had started before the first jobs were done').to.equal(false);
      expect(early).to.deep.equal(await Promise.all([0, 1, 2].map((i) => inlineJobs.run('render', input(i)))));
      await jobs.ready;
      expect(jobs.stopped).to.equal(0);
      const late = await Promise.all([3, 4, 5, 6].map((i) => jobs.run('render', input(i))));
      expect(late).to.deep.equal(await Promise.all([3, 4, 5, 6].map((i) => inlineJobs.run('render', input(i)))));
    } finally {
      await jobs.close();
    }
  });
});
