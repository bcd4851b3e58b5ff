/**
 * What readers see: category feeds, the lead image, Media RSS, a short "also in" line, the
 * headline of a fallback item, the feed's icon and logo, titles that tell the languages apart,
 * and links between the formats and languages of a feed. The sample is built by the real CLI
 * and read back with feedsmith, saxes and parse5 (hast-util-from-html); expectations come
 * from the content, the registry and the strings files, not from polyfeed's code.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { fromHtml } from 'hast-util-from-html';
import { toString as hastText } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { SaxesParser } from 'saxes';
import { parse as parseYaml } from 'yaml';
import { build } from '../src/index.js';
import { polyfeed, ROOT } from './support/cli.js';
import { article, smallLocales, tempProject, type TempProject } from './support/fixtures.js';
import { strictXml } from './support/parse.js';

const NOW = '2026-11-27T12:00:00Z';
const KG = 'kyrgyzstan-ends-us-cooperation-agreement';
const RU = 'rferl-declared-undesirable-in-russia';
const GUIDE = 'reading-rferl-when-blocked';
const MRSS = 'http://search.yahoo.com/mrss/';

interface RegistryLocale {
  name: string; feedTag: string; site: string; intl: string; plural: string; missing: string; fallback: string[];
  related?: string[]; icon?: string; logo?: string;
}
const registry = JSON.parse(readFileSync(path.join(ROOT, 'locales/registry.json'), 'utf8')) as { locales: Record<string, RegistryLocale> };
const TAGS = Object.keys(registry.locales);
const strings = (tag: string, ns = 'feed') => JSON.parse(readFileSync(path.join(ROOT, 'locales', tag, `${ns}.json`), 'utf8')) as Record<string, string>;

/** Front matter fields of the sample, read with a regular expression (independent of polyfeed's reader). */
function frontMatter(file: string): { categories: string[]; alt?: string; translationOf?: string } {
  const text = readFileSync(file, 'utf8');
  const fm = text.split(/^---$/m)[1]!;
  const cats = /^categories: \[(.*)\]$/m.exec(fm)?.[1];
  const alt = /^ {2}alt: (.*)$/m.exec(fm)?.[1];
  const of = /^translationOf: (.*)$/m.exec(fm)?.[1];
  return { categories: cats ? cats.split(',').map((s) => s.trim()) : [], ...(alt ? { alt } : {}), ...(of ? { translationOf: of } : {}) };
}

/** Locales with a version of each sample article, and the article's categories (the original's: no translation sets its own). */
const CONTENT = path.join(ROOT, 'content');
const ARTICLES = readdirSync(CONTENT).map((id) => {
  const versions = readdirSync(path.join(CONTENT, id)).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
  const original = versions.find((t) => !frontMatter(path.join(CONTENT, id, `${t}.md`)).translationOf)!;
  return { id, versions, original, categories: frontMatter(path.join(CONTENT, id, `${original}.md`)).categories };
});

/** The version a locale's feed shows of an article, by the registry's rules. */
function shownIn(tag: string, a: (typeof ARTICLES)[number]): string | undefined {
  if (a.versions.includes(tag)) return tag;
  const l = registry.locales[tag]!;
  return l.missing === 'fallback' ? l.fallback.find((t) => a.versions.includes(t)) : undefined;
}

const elements = (n: Root | Element): Element[] => (n.children as { type: string }[]).filter((c): c is Element => c.type === 'element');
const cls = (e: Element) => ([] as unknown[]).concat(e.properties.className ?? []).map(String);
function find(n: Root | Element, test: (e: Element) => boolean): Element | undefined {
  for (const c of elements(n)) {
    if (test(c)) return c;
    const deeper = find(c, test);
    if (deeper) return deeper;
  }
  return undefined;
}

function pluralString(tag: string, key: string, n: number): string {
  const l = registry.locales[tag]!;
  const s = strings(tag);
  const form = new Intl.PluralRules(l.plural).select(n);
  return (s[`${key}_${form}`] ?? s[`${key}_other`]!).replace('{{count}}', new Intl.NumberFormat(l.intl).format(n));
}

