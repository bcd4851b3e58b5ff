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
