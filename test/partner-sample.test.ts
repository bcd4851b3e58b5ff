/**
 * The sample agreements (partners/baltic-aggregator.yaml, partners/full-text-portal.yaml) built
 * by the real CLI on the sample content, read back with independent parsers (saxes, feedsmith,
 * JSON.parse) and checked against what the agreements and the front matter say.
 */
import { expect } from 'chai';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { polyfeed, ROOT } from './support/cli.js';
import { snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { readOut, xmlElements, type OutFeeds } from './support/parse.js';

const NOW = '2026-11-27T12:00:00Z';
const SEED = 'kyrgyzstan-ends-us-cooperation-agreement';
const NOTICE = 'rferl-declared-undesirable-in-russia';
const GUIDE = 'reading-rferl-when-blocked';
const UNCLEARED = 'https://gdb.rferl.org/azimjon-askarov-undated.jpg';
const CLEARED = 'https://gdb.rferl.org/reading-rferl-when-blocked.png';
const REGISTRY_TAGS = 'en ru uk be ky kk uz-Latn uz-Cyrl tg tk tt ba ce av crh az hy ka fa fa-AF ps sq bs sr-Latn mk cnr ro-MD bg hu'.split(' ');

const strings = (tag: string) => JSON.parse(readFileSync(path.join(ROOT, 'locales', tag, 'partners.json'), 'utf8')) as Record<string, string>;
type Extension = { attribution?: string; excerpt?: boolean; rights: { text: string; license?: string }; translations: { url: string }[] };
/** `_polyfeed` of each item, from the raw JSON (feedsmith keeps only JSON Feed's own fields). */
const extensions = (f: OutFeeds) => (JSON.parse(f.jsonText) as { items: { _polyfeed: Extension }[] }).items.map((i) => i._polyfeed);
const feedStrings = (tag: string) => JSON.parse(readFileSync(path.join(ROOT, 'locales', tag, 'feed.json'), 'utf8')) as Record<string, string>;

describe('partner feeds of the sample agreements', function () {
  let project: TempProject;
  let stderr: string;
  const partnerDir = (id: string) => path.join(project.out, 'partners', id);
  const read = (id: string, tag: string): OutFeeds => readOut(partnerDir(id), tag);
  const allText = (id: string) => readdirSync(partnerDir(id)).flatMap((tag) =>
    ['rss.xml', 'atom.xml', 'feed.json'].map((f) => readFileSync(path.join(partnerDir(id), tag, f), 'utf8')));

  before(function () {
    project = tempProject({ sampleContent: true });
    cpSync(path.join(ROOT, 'partners'), project.partners, { recursive: true });
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', project.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    stderr = r.stderr;
    expect(r.stdout).to.match(/^polyfeed: 730 documents \(546 feeds for 29 locales and 93 for 2 partners\) in /);
  });
  after(() => project.remove());

  it('writes out/partners/<partner-id>/<locale>/{rss.xml,atom.xml,feed.json} for the agreements\' locales only', function () {
    expect(readdirSync(path.join(project.out, 'partners')).sort()).to.deep.equal(['baltic-aggregator', 'full-text-portal']);
    expect(readdirSync(partnerDir('baltic-aggregator')).sort()).to.deep.equal(['ky', 'ru']);
    expect(readdirSync(partnerDir('full-text-portal')).sort()).to.deep.equal([...REGISTRY_TAGS].sort());
    for (const id of ['baltic-aggregator', 'full-text-portal']) {
      for (const tag of readdirSync(partnerDir(id))) expect(readdirSync(path.join(partnerDir(id), tag)).sort()).to.deep.equal(['atom.xml', 'feed.json', 'rss.xml']);
    }
  });

  it('public feeds are the same bytes with or without agreements', function () {
    const other = path.join(project.dir, 'out-without-partners');
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', path.join(project.dir, 'none'), '--out', other, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    const without = snapshot(other);
    const withPartners = snapshot(project.out);
    expect([...without.keys()].sort()).to.deep.equal([...withPartners.keys()].filter((k) => !k.startsWith('partners')).sort());
    // _headers describes every file, the partners' too; every other document is the same.
    for (const [k, v] of without) if (k !== '_headers') expect(withPartners.get(k)!.bytes.equals(v.bytes), k).to.equal(true);
  });

  it('every partner feed is its own document: own Atom id and self links, the public feeds\' item ids', function () {
    for (const [id, tag] of [['baltic-aggregator', 'ky'], ['full-text-portal', 'ru'], ['full-text-portal', 'fa']] as const) {
      const f = read(id, tag);
      const base = `https://feeds.example.org/rferl/partners/${id}/${tag}/`;
      expect(f.atom.id).to.equal(`tag:example.org,2026:feeds/partners/${id}/${tag}`);
      expect(f.atom.links!.find((l) => l.rel === 'self')!.href).to.equal(`${base}atom.xml`);
      expect(xmlElements(f.rssText, 'atom:link').find((l) => l.attributes.rel === 'self')!.attributes.href).to.equal(`${base}rss.xml`);
      expect(f.json.feed_url).to.equal(`${base}feed.json`);
      const publicIds = new Set(readOut(project.out, tag).json.items!.map((i) => i.id));
      expect(f.json.items!.length).to.be.greaterThan(0);
      for (const item of f.json.items!) expect(publicIds.has(item.id), item.id).to.equal(true);
      expect(f.rss.items!.map((i) => i.guid?.value)).to.deep.equal(f.json.items!.map((i) => i.id));
      expect(f.atom.entries!.map((e) => e.id)).to.deep.equal(f.json.items!.map((i) => i.id));
    }
  });

  it('an article with syndication: false is in no partner feed (and still in the public ones)', function () {
    for (const id of ['baltic-aggregator', 'full-text-portal']) for (const text of allText(id)) expect(text).not.to.include(`/${NOTICE}`);
    expect(readOut(project.out, 'en').json.items!.map((i) => i.id)).to.include(`tag:example.org,2026:articles/${NOTICE}/en`);
  });

  it('the attribution line is on every item, in the item\'s language', function () {
    for (const [id, tags] of [['baltic-aggregator', ['ru', 'ky']], ['full-text-portal', REGISTRY_TAGS]] as const) {
      for (const tag of tags) {
        const f = read(id, tag);
        const line = strings(tag).attribution!;
        expect(line, tag).to.be.a('string').and.not.equal(tag === 'en' ? '' : strings('en').attribution);
        f.json.items!.forEach((item, i) => {
          expect(item.content_html, `${id}/${tag}`).to.include(`<p class="polyfeed-attribution"><em>${line}</em></p>`);
          expect(item.language).to.equal(f.json.language);
          expect(item.content_html!.startsWith(`<div lang="${item.language}"`)).to.equal(true);
          expect(extensions(f)[i]!.attribution).to.equal(line);
        });
        for (const item of f.rss.items!) expect(item.content?.encoded).to.include(line);
        for (const c of xmlElements(f.atomText, 'content')) expect(c.text).to.include(line);
      }
    }
    expect(read('baltic-aggregator', 'ky').json.items![0]!.content_html).to.include('Бул материал алгач Эркин Европа/Азаттык радиосунун Кыргыз кызматында жарыяланган.');
  });

  it('every item carries its rights in every format: dc:rights, Atom rights, _polyfeed.rights', function () {
    const f = read('full-text-portal', 'ky');
    const guide = 'Эркин Европа/Азаттык радиосу. Синдикация келишими боюнча кайра жарыяланды.';
    const rights = xmlElements(f.rssText, 'dc:rights').map((r) => r.text);
    expect(rights).to.deep.equal([`© ${guide}`, '© RFE/RL. Бардык укуктар корголгон.']);
    expect(xmlElements(f.atomText, 'rights').filter((r) => r.ancestors.includes('entry')).map((r) => r.text)).to.deep.equal(rights);
    const json = extensions(f).map((x) => x.rights);
    expect(json).to.deep.equal([{ text: `© ${guide}`, license: 'https://www.rferl.org/p/terms-of-use.html' }, { text: '© RFE/RL. Бардык укуктар корголгон.' }]);
    expect(xmlElements(f.rssText, 'atom:link').filter((l) => l.attributes.rel === 'license').map((l) => l.attributes.href)).to.deep.equal(['https://www.rferl.org/p/terms-of-use.html']);
  });

  it('tracking parameters are on every link to an article, never on ids', function () {
    for (const [id, tag, params] of [
      ['baltic-aggregator', 'ru', 'utm_source=baltic-aggregator&utm_medium=syndication'],
      ['full-text-portal', 'ky', 'utm_source=full-text-portal&utm_medium=syndication'],
    ] as const) {
      const f = read(id, tag);
      f.json.items!.forEach((item, i) => {
        expect(item.url).to.match(new RegExp(`\\.html\\?${params}$`));
        expect(item.id).not.to.include('utm_');
        for (const t of extensions(f)[i]!.translations) expect(t.url).to.include(`?${params}`);
        const hrefs = [...item.content_html!.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&#x26;/g, '&'));
        for (const href of hrefs.filter((h) => h.includes('/a/') && !h.includes('undesirable-organization-guide'))) expect(href, href).to.include(`?${params}`);
      });
      expect(f.rss.items!.map((i) => i.link)).to.deep.equal(f.json.items!.map((i) => i.url));
      for (const i of f.rss.items!) expect(i.guid!.value).not.to.include('utm_');
      for (const e of f.atom.entries!) {
        expect(e.id).not.to.include('utm_');
        for (const l of e.links!.filter((x) => x.rel === 'alternate')) expect(l.href).to.include(`?${params}`);
      }
      // The feed's own links are not article links.
      expect(f.json.home_page_url).not.to.include('utm_');
    }
    // The public feeds have none.
    expect(readFileSync(path.join(project.out, 'ru', 'rss.xml'), 'utf8')).not.to.include('utm_');
  });

  it('media: cleared — the uncleared image appears nowhere; the cleared one as Media RSS, enclosure, figure and JSON image', function () {
    for (const text of allText('full-text-portal')) expect(text).not.to.include(UNCLEARED);
    const f = read('full-text-portal', 'ru');
    const [content, ...more] = xmlElements(f.rssText, 'media:content');
    expect(more).to.deep.equal([]);
    expect(content!.attributes).to.deep.include({ url: CLEARED, type: 'image/png', medium: 'image', width: '1600', height: '900', fileSize: '184320', lang: 'ru' });
    const inside = (xml: string, name: string) => xmlElements(xml, name).filter((e) => e.ancestors.includes('media:content'));
    for (const xml of [f.rssText, f.atomText]) {
      expect(inside(xml, 'media:description').map((e) => e.text)).to.deep.equal(['Телефон с открытым приложением РСЕ/РС рядом с ноутбуком']);
      expect(inside(xml, 'media:credit').map((e) => e.text)).to.deep.equal(['RFE/RL']);
      expect(inside(xml, 'media:copyright').map((e) => [e.text, e.attributes.url])).to.deep.equal([['RFE/RL', 'https://www.rferl.org/p/terms-of-use.html']]);
      expect(inside(xml, 'dcterms:license').map((e) => e.text)).to.deep.equal(['https://www.rferl.org/p/terms-of-use.html']);
      // The thumbnail is beside media:content, in the item, where readers look for it.
      expect(inside(xml, 'media:thumbnail')).to.deep.equal([]);
      expect(xmlElements(xml, 'media:thumbnail').map((e) => e.attributes)).to.deep.equal([{ url: CLEARED, width: '1600', height: '900' }]);
    }
    expect(f.rss.items![0]!.enclosures!.map((e) => e.url)).to.deep.equal([CLEARED]);
    const guide = f.json.items![0]!;
    expect(guide.image).to.equal(CLEARED);
    expect(guide.attachments!.map((a) => a.url)).to.deep.equal([CLEARED]);
    expect(guide.content_html).to.include(`<figure class="polyfeed-lead-image"><img src="${CLEARED}" alt="Телефон с открытым приложением РСЕ/РС рядом с ноутбуком" width="1600" height="900"><figcaption>Телефон с открытым приложением РСЕ/РС рядом с ноутбуком <small class="polyfeed-credit">RFE/RL</small></figcaption></figure>`);
    const seed = f.json.items!.find((i) => i.id!.includes(SEED))!;
    expect(seed.image).to.equal(undefined);
    expect(seed.attachments).to.equal(undefined);
    // The public feeds still have the handout.
    expect(readFileSync(path.join(project.out, 'ru', 'rss.xml'), 'utf8')).to.include(UNCLEARED);
  });

  it('media: none — no image at all; content: excerpt — labelled, ending with a localized link to the full story', function () {
    for (const text of allText('baltic-aggregator')) {
      expect(text).not.to.include('gdb.rferl.org');
      expect(text).not.to.include('<media:');
    }
    for (const tag of ['ru', 'ky']) {
      const f = read('baltic-aggregator', tag);
      const s = strings(tag);
      const site = tag === 'ru' ? 'svoboda.org' : 'azattyk.org';
      f.json.items!.forEach((item, i) => {
        const html = item.content_html!;
        expect(html).to.include(`<p class="polyfeed-excerpt"><em>${s.excerpt}</em></p>`);
        const more = `<p class="polyfeed-read-more"><a href="${item.url!.replace(/&/g, '&#x26;')}">${s.readFullStory!.replace('{{site}}', site)}</a></p></div>`;
        expect(html.endsWith(more), html).to.equal(true);
        expect(extensions(f)[i]!.excerpt).to.equal(true);
        expect(html).not.to.include('polyfeed-translations');
      });
      // Only the categories of the agreement: the guide (central-asia) and the seed story (kyrgyzstan).
      expect(f.json.items!.map((i) => i.id)).to.deep.equal([GUIDE, SEED].map((a) => `tag:example.org,2026:articles/${a}/${tag}`));
    }
    // Full text elsewhere: the whole body, no excerpt label.
    const full = read('full-text-portal', 'en').json.items!.find((i) => i.id!.includes(SEED))!;
    expect(full.content_html).to.include('Askarov, an ethnic Uzbek, was convicted').and.not.include('polyfeed-excerpt');
  });

  it('a correction is shown at the top under a localized label, and moves the modified date (public feeds too)', function () {
    for (const [dir, tag] of [[partnerDir('full-text-portal'), 'ky'], [partnerDir('baltic-aggregator'), 'ky'], [project.out, 'ky'], [project.out, 'en']] as const) {
      const f = readOut(dir, tag);
      const guide = f.json.items!.find((i) => i.id!.includes(GUIDE))!;
      const label = feedStrings(tag).correction!.replace('{{date}}', tag === 'ky' ? '2026-ж., 18-ноябрь' : 'November 18, 2026');
      expect(guide.content_html!.startsWith(`<div lang="${tag}" dir="ltr"><p class="polyfeed-correction"><strong>${label}</strong> `), guide.content_html).to.equal(true);
      expect(guide.date_modified).to.equal('2026-11-18T14:00:00+06:00');
      expect(guide.date_published).to.equal('2026-11-16T09:00:00+06:00');
      expect(f.atom.entries!.find((e) => e.id!.includes(GUIDE))!.updated).to.equal('2026-11-18T14:00:00+06:00');
    }
    const dcterms = xmlElements(readFileSync(path.join(partnerDir('full-text-portal'), 'ky', 'rss.xml'), 'utf8'), 'dcterms:modified').map((e) => e.text);
    expect(dcterms).to.deep.equal(['2026-11-18T14:00:00+06:00', '2015-07-22T10:15:00+06:00']);
  });

  it('the rule presets report what a partner cannot meet once per feed-wide rule, and per article file and field', function () {
    const lines = stderr.split('\n').filter((l) => / warning: .*\[partner-/.test(l));
    const rules = lines.map((l) => /\[(partner-[a-z-]+)\]$/.exec(l)![1]);
    expect(rules.filter((r) => r === 'partner-flipboard-item-count')).to.have.length(1);
    const count = lines.find((l) => l.includes('[partner-flipboard-item-count]'))!;
    expect(count).to.match(/^.*partners\/full-text-portal\.yaml:\d+:\d+: warning: partner "full-text-portal": Flipboard asks for at least 30 items per feed — in 29 of its feeds en \(2 items\), ru \(2 items\), uk \(1 item\)/);
    // The handout's clearance is written once, in the original: one message for 29 feeds.
    const image = lines.filter((l) => l.includes('[partner-flipboard-image]'));
    expect(image).to.have.length(1);
    expect(image[0]).to.match(new RegExp(`content/${SEED}/en\\.md:\\d+:\\d+: warning: partner "full-text-portal": the item has no image: its image is not cleared for syndication`));
    expect(lines.find((l) => l.includes('[partner-msn-item-age]'))).to.match(new RegExp(`content/${SEED}/en\\.md:3:1: warning: partner "full-text-portal": "date" is \\d+ days before the build; MSN`));
    expect(rules.every((r) => r!.startsWith('partner-msn-') || r!.startsWith('partner-flipboard-'))).to.equal(true);
  });

  it('--strict turns the partners\' rule warnings into errors, and nothing is published', function () {
    const out = path.join(project.dir, 'strict-out');
    const r = polyfeed(['build', '--strict', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', out, '--now', NOW]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/: error: partner "full-text-portal": Flipboard asks for at least 30 items per feed .*\[partner-flipboard-item-count\]/);
    expect(snapshot(out).size).to.equal(0);
  });

  it('polyfeed validate checks the partner feeds too', function () {
    const r = polyfeed(['validate', project.out, '--locales', project.locales]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^polyfeed validate: 730 documents checked in .*, 730 valid, 0 with errors\n$/);
  });
});
