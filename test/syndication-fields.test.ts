/**
 * The front matter fields for syndication — image credit, license, syndication, width,
 * height; rights; syndication; expires; withdrawn; corrections — each checked where it is
 * written, with its rule id, and inherited by translations unless they give their own.
 */
import { expect } from 'chai';
import { build } from '../src/index.js';
import { contentHash, parseContentText } from '../src/content/frontmatter.js';
import { smallLocales } from './support/fixtures.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DATE = 'date: 2026-05-01T10:00:00+02:00';

describe('syndication fields in front matter', function () {
  const locales = smallLocales(['en', 'ky']);
  const run = (files: { path: string; text: string }[], agreement?: string) =>
    build({ files, locales, now: NOW, ...(agreement ? { partnerFiles: [{ path: 'acme.yaml', text: agreement }] } : {}) });
  const errors = async (frontMatter: string) =>
    (await run([{ path: 'story/en.md', text: `---\ntitle: A title\n${DATE}\n${frontMatter}\n---\n\nBody.\n` }]))
      .diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.ruleId}`);

  const cases: [string, string, string[]][] = [
    ['image width 0', 'image:\n  url: https://x.example/a.jpg\n  width: 0', ['6:10 fm-image']],
    ['image height that is text', 'image:\n  url: https://x.example/a.jpg\n  height: tall', ['6:11 fm-image']],
    ['image syndication that is no boolean', 'image:\n  url: https://x.example/a.jpg\n  syndication: yes', ['6:16 fm-syndication']],
    ['image license that is no http(s) URL', 'image:\n  url: https://x.example/a.jpg\n  license: ftp://x.example/l', ['6:12 url-invalid']],
    ['image credit that is a list', 'image:\n  url: https://x.example/a.jpg\n  credit: [a, b]', ['6:11 fm-image']],
    ['an unknown image field', 'image:\n  url: https://x.example/a.jpg\n  credits: RFE/RL', ['6:3 fm-unknown-field']],
    ['rights that are a number', 'rights: 5', ['4:9 fm-rights']],
    ['an unknown rights field', 'rights:\n  txt: © RFE/RL', ['5:3 fm-unknown-field']],
    ['a rights license that is not absolute', 'rights:\n  license: /terms', ['5:12 url-invalid']],
    ['syndication that is no boolean', 'syndication: no thanks', ['4:14 fm-syndication']],
    ['expires that is no date', 'expires: tomorrow', ['4:10 date-invalid']],
    ['expires without an offset', 'expires: 2026-07-01T10:00:00', ['4:10 date-no-offset']],
    ['expires before date', 'expires: 2026-04-01T10:00:00+02:00', ['4:10 fm-expires']],
    ['withdrawn: true (no reason)', 'withdrawn: true', ['4:12 fm-withdrawn']],
    ['withdrawn without a date and without updated', 'withdrawn: Legal request', ['4:1 fm-withdrawn']],
    ['withdrawn with a bad date', 'withdrawn:\n  reason: Legal\n  date: soon', ['6:9 date-invalid']],
    ['withdrawn before the article', 'withdrawn:\n  reason: Legal\n  date: 2026-04-01T00:00:00Z', ['6:9 fm-withdrawn']],
    ['corrections that are text', 'corrections: fixed a typo', ['4:14 fm-corrections']],
    ['a correction without a text', 'corrections:\n  - date: 2026-05-02T10:00:00+02:00', ['5:5 fm-corrections']],
    ['a correction with an unknown field', 'corrections:\n  - date: 2026-05-02T10:00:00+02:00\n    txt: Fixed.', ['5:5 fm-corrections', '6:5 fm-unknown-field']],
    ['a correction dated without an offset', 'corrections:\n  - date: 2026-05-02T10:00:00\n    text: Fixed.', ['5:11 date-no-offset']],
    ['a correction before the article', 'corrections:\n  - date: 2026-04-02T10:00:00+02:00\n    text: Fixed.', ['5:11 fm-corrections']],
  ];
  for (const [what, fm, expected] of cases) {
    it(`${what}: ${expected.join(', ')}`, async function () {
      expect(await errors(fm)).to.deep.equal(expected);
    });
  }

  it('good fields are accepted', async function () {
    expect(await errors([
      'image:\n  url: https://x.example/a.jpg\n  credit: Jane Doe/RFE/RL\n  license: https://creativecommons.org/licenses/by/4.0/\n  syndication: true\n  width: 1200\n  height: 800',
      'rights: { text: "© RFE/RL", license: "https://x.example/terms" }',
      'syndication: true',
      'expires: 2026-12-31T23:59:00+06:00',
      'updated: 2026-05-03T10:00:00+02:00',
      'corrections:\n  - date: 2026-05-02T10:00:00+02:00\n    text: Fixed a name.',
    ].join('\n'))).to.deep.equal([]);
  });

  describe('translations inherit what they do not give, and may give their own', function () {
    const EN = `---\ntitle: Original title for partners\n${DATE}\nauthors: [RFE/RL]\nsyndication: false\nrights:\n  text: © RFE/RL\n  license: https://x.example/terms\ncorrections:\n  - date: 2026-05-02T10:00:00+02:00\n    text: An English correction.\n---\n\nBody.\n`;
    const hash = () => {
      const p = parseContentText(EN, 'en.md');
      return contentHash(p.fm!.title!, p.fm!.summary, EN.slice(p.bodyIndex));
    };
    const KY = (extra: string) => `---\ntitle: Кыргызча аталыш\ntranslationOf: en\nsourceHash: "${hash()}"\n${extra}---\n\nТекст.\n`;
    const agreement = 'name: Acme\nlocales: [en, ky]\ncontent: full\n';
    const partnerItems = (docs: { path: string; text: string }[], tag: string) =>
      (JSON.parse(docs.find((d) => d.path === `partners/acme/${tag}/feed.json`)!.text) as { items: { id: string; content_html: string; _polyfeed: { rights: unknown } }[] }).items;

    it('syndication: false in the original keeps every version out; a translation may say true', async function () {
      const inherited = await run([{ path: 's/en.md', text: EN }, { path: 's/ky.md', text: KY('') }], agreement);
      expect(partnerItems(inherited.documents, 'en')).to.deep.equal([]);
      expect(partnerItems(inherited.documents, 'ky')).to.deep.equal([]);
      const own = await run([{ path: 's/en.md', text: EN }, { path: 's/ky.md', text: KY('syndication: true\nrights:\n  text: © Азаттык\ncorrections:\n  - date: 2026-05-02T10:00:00+02:00\n    text: Кыргызча оңдоо.\n') }], agreement);
      const [item] = partnerItems(own.documents, 'ky');
      expect(item!._polyfeed.rights).to.deep.equal({ text: '© Азаттык', license: 'https://x.example/terms' });
      expect(item!.content_html).to.include('Кыргызча оңдоо.').and.not.include('An English correction.');
      expect(item!.content_html).to.match(/^<div lang="ky" dir="ltr"><p class="polyfeed-correction"><strong>Оңдоо \(2026-ж., 2-май\):<\/strong> Кыргызча оңдоо\.<\/p>/);
    });

    it('expires in the original applies to its translations', async function () {
      const en = EN.replace('syndication: false\n', 'expires: 2026-05-20T00:00:00Z\n');
      const p = parseContentText(en, 'en.md');
      const ky = KY('').replace(/sourceHash: "[0-9a-f]+"/, `sourceHash: "${contentHash(p.fm!.title!, p.fm!.summary, en.slice(p.bodyIndex))}"`);
      const r = await run([{ path: 's/en.md', text: en }, { path: 's/ky.md', text: ky }], `${agreement}takedownDays: 30\n`);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      const pub = (tag: string) => (JSON.parse(r.documents.find((d) => d.path === `${tag}/feed.json`)!.text) as { items: unknown[] }).items;
      expect(pub('en')).to.deep.equal([]);
      expect(pub('ky')).to.deep.equal([]);
      // Expired 12 days before the build: a takedown while the agreement's 30 days last.
      expect(partnerItems(r.documents, 'ky').map((i) => i.id)).to.deep.equal(['tag:example.org,2026:articles/s/ky']);
      expect(partnerItems(r.documents, 'ky')[0]!.content_html).to.include('polyfeed-takedown');
    });
  });
});
