/**
 * A build holds what it is making, not everything it made: document texts beyond a budget
 * wait in a temporary file that is gone when the build is, rendered bodies are let go once
 * the plans that show them are made, and a job too large for a worker's small heap runs in
 * this thread. None of it may change a byte of the output.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, loadProject, publish } from '../src/index.js';
import { textStore } from '../src/formats/text-store.js';
import { renderBodies } from '../src/render/index.js';
import { inlineJobs, workerJobs } from '../src/workers/pool.js';
import { snapshot, tempProject } from './support/fixtures.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const bytesOf = (dir: string) => new Map([...snapshot(dir)].map(([k, v]) => [k, v.bytes.toString('base64')]));

describe('a build holds what it is making', function () {
  this.timeout(240_000);

  it('with no text kept in memory (all in the temporary file) it publishes the same bytes, and leaves no file behind', async function () {
    const p = tempProject({ sampleContent: true });
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-tmpdir-'));
    const before = process.env.TMPDIR;
    try {
      const inMemory = await build({ content: p.content, locales: p.locales, now: NOW });
      expect(inMemory.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      await publish(inMemory.documents, path.join(p.dir, 'out-memory'));
      process.env.TMPDIR = tmp;
      const spilled = await build({ content: p.content, locales: p.locales, now: NOW, textsInMemory: 0 });
      // The file was unlinked as soon as it was opened: the temporary folder is empty already.
      expect(readdirSync(tmp)).to.deep.equal([]);
      expect(spilled.documents.map((d) => [d.path, d.digest])).to.deep.equal(inMemory.documents.map((d) => [d.path, d.digest]));
      await publish(spilled.documents, path.join(p.dir, 'out-file'));
      const a = bytesOf(path.join(p.dir, 'out-memory'));
      expect(a.size).to.be.greaterThan(500);
      expect(bytesOf(path.join(p.dir, 'out-file'))).to.deep.equal(a);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(tmp, { recursive: true, force: true });
      p.remove();
    }
  });

  it('a text store keeps texts up to its budget in memory, the rest in its file, and reads each back whole', function () {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-store-'));
    try {
      const store = textStore(10, tmp);
      const texts = ['short', 'Заголовок · عنوان · სათაური', '', 'x'.repeat(100_000), '\u{1F600}\uFEFF<&>'];
      const reads = texts.map((t) => store.put(t));
      expect(readdirSync(tmp)).to.deep.equal([]);
      expect(reads.map((r) => r())).to.deep.equal(texts);
      expect(store.held.memory).to.equal(5);
      expect(store.held.file).to.equal(texts.slice(1).reduce((n, t) => n + Buffer.byteLength(t), 0));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('rendered bodies are held while a plan that shows them is being made, and let go after the last', async function () {
    const p = tempProject({ sampleContent: true });
    try {
      const { project } = await loadProject({ content: p.content, locales: p.locales });
      const [a, b] = project!.content.articles.flatMap((x) => [...x.versions.values()]);
      const bodies = renderBodies(inlineJobs);
      expect(await bodies.hold([a!, b!])).to.deep.equal([]);
      expect(await bodies.hold([a!])).to.deep.equal([]);
      expect([...bodies.rendered.keys()]).to.have.members([a, b]);
      expect(bodies.rendered.get(a!)!.html).to.match(/<p>/);
      bodies.release([a!, b!]);
      expect([...bodies.rendered.keys()]).to.deep.equal([a]);
      bodies.release([a!]);
      expect(bodies.rendered.size).to.equal(0);
    } finally {
      p.remove();
    }
  });

  it('a job too large for a worker\'s heap runs in this thread, with the same result', async function () {
    const markdown = Array.from({ length: 20_000 }, (_, i) => `Paragraph ${i} with *emphasis* and a [link](https://example.org/${i}).`).join('\n\n');
    const here = await inlineJobs.run('render', { markdown, base: 'https://example.org/a/' });
    const jobs = workerJobs(1, { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 });
    try {
      // Until its worker has started, the pool runs jobs in this thread: wait, so that this one goes to the worker.
      await jobs.ready;
      const there = await jobs.run('render', { markdown, base: 'https://example.org/a/' });
      expect(there).to.deep.equal(here);
      // It did not fit: the worker stopped, and the job ran in this thread.
      expect(jobs.stopped).to.equal(1);
      // The pool goes on (in this thread, its worker gone).
      expect(await jobs.run('render', { markdown: 'Hello *world*', base: 'https://example.org/a/' })).to.deep.equal(await inlineJobs.run('render', { markdown: 'Hello *world*', base: 'https://example.org/a/' }));
    } finally {
      await jobs.close();
    }
  });
});
