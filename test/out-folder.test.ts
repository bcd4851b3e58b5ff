/**
 * The output folder must be a folder of its own: never `/`, the content folder or a folder
 * inside it, the locales or partners folder, a folder that holds the content (such as the current folder
 * of a project). Refused before anything is read or written: exit 1, a rule id, no stack.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { polyfeed } from './support/cli.js';
import { article, snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { ruleIds } from './support/publish.js';
import { expectNoStackTrace } from './support/stderr.js';

const NOW = '2026-06-01T00:00:00Z';

describe('refused output folders: nothing is written', function () {
  this.timeout(120_000);
  let p: TempProject;
  before(function () {
    p = tempProject();
    p.write('story/en.md', article({ title: 'A story' }));
    symlinkSync('content', path.join(p.dir, 'content-link'));
  });
  after(() => p?.remove());

  const CASES: [string, string][] = [
    ['content', 'out-inside-content'],
    ['content/', 'out-inside-content'],
    ['content/story', 'out-inside-content'],
    ['content/story/feeds', 'out-inside-content'],
    ['content-link', 'out-inside-content'],
    ['/', 'out-is-root'],
    ['.', 'out-contains-content'],
    ['..', 'out-contains-content'],
    ['locales', 'out-inside-locales'],
    ['locales/en', 'out-inside-locales'],
    // The agreements' folder, beside content/ by default, whether or not it exists.
    ['partners', 'out-inside-partners'],
    ['partners/acme', 'out-inside-partners'],
  ];
  for (const [out, ruleId] of CASES) {
    it(`--out ${out}: exit 1 [${ruleId}], and the project is byte for byte as before`, function () {
      const before = snapshot(p.dir, { state: true });
      const rootBefore = readdirSync('/').sort();
      const r = polyfeed(['build', '--out', out, '--now', NOW], { cwd: p.dir });
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stdout).to.equal('');
      expectNoStackTrace(r.stderr);
      expect(ruleIds(r.stderr), r.stderr).to.deep.equal([ruleId]);
      const after = snapshot(p.dir, { state: true });
      expect([...after.keys()].sort()).to.deep.equal([...before.keys()].sort());
      for (const [f, { bytes, mtimeMs }] of before) {
        expect(after.get(f)!.bytes.equals(bytes), f).to.equal(true);
        expect(after.get(f)!.mtimeMs, f).to.equal(mtimeMs);
      }
      expect(readdirSync('/').sort(), 'nothing written into /').to.deep.equal(rootBefore);
      expect(existsSync(path.join(p.content, 'story', 'feeds'))).to.equal(false);
    });
  }

  it('--out out and --out site/feeds (folders of their own) are fine', function () {
    for (const out of ['out', 'site/feeds']) {
      const r = polyfeed(['build', '--out', out, '--now', NOW], { cwd: p.dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(existsSync(path.join(p.dir, out, 'en', 'rss.xml')), out).to.equal(true);
    }
  });
});