describe('what readers see (the sample, all 29 locales)', function () {
  let project: TempProject;
  let out: string;
  const json = (rel: string) => JSON.parse(readFileSync(path.join(out, rel), 'utf8'));
  const text = (rel: string) => readFileSync(path.join(out, rel), 'utf8');

  before(function () {
    this.timeout(120_000);
    project = tempProject({ sampleContent: true });
    out = project.out;
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--out', out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => project.remove());

  describe('category feeds', function () {
    const expectedSlugs = (tag: string) => [...new Set(ARTICLES.filter((a) => shownIn(tag, a)).flatMap((a) => a.categories))].sort();

    it('every locale has out/<locale>/categories/<slug>/{rss.xml,atom.xml,feed.json} for exactly the categories of its feed', function () {
      let count = 0;
      for (const tag of TAGS) {
        const slugs = expectedSlugs(tag);
        expect(readdirSync(path.join(out, tag, 'categories')).sort(), tag).to.deep.equal(slugs);
        for (const slug of slugs) {
          expect(readdirSync(path.join(out, tag, 'categories', slug)).sort(), `${tag}/${slug}`).to.deep.equal(['atom.xml', 'feed.json', 'rss.xml']);
          count++;
        }
      }
      expect(expectedSlugs('en')).to.deep.equal(['central-asia', 'human-rights', 'kyrgyzstan', 'press-freedom', 'russia', 'united-states']);
      // ky has the guide (press freedom, Central Asia) too.
      expect(expectedSlugs('ky')).to.deep.equal(['central-asia', 'human-rights', 'kyrgyzstan', 'press-freedom', 'united-states']);
      expect(count).to.equal(131);
    });

    it('titles are the locale title, " — " and the category name in the locale; ids are …:feeds/<locale>/categories/<slug>', function () {
      for (const tag of TAGS) {
        const title = strings(tag).title!;
        const names = strings(tag, 'categories');
        for (const slug of expectedSlugs(tag)) {
          const dir = `${tag}/categories/${slug}`;
          const want = `${title} — ${names[slug]}`;
          const rss = parseRssFeed(text(`${dir}/rss.xml`));
          const atom = parseAtomFeed(text(`${dir}/atom.xml`));
          const feed = parseJsonFeed(json(`${dir}/feed.json`));
          expect([rss.title, atom.title?.value, feed.title], dir).to.deep.equal([want, want, want]);
          expect(atom.id, dir).to.equal(`tag:example.org,2026:feeds/${tag}/categories/${slug}`);
          expect(rss.language).to.equal(registry.locales[tag]!.feedTag);
          expect(feed.language).to.equal(registry.locales[tag]!.feedTag);
          expect(atom.links?.find((l) => l.rel === 'self')?.href).to.equal(`https://feeds.example.org/rferl/${dir}/atom.xml`);
          expect(feed.feed_url).to.equal(`https://feeds.example.org/rferl/${dir}/feed.json`);
        }
      }
      expect(parseAtomFeed(text('ky/categories/human-rights/atom.xml')).title?.value)
        .to.equal('Азаттык үналгысы — Эркин Европа/Азаттык радиосунун Кыргыз кызматы — Адам укуктары');
    });

    it('a category feed has the items of the locale feed in that category, with the same ids, in all three formats', function () {
      for (const tag of TAGS) {
        const main = json(`${tag}/feed.json`).items as { id: string; tags?: string[] }[];
        for (const slug of expectedSlugs(tag)) {
          const dir = `${tag}/categories/${slug}`;
          const ids = ARTICLES.filter((a) => shownIn(tag, a) && a.categories.includes(slug))
            .map((a) => `tag:example.org,2026:articles/${a.id}/${shownIn(tag, a)}`);
          const jsonIds = (json(`${dir}/feed.json`).items as { id: string }[]).map((i) => i.id);
          expect([...jsonIds].sort(), dir).to.deep.equal([...ids].sort());
          expect(main.map((i) => i.id).filter((id) => ids.includes(id)), `${dir}: same order as the locale feed`).to.deep.equal(jsonIds);
          expect((parseRssFeed(text(`${dir}/rss.xml`)).items ?? []).map((i) => i.guid?.value), dir).to.deep.equal(jsonIds);
          expect((parseAtomFeed(text(`${dir}/atom.xml`)).entries ?? []).map((e) => e.id), dir).to.deep.equal(jsonIds);
        }
      }
      // A fallback locale's category feed shows the fallback version, as its locale feed does.
      expect((json('uz-Cyrl/categories/russia/feed.json').items as { id: string }[]).map((i) => i.id))
        .to.deep.equal([`tag:example.org,2026:articles/${RU}/ru`]);
    });

    it('the conformance checker (../shared/conformance) takes each category feed\'s locale from its locale folder, not from the slug', function () {
      const lib = path.join(ROOT, '..', 'shared', 'conformance', 'lib');
      if (!existsSync(path.join(lib, 'conformance.py'))) this.skip();
      // The checker's own locale_of (its README: "the nearest folder … whose name looks like a BCP 47 tag").
      const probe = [
        'import json, os, sys',
        'sys.path.insert(0, sys.argv[1])',
        'import conformance',
        'root = sys.argv[2]',
        'found = {os.path.relpath(d, root): conformance.locale_of(root, d) for d, _, files in os.walk(root) if "rss.xml" in files}',
        'found["(a slug eu)"] = conformance.locale_of(root, os.path.join(root, "en", "categories", "eu"))',
        'print(json.dumps(found))',
      ].join('\n');
      const r = spawnSync('python3', ['-c', probe, lib, out], { encoding: 'utf8' });
      if (r.error || /ModuleNotFoundError/.test(r.stderr ?? '')) this.skip();
      expect(r.status, r.stderr).to.equal(0);
      const { '(a slug eu)': eu, ...locales } = JSON.parse(r.stdout) as Record<string, string>;
      expect(Object.keys(locales)).to.have.length(29 + 131);
      for (const [dir, locale] of Object.entries(locales)) expect(locale, dir).to.equal(dir.split(path.sep)[0]);
      // A known limit of the checker, not of the feeds: a slug of two or three letters looks like a
      // language tag to it (README, "Content layout"); polyfeed validate matches paths by pattern.
      expect(eu).to.equal('eu');
    });
  });

  describe('items', function () {
    it('the HTML starts with the lead image as <figure><img src alt><figcaption> (alt text, then the credit), in every locale', function () {
      for (const tag of TAGS) {
        const a = ARTICLES.find((x) => x.id === KG)!;
        const shown = shownIn(tag, a)!;
        const alt = frontMatter(path.join(CONTENT, KG, `${shown}.md`)).alt!;
        const item = (json(`${tag}/feed.json`).items as { id: string; content_html: string; image?: string }[]).find((i) => i.id.endsWith(`/${KG}/${shown}`))!;
        expect(item.image).to.equal('https://gdb.rferl.org/azimjon-askarov-undated.jpg');
        const outer = elements(fromHtml(item.content_html, { fragment: true }))[0]!;
        const first = elements(outer)[0]!;
        expect(first.tagName, tag).to.equal('figure');
        const [img, caption] = elements(first);
        expect(img!.tagName).to.equal('img');
        expect(img!.properties.src).to.equal('https://gdb.rferl.org/azimjon-askarov-undated.jpg');
        expect(img!.properties.alt, tag).to.equal(alt);
        expect(caption!.tagName).to.equal('figcaption');
        // The caption is the alt text and, in a <small>, the photo's credit.
        expect(hastText(caption!), tag).to.equal(`${alt} Handout`);
        expect(elements(caption!).map((e) => [e.tagName, cls(e), hastText(e)]), tag).to.deep.equal([['small', ['polyfeed-credit'], 'Handout']]);
      }
      const en = json('en/feed.json').items.find((i: { id: string }) => i.id.endsWith(`/${KG}/en`)).content_html as string;
      expect(en.startsWith('<div lang="en" dir="ltr"><figure class="polyfeed-lead-image"><img src="https://gdb.rferl.org/azimjon-askarov-undated.jpg" alt="Azimjon Askarov in an undated photo" width="800" height="533"><figcaption>Azimjon Askarov in an undated photo <small class="polyfeed-credit">Handout</small></figcaption></figure><p>')).to.equal(true);
      // No image, no figure.
      const ru = json('en/feed.json').items.find((i: { id: string }) => i.id.endsWith(`/${RU}/en`)).content_html as string;
      expect(ru).not.to.include('<figure');
    });

    it('RSS items with an image have Media RSS media:content (medium image) and media:thumbnail, in the Media RSS namespace', function () {
      for (const tag of TAGS) {
        for (const rel of [`${tag}/rss.xml`, `${tag}/categories/kyrgyzstan/rss.xml`]) {
          const media: { name: string; url: string; medium?: string }[] = [];
          let enclosures = 0;
          const parser = new SaxesParser({ xmlns: true });
          parser.on('opentag', (t) => {
            const attr = (n: string) => { const a = t.attributes[n]; return a === undefined ? undefined : typeof a === 'string' ? a : a.value; };
            if (t.local === 'enclosure') enclosures++;
            if (t.uri === MRSS) media.push({ name: t.local, url: attr('url') ?? '', ...(attr('medium') ? { medium: attr('medium')! } : {}) });
          });
          parser.write(text(rel)).close();
          // One media:content (medium image) with a media:thumbnail per enclosure; the seed story's among them.
          const contents = media.filter((m) => m.name === 'content');
          expect(contents, rel).to.have.length(enclosures);
          for (const c of contents) expect(c.medium, rel).to.equal('image');
          expect(media.filter((m) => m.name === 'thumbnail').map((m) => m.url), rel).to.deep.equal(contents.map((c) => c.url));
          expect(contents.map((c) => c.url), rel).to.include('https://gdb.rferl.org/azimjon-askarov-undated.jpg');
        }
      }
      const item = parseRssFeed(text('ky/rss.xml')).items!.find((i) => i.guid?.value?.endsWith(`/${KG}/ky`))!;
      expect(item.media?.thumbnails?.[0]?.url).to.equal('https://gdb.rferl.org/azimjon-askarov-undated.jpg');
      expect(item.media?.contents?.[0]).to.deep.include({ type: 'image/jpeg', fileSize: 48213, medium: 'image' });
      expect(item.media?.contents?.[0]?.description?.value).to.equal(frontMatter(path.join(CONTENT, KG, 'ky.md')).alt);
    });

    it('the "also in" line links at most 5 versions, the related languages first, then "and N more" to the original', function () {
      for (const tag of TAGS) {
        for (const item of json(`${tag}/feed.json`).items as { id: string; content_html: string; url: string; _polyfeed: { translations: { language: string; url: string }[] } }[]) {
          const others = item._polyfeed.translations;
          const line = find(fromHtml(item.content_html, { fragment: true }), (e) => e.tagName === 'p' && cls(e).includes('polyfeed-translations'))!;
          expect(line, `${tag} ${item.id}`).to.exist;
          const links = elements(line).filter((e) => e.tagName === 'a');
          const shown = Math.min(5, others.length);
          const more = others.length - shown;
          expect(links, `${tag} ${item.id}`).to.have.length(shown + (more > 0 ? 1 : 0));
          expect(hastText(line).startsWith(`${pluralString(tag, 'alsoIn', others.length)} `), tag).to.equal(true);
          const related = registry.locales[tag]!.related!;
          const byUrl = new Map(others.map((o) => [o.url, o.language]));
          const langs = links.slice(0, shown).map((a) => byUrl.get(String(a.properties.href)));
          // The related languages the article has come first, in the registry's order.
          const wanted = related.map((t) => registry.locales[t]!.feedTag).filter((l) => others.some((o) => o.language === l)).slice(0, shown);
          expect(langs.slice(0, wanted.length), `${tag} ${item.id}`).to.deep.equal(wanted);
          if (more > 0) {
            const last = links[links.length - 1]!;
            expect(hastText(last), tag).to.equal(pluralString(tag, 'alsoInMore', more));
            const article = ARTICLES.find((a) => item.id.includes(`/${a.id}/`))!;
            expect(last.properties.href).to.equal(`${registry.locales[article.original]!.site}a/${article.id}.html`);
          }
        }
      }
      const en = json('en/feed.json').items.find((i: { id: string }) => i.id.endsWith(`/${KG}/en`)).content_html as string;
      expect(en).to.match(/Also available in 28 other languages: (<a [^>]+>[^<]+<\/a>( · )?){5} <a href="https:\/\/www\.rferl\.org\/a\/kyrgyzstan-ends-us-cooperation-agreement\.html" hreflang="en">and 23 more<\/a><\/p><\/div>$/);
      const ky = (json('ky/feed.json').items as { id: string; content_html: string }[]).find((i) => i.id.endsWith(`/${KG}/ky`))!.content_html;
      expect([...ky.matchAll(/<a href="[^"]+" hreflang="([^"]+)" lang/g)].map((m) => m[1])).to.deep.equal(['ru', 'kk', 'uz-Latn', 'tg', 'en']);
      expect(ky).to.include('>жана дагы 23</a>');
    });

    it('the full set of translations stays in the metadata: 28 hreflang links in Atom and RSS, 28 in _polyfeed', function () {
      const id = `tag:example.org,2026:articles/${KG}/en`;
      const atom = parseAtomFeed(text('en/atom.xml')).entries!.find((e) => e.id === id)!;
      expect(atom.links!.filter((l) => l.rel === 'alternate' && l.hreflang && l.hreflang !== 'en')).to.have.length(28);
      const rss = parseRssFeed(text('en/rss.xml')).items!.find((i) => i.guid?.value === id)!;
      expect(rss.atom!.links!.filter((l) => l.rel === 'alternate' && l.hreflang)).to.have.length(28);
      expect(json('en/feed.json').items.find((i: { id: string }) => i.id === id)._polyfeed.translations).to.have.length(28);
    });

    it('"also in" links are at most 40 % of an item\'s HTML, in every feed of every locale', function () {
      const shares: number[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(path.join(out, dir))) {
          const rel = path.join(dir, name);
          if (name === 'feed.json') {
            for (const item of json(rel).items as { id: string; content_html: string }[]) {
              const line = /<p class="polyfeed-translations">.*?<\/p>/s.exec(item.content_html)?.[0] ?? '';
              const share = Buffer.byteLength(line) / Buffer.byteLength(item.content_html);
              expect(share, `${rel} ${item.id}: ${(share * 100).toFixed(1)} %`).to.be.at.most(0.4);
              shares.push(share);
            }
          } else if (!name.includes('.')) walk(rel);
        }
      };
      for (const tag of TAGS) walk(tag);
      expect(shares.length).to.be.above(29 * 2);
    });

    it('a fallback item\'s headline names its language, in the feed\'s language, in all three formats; its note is a plain paragraph', function () {
      const fallbackLocales = TAGS.filter((t) => registry.locales[t]!.missing === 'fallback');
      expect(fallbackLocales.sort()).to.deep.equal(['ba', 'cnr', 'fa-AF', 'uz-Cyrl']);
      for (const tag of fallbackLocales) {
        const l = registry.locales[tag]!;
        const a = ARTICLES.find((x) => x.id === RU)!;
        const shown = shownIn(tag, a)!;
        expect(shown).not.to.equal(tag);
        const language = new Intl.DisplayNames(l.intl, { type: 'language' }).of(shown)!;
        const headline = (parseYaml(readFileSync(path.join(CONTENT, RU, `${shown}.md`), 'utf8').split(/^---$/m)[1]!) as { title: string }).title;
        const want = strings(tag).fallbackTitle!.replace('{{language}}', language).replace('{{title}}', headline);
        expect(want.startsWith(`[${language}] `)).to.equal(true);
        const id = `tag:example.org,2026:articles/${RU}/${shown}`;
        const rss = parseRssFeed(text(`${tag}/rss.xml`)).items!.find((i) => i.guid?.value === id)!;
        const atom = parseAtomFeed(text(`${tag}/atom.xml`)).entries!.find((e) => e.id === id)!;
        const item = (json(`${tag}/feed.json`).items as { id: string; title: string; content_html: string }[]).find((i) => i.id === id)!;
        expect([rss.title, atom.title?.value, item.title], tag).to.deep.equal([want, want, want]);
        const note = find(fromHtml(item.content_html, { fragment: true }), (e) => cls(e).includes('polyfeed-fallback'))!;
        expect(note.tagName).to.equal('p');
        expect(elements(note), `${tag}: no <em> or other markup in the note`).to.deep.equal([]);
        expect(hastText(note), tag).to.include(language);
        expect(item.content_html).not.to.match(/<em|<i>|italic/);
        // Items in the feed's own language are not marked.
        const own = (json(`${tag}/feed.json`).items as { id: string; title: string }[]).find((i) => i.id.endsWith(`/${KG}/${tag}`))!;
        expect(own.title.startsWith('['), tag).to.equal(false);
      }
      expect((json('uz-Cyrl/feed.json').items as { id: string; title: string }[]).find((i) => i.id.endsWith(`/${RU}/ru`))!.title).to.equal('[русча] Власти России признали Радио Свободная Европа/Радио Свобода «нежелательной организацией»');
      expect((json('fa-AF/feed.json').items as { id: string; title: string }[]).find((i) => i.id.endsWith(`/${RU}/en`))!.title.startsWith('[انگلیسی] RFE/RL')).to.equal(true);
      expect((json('fa-AF/feed.json').items as { id: string; title: string }[]).find((i) => i.id.endsWith(`/${GUIDE}/en`))!.title.startsWith('[انگلیسی] How')).to.equal(true);
    });
  });

  describe('feed level', function () {
    const feedsOf = (tag: string) => [tag, ...readdirSync(path.join(out, tag, 'categories')).map((s) => `${tag}/categories/${s}`)];

    it('RSS <image> (url, channel title, channel link), Atom <icon> and <logo>, JSON icon and favicon, in every feed', function () {
      for (const tag of TAGS) {
        const { icon, logo, site } = registry.locales[tag]!;
        expect(icon, tag).to.match(/^https:\/\/.+\.png$/);
        expect(logo, tag).to.match(/^https:\/\/.+\.png$/);
        for (const dir of feedsOf(tag)) {
          const rss = parseRssFeed(text(`${dir}/rss.xml`));
          expect(rss.image, dir).to.deep.equal({ url: icon, title: rss.title, link: site });
          const atom = parseAtomFeed(text(`${dir}/atom.xml`));
          expect([atom.icon, atom.logo], dir).to.deep.equal([icon, logo]);
          const raw = json(`${dir}/feed.json`);
          expect([raw.icon, raw.favicon], dir).to.deep.equal([icon, icon]);
        }
      }
    });

    it('every locale\'s feed title differs from every other\'s in its first 25 characters', function () {
      const seen = new Map<string, string>();
      for (const tag of TAGS) {
        const title = parseRssFeed(text(`${tag}/rss.xml`)).title!;
        expect(title, tag).to.equal(strings(tag).title);
        const head = [...title].slice(0, 25).join('');
        expect(seen.has(head), `${tag} and ${seen.get(head)} both begin "${head}"`).to.equal(false);
        seen.set(head, tag);
      }
      expect(seen.size).to.equal(29);
      for (const tag of ['bs', 'sr-Latn', 'cnr']) expect(strings(tag).title!.startsWith('Radio Slobodna Evropa'), tag).to.equal(false);
    });

    it('each feed links to its other two formats and to the same feed in the other languages', function () {
      const base = 'https://feeds.example.org/rferl/';
      const files = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };
      const types = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };
      const all = new Set(TAGS.flatMap(feedsOf));
      for (const dir of all) {
        const tag = dir.split('/')[0]!;
        const rest = dir.slice(tag.length);
        const others = TAGS.filter((t) => t !== tag && all.has(`${t}${rest}`));
        const expectFor = (format: keyof typeof files) => ({
          formats: (Object.keys(files) as (keyof typeof files)[]).filter((f) => f !== format).map((f) => `${types[f]} ${base}${dir}/${files[f]}`).sort(),
          languages: others.map((t) => `${types[format]} ${registry.locales[t]!.feedTag} ${base}${t}${rest}/${files[format]}`).sort(),
        });
        const atom = parseAtomFeed(text(`${dir}/atom.xml`));
        const alternates = (atom.links ?? []).filter((l) => l.rel === 'alternate' && l.type !== 'text/html');
        expect({
          formats: alternates.filter((l) => !l.hreflang).map((l) => `${l.type} ${l.href}`).sort(),
          languages: alternates.filter((l) => l.hreflang).map((l) => `${l.type} ${l.hreflang} ${l.href}`).sort(),
        }, `${dir}/atom.xml`).to.deep.equal(expectFor('atom'));
        // RFC 4287 4.1.1: no two alternates with the same type and hreflang.
        const combos = (atom.links ?? []).filter((l) => l.rel === 'alternate').map((l) => `${l.type} ${l.hreflang ?? ''}`);
        expect(new Set(combos).size, dir).to.equal(combos.length);
        const rss = parseRssFeed(text(`${dir}/rss.xml`));
        const rssAlternates = (rss.atom?.links ?? []).filter((l) => l.rel === 'alternate');
        expect({
          formats: rssAlternates.filter((l) => !l.hreflang).map((l) => `${l.type} ${l.href}`).sort(),
          languages: rssAlternates.filter((l) => l.hreflang).map((l) => `${l.type} ${l.hreflang} ${l.href}`).sort(),
        }, `${dir}/rss.xml`).to.deep.equal(expectFor('rss'));
        const ext = json(`${dir}/feed.json`)._polyfeed as { formats: { type: string; url: string }[]; translations: { language: string; url: string }[] };
        expect({
          formats: ext.formats.map((f) => `${f.type} ${f.url}`).sort(),
          languages: ext.translations.map((t) => `${types.json} ${t.language} ${t.url}`).sort(),
        }, `${dir}/feed.json`).to.deep.equal(expectFor('json'));
      }
      expect(parseAtomFeed(text('ky/categories/human-rights/atom.xml')).links!.filter((l) => l.hreflang)).to.have.length(28);
      // ky has no russia feed, so the other languages' russia feeds do not link to one.
      expect(parseAtomFeed(text('en/categories/russia/atom.xml')).links!.filter((l) => l.hreflang).map((l) => l.hreflang))
        .to.deep.equal(['ru', 'uk', 'uz-Cyrl', 'ba', 'fa-AF', 'sr-Latn-ME']);
    });
  });
});

