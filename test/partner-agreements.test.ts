/**
 * Syndication agreements: every bad field gets an error with its file, line, column, rule id
 * and a hint (nothing is published then); and what a good agreement says — locales,
 * categories, limit, maxAge, formats, media, rule presets — is what its feeds do.
 */
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuiltDocument } from '../src/index.js';
import { polyfeed } from './support/cli.js';
import { article, smallLocales, snapshot, tempProject } from './support/fixtures.js';
import { expectPrinted, expectNoStackTrace } from './support/stderr.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const GOOD = 'name: Acme News\nlocales: [en, ru]\n';

describe('partner agreements', function () {
  const locales = smallLocales(['en', 'ru', 'ky']);
  const story = { path: 'story/en.md', text: article({ categories: '[kyrgyzstan]', date: '2026-05-30T10:00:00+02:00' }) };
  const run = (agreement: string, files = [story], name = 'acme.yaml') =>
    build({ files, locales, now: NOW, partnerFiles: [{ path: name, text: agreement }] });

  describe('bad agreements: an error with file, line, column and rule id, and no documents', function () {
    const cases: [string, string, string[], RegExp][] = [
      ['an unknown field, with the nearest name', `${GOOD}categroies: [kyrgyzstan]\n`, ['partners/acme.yaml:3:1 partner-unknown-field'], /Did you mean "categories"\?/],
      ['an unknown locale', 'name: Acme\nlocales: [en, kz, uz_Latn]\n', ['partners/acme.yaml:2:15 partner-locale', 'partners/acme.yaml:2:19 partner-locale'], /Locales: en, ru, ky, or all/],
      ['an unknown category', `${GOOD}categories:\n  include: [kyrgyzstn]\n  exclude: [opinion]\n`, ['partners/acme.yaml:4:13 partner-category', 'partners/acme.yaml:5:13 partner-category'], /Did you mean "kyrgyzstan"\?/],
      ['an unknown preset', `${GOOD}rules: [msn, flipbord, yahoo]\n`, ['partners/acme.yaml:3:14 partner-preset', 'partners/acme.yaml:3:24 partner-preset'], /Did you mean "flipboard"\?/],
      ['a limit of 0', `${GOOD}limit: 0\n`, ['partners/acme.yaml:3:8 partner-limit'], /whole number above 0, not 0/],
      ['a limit that is a fraction', `${GOOD}limit: 2.5\n`, ['partners/acme.yaml:3:8 partner-limit'], /not 2\.5/],
      ['a limit that is text', `${GOOD}limit: ten\n`, ['partners/acme.yaml:3:8 partner-limit'], /not "ten"/],
      ['a maxAge that is no duration', `${GOOD}maxAge: a week\n`, ['partners/acme.yaml:3:9 partner-max-age'], /must be a duration such as 7d, not "a week"/],
      ['a maxAge that is a bare number', `${GOOD}maxAge: 7\n`, ['partners/acme.yaml:3:9 partner-max-age'], /not 7/],
      ['content that is neither full nor excerpt', `${GOOD}content: excerpts\n`, ['partners/acme.yaml:3:10 partner-field'], /must be full or excerpt, not "excerpts"[^]*Did you mean "excerpt"\?/],
      ['an unknown format', `${GOOD}formats: [rss, atom1]\n`, ['partners/acme.yaml:3:16 partner-field'], /Did you mean "atom"\?/],
      ['no name and no locales', 'media: none\n', ['partners/acme.yaml:1:1 partner-field', 'partners/acme.yaml:1:1 partner-field'], /no "name"/],
      ['invalid YAML', 'name: [Acme\nlocales: all\n', ['partners/acme.yaml:1:7 partner-yaml'], /never closed/],
      ['takedownDays that is negative', `${GOOD}takedownDays: -1\n`, ['partners/acme.yaml:3:15 partner-field'], /whole number of days/],
      ['links that are no parameters', `${GOOD}links: [utm_source]\n`, ['partners/acme.yaml:3:8 partner-field'], /query parameters/],
    ];
    for (const [what, text, expected, message] of cases) {
      it(what, async function () {
        const r = await run(text);
        expect(r.documents).to.deep.equal([]);
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`)).to.deep.equal(expected);
        expect(errors.map((d) => `${d.reason}\n${d.hint ?? ''}`).join('\n')).to.match(message);
        for (const d of errors) expect(d.hint, d.reason).to.be.a('string').and.not.equal('');
      });
    }

    it('a file name that is no slug, and a stray file, are named', async function () {
      const r = await build({ files: [story], locales, now: NOW, partnerFiles: [{ path: 'Acme News.yaml', text: GOOD }] });
      expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.ruleId])).to.deep.equal([['partners/Acme News.yaml', 'partner-id']]);
      const p = tempProject();
      try {
        mkdirSync(p.partners);
        writeFileSync(path.join(p.partners, 'acme.yml'), GOOD);
        p.write('story/en.md', story.text);
        const cli = polyfeed(['build', '--content', p.content, '--locales', locales, '--partners', p.partners, '--out', p.out, '--now', NOW.toISOString()]);
        expect(cli.code, cli.stderr).to.equal(0);
        expect(cli.stderr).to.include(`${path.join(p.partners, 'acme.yml')}: warning: is not an agreement (<partner-id>.yaml), so it is not read [partner-stray-file]`);
        expect(cli.stderr).to.include('Rename it to acme.yaml.');
      } finally {
        p.remove();
      }
    });

    it('the CLI prints each with the source line and a caret, and out/ is left exactly as it was', function () {
      const p = tempProject();
      try {
        p.write('story/en.md', story.text);
        mkdirSync(p.partners);
        const file = path.join(p.partners, 'acme.yaml');
        writeFileSync(file, GOOD);
        const args = ['build', '--content', p.content, '--locales', locales, '--partners', p.partners, '--out', p.out, '--now', NOW.toISOString()];
        expect(polyfeed(args).code).to.equal(0);
        const before = snapshot(p.out);
        expect([...before.keys()]).to.include(path.join('partners', 'acme', 'en', 'rss.xml'));
        writeFileSync(file, `${GOOD}limit: -5\nmaxAge: soon\nrules: [msm]\nlocales_: all\n`);
        const r = polyfeed(args);
        expect(r.code).to.equal(1);
        expectNoStackTrace(r.stderr);
        expectPrinted(r.stderr, { file, line: 3, column: 8, rule: 'partner-limit', message: '"limit" must be a whole number above 0, not -5', hint: 'limit: 20' });
        expectPrinted(r.stderr, { file, line: 4, column: 9, rule: 'partner-max-age', message: '"maxAge" must be a duration such as 7d, not "soon"', hint: 'm (minutes), h (hours), d (days), w (weeks)' });
        expectPrinted(r.stderr, { file, line: 5, column: 9, rule: 'partner-preset', message: '"msm" is not a rule preset', hint: 'Did you mean "msn"?' });
        expectPrinted(r.stderr, { file, line: 6, column: 1, rule: 'partner-unknown-field', message: 'unknown agreement field "locales_"', hint: 'Did you mean "locales"?' });
        expect(r.stderr).to.include('  3 | limit: -5\n             ^\n');
        expect(r.stderr).to.match(/nothing was published/);
        const after = snapshot(p.out);
        expect([...after.keys()]).to.deep.equal([...before.keys()]);
        for (const [k, v] of before) {
          expect(after.get(k)!.bytes.equals(v.bytes), k).to.equal(true);
          expect(after.get(k)!.mtimeMs, k).to.equal(v.mtimeMs);
        }
      } finally {
        p.remove();
      }
    });

    it('no agreements folder: no partner feeds and no message', async function () {
      const p = tempProject();
      try {
        p.write('story/en.md', story.text);
        const r = polyfeed(['build', '--content', p.content, '--locales', locales, '--partners', p.partners, '--out', p.out, '--now', NOW.toISOString()]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stderr).not.to.match(/partner/);
        // The public documents only (feeds, category feeds, pages, OPML, style sheets, _headers).
        expect([...snapshot(p.out).keys()].filter((k) => k.startsWith('partners'))).to.deep.equal([]);
        expect(snapshot(p.out).size).to.equal(25);
      } finally {
        p.remove();
      }
    });
  });

  describe('what an agreement says is what its feeds do', function () {
    const partnerDocs = (docs: BuiltDocument[]) => docs.filter((d) => d.audience === 'partner');
    const itemIds = (docs: BuiltDocument[], where: string) =>
      (JSON.parse(docs.find((d) => d.path === `partners/acme/${where}/feed.json`)!.text) as { items: { id: string }[] }).items.map((i) => i.id.split('/').slice(-2, -1)[0]);
    const many = (n: number, extra: (i: number) => Record<string, string> = () => ({})) =>
      Array.from({ length: n }, (_, i) => ({
        path: `story-${String(i).padStart(2, '0')}/en.md`,
        text: article({ title: `Story number ${i} of the day's news`, date: `2026-05-${String(1 + i).padStart(2, '0')}T10:00:00+02:00`, authors: '[RFE/RL]', categories: '[kyrgyzstan]', ...extra(i) }),
      }));

    it('locales, formats: only the documents named; the rows say they are partner documents', async function () {
      const r = await run('name: Acme\nlocales: [ru, en]\nformats: [rss, json]\n', [story, { path: 'story/ru.md', text: '---\ntitle: Заголовок\ntranslationOf: en\n---\n\nТекст.\n' }]);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      expect(partnerDocs(r.documents).map((d) => [d.path, d.kind, d.partner])).to.deep.equal([
        ['partners/acme/en/rss.xml', 'partner-rss', 'acme'], ['partners/acme/en/feed.json', 'partner-json', 'acme'],
        ['partners/acme/ru/rss.xml', 'partner-rss', 'acme'], ['partners/acme/ru/feed.json', 'partner-json', 'acme'],
      ]);
    });

    it('categories include and exclude, limit and maxAge choose the items', async function () {
      const files = [
        ...many(6),
        { path: 'other/en.md', text: article({ categories: '[russia]', date: '2026-05-31T10:00:00+02:00' }) },
        { path: 'mixed/en.md', text: article({ categories: '[kyrgyzstan, opinion]', date: '2026-05-31T11:00:00+02:00' }) },
      ];
      const r = await run('name: Acme\nlocales: [en]\ncategories:\n  include: [kyrgyzstan]\n  exclude: [opinion]\nlimit: 3\nmaxAge: 5w\n', files);
      expect(itemIds(r.documents, 'en')).to.deep.equal(['story-05', 'story-04', 'story-03']);
      const aged = await run('name: Acme\nlocales: [en]\nmaxAge: 29d\n', files);
      // 2026-06-01T12:00Z minus 29 days is 2026-05-03T12:00Z: story-00 … story-02 (05-03T08:00Z) are too old.
      expect(itemIds(aged.documents, 'en')).to.deep.equal(['mixed', 'other', 'story-05', 'story-04', 'story-03']);
    });

    it('media: all sends every image; cleared drops an uncleared inline image from the body too; none sends no image', async function () {
      const body = 'Text.\n\n![A cleared photo](https://img.example.org/lead.jpg)\n\n![An agency photo](https://img.example.org/agency.jpg)\n';
      const text = `---\ntitle: A story with pictures\ndate: 2026-05-30T10:00:00+02:00\nimage:\n  url: https://img.example.org/lead.jpg\n  syndication: true\n  width: 1200\n---\n\n${body}`;
      const doc = async (media: string) => partnerDocs((await run(`name: Acme\nlocales: [en]\nmedia: ${media}\ncontent: full\n`, [{ path: 'pics/en.md', text }])).documents).map((d) => d.text).join('\n');
      const all = await doc('all');
      expect(all).to.include('agency.jpg').and.include('lead.jpg');
      const cleared = await doc('cleared');
      expect(cleared).not.to.include('agency.jpg');
      expect(cleared).to.include('lead.jpg');
      const none = await doc('none');
      expect(none).not.to.include('img.example.org');
      expect(none).to.include('Text.');
    });

    it('a rule a feed cannot meet is one warning for the agreement; an item rule names the file, field, line and column', async function () {
      const files = many(12, (i): Record<string, string> => (i === 3 ? { title: 'Too short' } : {}));
      const r = await run('name: Acme\nlocales: [en, ru]\ncontent: full\nrules: [flipboard, msn]\n', files);
      const count = r.diagnostics.filter((d) => d.ruleId === 'partner-flipboard-item-count');
      expect(count).to.have.length(1);
      expect(count[0]!).to.deep.include({ severity: 'warning', file: 'partners/acme.yaml', line: 4, column: 9 });
      expect(count[0]!.reason).to.equal('partner "acme": Flipboard asks for at least 30 items per feed — in 2 of its feeds en (12 items), ru (0 items)');
      const title = r.diagnostics.filter((d) => d.ruleId === 'partner-msn-title-length');
      expect(title.map((d) => [d.file, d.line, d.column, d.severity])).to.deep.equal([['content/story-03/en.md', 2, 1, 'warning']]);
      expect(title[0]!.reason).to.equal('partner "acme": "title" has 9 characters; MSN asks for 20–150 — in its feed en');
      // Twelve items without images: one message each (their files differ), not one per feed and format.
      expect(r.diagnostics.filter((d) => d.ruleId === 'partner-flipboard-image')).to.have.length(12);
      const strict = await build({ files, locales, now: NOW, strict: true, partnerFiles: [{ path: 'acme.yaml', text: 'name: Acme\nlocales: [en]\nrules: [apple-news]\n' }] });
      expect(strict.documents).to.deep.equal([]);
      expect(strict.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId)).to.include.members(['partner-apple-news-excerpt']);
    });
  });

  describe('the last build is reused only while the clock changes no partner feed', function () {
    it('maxAge: a warm build after the story has aged out of the agreement drops it, though no file changed', async function () {
      const p = tempProject();
      try {
        const at = (d: Date) => build({ files: [story], locales, now: d, cacheDir: path.join(p.dir, 'cache'), partnerFiles: [{ path: 'acme.yaml', text: `${GOOD}maxAge: 3d\n` }] });
        const ids = (r: Awaited<ReturnType<typeof at>>) =>
          (JSON.parse(r.documents.find((d) => d.path === 'partners/acme/en/feed.json')!.text) as { items: { id: string }[] }).items.map((i) => i.id);
        // The story (30 May, 08:00 UTC) is 2 days old on 1 June, 4 days old on 3 June.
        expect(ids(await at(NOW))).to.have.length(1);
        expect(ids(await at(NOW)), 'the same clock: the same feed').to.have.length(1);
        const later = await at(new Date(NOW.getTime() + 2 * 86_400_000));
        expect(ids(later)).to.deep.equal([]);
        // The public feed still has it: only the agreement's window moved.
        expect((JSON.parse(later.documents.find((d) => d.path === 'en/feed.json')!.text) as { items: unknown[] }).items).to.have.length(1);
      } finally {
        p.remove();
      }
    });
  });
});
