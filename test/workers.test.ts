/**
 * Where a job runs cannot change what it returns: content read on a worker thread gives the
 * same records (front matter, positions, hash, messages with their rule ids and places) as
 * content read on the main thread.
 */
import { expect } from 'chai';
import { listContentDir, scanAll, scanFile } from '../src/content/scan.js';
import { workerJobs } from '../src/workers/pool.js';
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
      const { entries } = listContentDir(p.content);
      expect(entries.length).to.be.greaterThan(30);
      const here = entries.map((e) => scanFile(e));
      const there = await scanAll(entries, () => jobs);
      expect(entries.map((e) => there.get(e))).to.deep.equal(here);
      // The messages are the real thing again: rule ids, places, and formatted the same.
      const bad = here.flatMap((r) => r.diagnostics.map((d) => d.ruleId)).sort();
      expect(bad).to.include.members(['fm-yaml', 'not-utf8', 'fm-unknown-field']);
      expect(entries.flatMap((e) => there.get(e)!.diagnostics.map((d) => String(d)))).to.deep.equal(here.flatMap((r) => r.diagnostics.map((d) => String(d))));
    } finally {
      await jobs.close();
      p.remove();
    }
  });
});

describe('a pool whose workers are still starting', function () {
  it('runs the jobs given meanwhile in this thread without waiting for them, with the same results as later ones', async function () {
    const { inlineJobs } = await import('../src/workers/pool.js');
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