describe('registry checks for related, icon and logo', function () {
  const tags = ['en', 'ru', 'ky'];
  const run = async (edit: Parameters<typeof smallLocales>[1]) => {
    const { diagnostics } = await build({ files: [{ path: 'a/en.md', text: '---\ntitle: T\ndate: 2024-05-01T10:00:00+02:00\n---\n\nBody.\n' }], locales: smallLocales(tags, edit), now: new Date(NOW) });
    return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ruleId}: ${d.reason}`);
  };

  it('the sample registry passes: every locale has related, icon and logo', function () {
    for (const tag of TAGS) {
      const l = registry.locales[tag]!;
      expect(l.related, tag).to.be.an('array').that.is.not.empty;
      expect(l.related!.length, tag).to.be.at.most(5);
    }
  });

  it('a related tag that is not in the registry, the locale itself or a repeat: registry-related', async function () {
    expect(await run((r) => { r.locales.ky!.related = ['ru', 'xx', 'ky', 'ru']; })).to.deep.equal([
      'registry-related: locale ky: related "xx" is not a locale of this registry',
      'registry-related: locale ky: related "ky" is the locale itself',
      'registry-related: locale ky: related "ru" is listed twice',
    ]);
  });

  it('related that is not a list of tags: registry-field', async function () {
    expect((await run((r) => { r.locales.ky!.related = 'ru'; })).map((m) => m.split(':')[0])).to.deep.equal(['registry-field']);
  });

  it('an icon or logo that is no http(s) URL: url-invalid; not PNG, GIF or JPEG: registry-image', async function () {
    expect((await run((r) => { r.locales.ky!.icon = 'ftp://x.org/i.png'; })).map((m) => m.split(':')[0])).to.deep.equal(['url-invalid']);
    expect((await run((r) => { r.locales.ky!.logo = 'https://x.org/logo.svg'; })).map((m) => m.split(':')[0])).to.deep.equal(['registry-image']);
    expect((await run((r) => { r.feeds.icon = 'https://x.org/icon'; })).map((m) => m.split(':')[0])).to.deep.equal(['registry-image']);
    expect((await run((r) => { r.locales.ky!.icon = 42; })).map((m) => m.split(':')[0])).to.deep.equal(['registry-field']);
  });

  it('feeds.icon and feeds.logo are the default of locales without their own; without any, no image elements', async function () {
    const built = async (edit: Parameters<typeof smallLocales>[1]) => (await build({
      files: [{ path: 'a/en.md', text: '---\ntitle: T\ndate: 2024-05-01T10:00:00+02:00\n---\n\nBody.\n' }], locales: smallLocales(tags, edit), now: new Date(NOW),
    })).documents;
    const docs = await built((r) => {
      r.feeds.icon = 'https://x.org/icon.png';
      r.feeds.logo = 'https://x.org/logo.gif';
      delete r.locales.ru!.icon;
      delete r.locales.ru!.logo;
    });
    const ru = parseAtomFeed(docs.find((d) => d.path === 'ru/atom.xml')!.text);
    expect([ru.icon, ru.logo]).to.deep.equal(['https://x.org/icon.png', 'https://x.org/logo.gif']);
    expect(parseAtomFeed(docs.find((d) => d.path === 'en/atom.xml')!.text).icon).to.equal(registry.locales.en!.icon);
    const none = await built((r) => { for (const l of Object.values(r.locales)) { delete l.icon; delete l.logo; } });
    const rss = none.find((d) => d.path === 'en/rss.xml')!.text;
    strictXml(rss);
    expect(rss).not.to.include('<image>');
    expect(JSON.parse(none.find((d) => d.path === 'en/feed.json')!.text)).not.to.have.property('icon');
  });

  it('a category slug that ends in a hyphen cannot name a folder: fm-category', async function () {
    const { diagnostics } = await build({ files: [{ path: 'a/en.md', text: '---\ntitle: T\ndate: 2024-05-01T10:00:00+02:00\ncategories: [ok, bad-]\n---\n\nBody.\n' }], locales: smallLocales(tags), now: new Date(NOW) });
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ruleId} ${d.line}:${d.column}`)).to.deep.equal(['fm-category 4:18']);
  });

  it('without related, the "also in" line takes the fallback chain, then en, then registry order', async function () {
    const files = ['en', 'ru', 'uk', 'be', 'ky'].map((t) => ({
      path: `a/${t}.md`,
      text: t === 'en' ? '---\ntitle: T\ndate: 2024-05-01T10:00:00+02:00\n---\n\nBody.\n' : `---\ntitle: T ${t}\ntranslationOf: en\n---\n\nBody ${t}.\n`,
    }));
    const { documents } = await build({ files, locales: smallLocales(['en', 'ru', 'uk', 'be', 'ky'], (r) => { for (const l of Object.values(r.locales)) delete l.related; }), now: new Date(NOW) });
    const html = JSON.parse(documents.find((d) => d.path === 'be/feed.json')!.text).items[0].content_html as string;
    // be: fallback ru, en; then uk, ky in registry order.
    expect([...html.matchAll(/hreflang="([^"]+)" lang/g)].map((m) => m[1])).to.deep.equal(['ru', 'en', 'uk', 'ky']);
  });
});

