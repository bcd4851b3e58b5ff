/** Nothing in the content or the output folder can make polyfeed write outside out/. */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outputFile } from '../src/publish/paths.js';
import { OUTPUTS, outputPath } from '../src/outputs.js';

const feedPath = (locale: string, kind: string) => outputPath(OUTPUTS.find((k) => k.name === kind)!, { locale });
import { polyfeed } from './support/cli.js';
import { article, snapshot, tempProject, type TempProject } from './support/fixtures.js';

describe('output paths are confined to out/', function () {
  it('only registry-shaped locale tags become path segments', function () {
    expect(feedPath('uz-Latn', 'rss')).to.equal('uz-Latn/rss.xml');
    expect(feedPath('fa-AF', 'json')).to.equal('fa-AF/feed.json');
    for (const bad of ['..', '../x', 'a/b', 'a\\b', '', '.', 'x/../..', '/etc']) {
      expect(() => feedPath(bad, 'atom'), bad).to.throw(/not a safe path segment/);
    }
    for (const bad of ['..', '../x', '', '.', 'x/../..', '/etc', 'a\\b']) {
      expect(() => outputFile('/tmp/out', `${bad}/atom.xml`), bad).to.throw();
    }
  });

  describe('a locale folder in out/ that is a symbolic link to elsewhere', function () {
    let p: TempProject;
    let outside: string;
    before(function () {
      p = tempProject();
      p.write('story/en.md', article({}));
      outside = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-outside-'));
      writeFileSync(path.join(outside, 'keep.txt'), 'keep');
      mkdirSync(p.out);
      symlinkSync(outside, path.join(p.out, 'en'));
    });
    after(() => p.remove());

    it('is refused before any file moves: exit 1, a message naming it, nothing written there', function () {
      const before = snapshot(p.out);
      const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include(`${path.join(p.out, 'en')}: error: leads outside ${p.out} (to ${outside}); refusing to write there`);
      expect(r.stderr).not.to.match(/^\s+at /m);
      expect(readdirSync(outside)).to.deep.equal(['keep.txt']);
      expect(readdirSync(p.out)).to.deep.equal(['en']);
      expect(snapshot(p.out)).to.deep.equal(before);
      expect(readdirSync(path.dirname(p.out)).filter((n) => n.includes('polyfeed-staging'))).to.deep.equal([]);
    });
  });
});

describe('very long titles and a 5 MB body', function () {
  let p: TempProject;
  before(() => {
    p = tempProject();
  });
  after(() => p.remove());

  it('build into valid feeds that carry the whole title and the end of the body', function () {
    this.timeout(120_000);
    const title = `${'Kyrgyzstan «Азаттык» فارسی 👩🏽‍💻 '.repeat(400)}end`;
    const paragraph = 'Askarov, an ethnic Uzbek, was convicted following interethnic clashes in southern Kyrgyzstan in June 2010. ';
    const body = `${Array.from({ length: Math.ceil(5_000_000 / (paragraph.length * 10 + 2)) }, () => paragraph.repeat(10)).join('\n\n')}\n\nTHE-END-MARKER\n`;
    expect(body.length).to.be.greaterThan(5_000_000);
    p.write('story/en.md', article({ title: JSON.stringify(title) }, body));
    const r = polyfeed(['build', '--no-cache', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);
    expect(r.code, r.stderr).to.equal(0);
    const v = polyfeed(['validate', p.out, '--locales', p.locales]);
    expect(v.code, v.stderr).to.equal(0);
    expect(v.stdout).to.match(/178 documents checked .* 178 valid, 0 with errors/);
    const json = JSON.parse(readFileSync(path.join(p.out, 'en', 'feed.json'), 'utf8'));
    expect(json.items[0].title).to.equal(title);
    expect(json.items[0].content_html).to.include('<p>THE-END-MARKER</p>');
  });
});