describe('category feeds are shorter than the locale feed: feeds.categoryLimit', function () {
  // 12 stories in one category, a day apart: the locale feed shows all 12 (limit 50).
  const stories = Array.from({ length: 12 }, (_, i) => ({
    path: `story-${String(i + 10)}/en.md`,
    text: article({ title: `Story ${i}`, categories: '[media]', date: `2026-05-${String(i + 10)}T10:00:00Z` }),
  }));
  const itemsOf = (r: Awaited<ReturnType<typeof build>>, rel: string) =>
    (parseJsonFeed(JSON.parse(r.documents.find((d) => d.path === rel)!.text)).items ?? []).map((i) => i.title);

  it('10 by default, newest first, the same items as the newest of the locale feed', async function () {
    const r = await build({ files: stories, locales: smallLocales(['en']), now: new Date('2026-06-01T00:00:00Z') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const all = itemsOf(r, 'en/feed.json');
    expect(all).to.have.length(12);
    expect(itemsOf(r, 'en/categories/media/feed.json')).to.deep.equal(all.slice(0, 10));
  });

  it('as the registry says, and never more than feeds.limit', async function () {
    const three = await build({ files: stories, locales: smallLocales(['en'], (reg) => { reg.feeds.categoryLimit = 3; }), now: new Date('2026-06-01T00:00:00Z') });
    expect(itemsOf(three, 'en/categories/media/feed.json')).to.deep.equal(['Story 11', 'Story 10', 'Story 9']);
    const capped = await build({ files: stories, locales: smallLocales(['en'], (reg) => { reg.feeds.categoryLimit = 40; reg.feeds.limit = 5; }), now: new Date('2026-06-01T00:00:00Z') });
    expect(itemsOf(capped, 'en/categories/media/feed.json')).to.have.length(5);
  });

  it('a categoryLimit that is not a whole number above 0: registry-field at its line, no documents', async function () {
    const locales = smallLocales(['en'], (reg) => { reg.feeds.categoryLimit = 0; });
    const r = await build({ files: stories, locales, now: new Date('2026-06-01T00:00:00Z') });
    expect(r.documents).to.deep.equal([]);
    const line = readFileSync(path.join(locales, 'registry.json'), 'utf8').split('\n').findIndex((l) => l.includes('"categoryLimit"')) + 1;
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.line])).to.deep.equal([['registry-field', line]]);
  });
});

describe('category feeds carry headlines and summaries, not bodies: feeds.categoryContent', function () {
  const BODY = 'The whole body of the story, which only the locale feed carries.';
  const files = [
    { path: 'with-summary/en.md', text: article({ title: 'With summary', categories: '[media]', summary: '"The editors\' summary."', date: '2026-05-02T10:00:00Z' }, `${BODY}\n\nA second paragraph.\n`) },
    { path: 'without-summary/en.md', text: article({ title: 'Without summary', categories: '[media]', date: '2026-05-01T10:00:00Z' }, `First paragraph, the summary's source.\n\n${BODY}\n`) },
    { path: 'without-summary/ru.md', text: article({ title: 'Без резюме', translationOf: 'en', sourceHash: '"0123456789ab"' }, 'Первый абзац.\n') },
  ];
  const items = (r: Awaited<ReturnType<typeof build>>, rel: string) =>
    (parseJsonFeed(JSON.parse(r.documents.find((d) => d.path === rel)!.text)).items ?? []).map((i) => ({ title: i.title, summary: i.summary, html: i.content_html ?? '' }));
  const rssItems = (r: Awaited<ReturnType<typeof build>>, rel: string) => parseRssFeed(r.documents.find((d) => d.path === rel)!.text).items ?? [];

  it('by default: the summary and a link to the story in each item, no body, no per-item translations; the locale feed keeps them', async function () {
    const r = await build({ files, locales: smallLocales(['en', 'ru']), now: new Date('2026-06-01T00:00:00Z') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const cat = items(r, 'en/categories/media/feed.json');
    expect(cat.map((i) => [i.title, i.summary])).to.deep.equal([['With summary', 'The editors\' summary.'], ['Without summary', 'First paragraph, the summary\'s source.']]);
    for (const i of cat) {
      expect(i.html).to.not.include(BODY);
      expect(hastText(fromHtml(i.html, { fragment: true }))).to.include(i.summary!);
      expect(i.html).to.match(/<a href="https:\/\/www\.rferl\.org\/a\/with(out)?-summary\.html">/);
    }
    // The locale feed has the bodies, and the translation links.
    expect(items(r, 'en/feed.json').every((i) => i.html.includes(BODY))).to.equal(true);
    const rss = rssItems(r, 'en/categories/media/rss.xml');
    const hreflangs = (list: typeof rss) => list.map((i) => (i.atom?.links ?? []).filter((l) => l.hreflang).map((l) => l.hreflang));
    expect(hreflangs(rss)).to.deep.equal([[], []]);
    expect(hreflangs(rssItems(r, 'en/rss.xml'))).to.deep.equal([[], ['ru']]);
  });

  it('"full": the bodies, as in the locale feed', async function () {
    const r = await build({ files, locales: smallLocales(['en', 'ru'], (reg) => { reg.feeds.categoryContent = 'full'; }), now: new Date('2026-06-01T00:00:00Z') });
    expect(items(r, 'en/categories/media/feed.json').map((i) => i.html)).to.deep.equal(items(r, 'en/feed.json').map((i) => i.html));
  });

  it('another value: registry-field at its line, no documents', async function () {
    const locales = smallLocales(['en'], (reg) => { reg.feeds.categoryContent = 'excerpt'; });
    const r = await build({ files: files.slice(0, 1), locales, now: new Date('2026-06-01T00:00:00Z') });
    expect(r.documents).to.deep.equal([]);
    const line = readFileSync(path.join(locales, 'registry.json'), 'utf8').split('\n').findIndex((l) => l.includes('"categoryContent"')) + 1;
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.line])).to.deep.equal([['registry-field', line]]);
  });
});
