/**
 * The reader-facing documents of the sample build — pages, OPML, style sheets — read by tools
 * nobody on the team wrote: html-validate (its recommended rules, on every page), parse5
 * (through hast-util-from-html), saxes (OPML) and newsboat, which imports the OPML as a reader
 * would. What the browser shows is in browser.test.ts.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { HtmlValidate } from 'html-validate';
import { SaxesParser } from 'saxes';
import { serializeHtml, serializeXml } from '../src/formats/serialize.js';
import { el, stylesheetInstruction } from '../src/formats/xml.js';
import { build } from '../src/index.js';
import { loadRegistry, type Registry } from '../src/locales/registry.js';
import { FORMATS, kindOf, mediaTypeOf, OUTPUTS } from '../src/outputs.js';
import { polyfeed } from './support/cli.js';
import { smallLocales, snapshot, tempProject, type TempProject } from './support/fixtures.js';

const NOW = '2026-11-27T12:00:00Z';
const BASE = 'https://feeds.example.org/rferl/';
const FEED_FILES = ['rss.xml', 'atom.xml', 'feed.json'];

function elements(tree: Root | RootContent, out: Element[] = []): Element[] {
  if (tree.type === 'element') out.push(tree);
  if ('children' in tree) tree.children.forEach((c) => elements(c, out));
  return out;
}

const prop = (e: Element, name: string) => {
  const v = e.properties[name];
  return v === undefined || v === null ? undefined : Array.isArray(v) ? v.join(' ') : String(v);
};

interface Outline {
  attributes: Record<string, string>;
  children: Outline[];
}

/** The OPML's body outlines as a tree, read by saxes (strict, namespace-aware). */
function readOpml(xml: string): { version: string; title: string; outlines: Outline[] } {
  const parser = new SaxesParser({ xmlns: true });
  const root: Outline = { attributes: {}, children: [] };
  const stack: Outline[] = [];
  let version = '';
  let title = '';
  let inTitle = false;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = typeof v === 'string' ? v : v.value;
    if (tag.name === 'opml') version = attributes.version ?? '';
    inTitle = tag.name === 'title';
    if (tag.name !== 'outline') return;
    const node: Outline = { attributes, children: [] };
    (stack.at(-1) ?? root).children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (inTitle) title += t;
  });
  parser.on('closetag', (tag) => {
    inTitle = false;
    if (tag.name === 'outline') stack.pop();
  });
  parser.write(xml).close();
  return { version, title, outlines: root.children };
}

describe('pages and OPML on the bundled sample', function () {
  this.timeout(180_000);
  let project: TempProject;
  let out: string;
  let registry: Registry;
  const read = (rel: string) => readFileSync(path.join(out, rel), 'utf8');
  /** The category slugs a locale has feeds for, from the folders the build wrote. */
  const categoriesOf = (tag: string) => (existsSync(path.join(out, tag, 'categories')) ? readdirSync(path.join(out, tag, 'categories')).sort() : []);
  const feedTitle = (rel: string) => (JSON.parse(read(rel)) as { title: string }).title;

  before(async function () {
    project = tempProject({ sampleContent: true });
    out = project.out;
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--out', out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    // Every locale has every page string: no strings-missing warning.
    expect(r.stderr).not.to.include('[strings-missing]');
    registry = (await loadRegistry(project.locales)).registry!;
  });
  after(() => project?.remove());

  it('html-validate (recommended rules): no error and no warning on any of the 30 pages', async function () {
    const hv = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const pages = ['index.html', ...registry.locales.map((l) => `${l.tag}/index.html`)];
    const problems: string[] = [];
    let errors = 0;
    let warnings = 0;
    for (const rel of pages) {
      const report = await hv.validateString(read(rel), rel);
      errors += report.errorCount;
      warnings += report.warningCount;
      for (const r of report.results) for (const m of r.messages) problems.push(`${rel}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
    expect(problems).to.deep.equal([]);
    expect({ pages: pages.length, errors, warnings }).to.deep.equal({ pages: 30, errors: 0, warnings: 0 });
  });

  it('parse5 finds no parse error in any page', function () {
    for (const rel of ['index.html', ...registry.locales.map((l) => `${l.tag}/index.html`)]) {
      const errors: string[] = [];
      fromHtml(read(rel), { onerror: (e) => void errors.push(`${e.line}:${e.column} ${e.reason}`) });
      expect(errors, rel).to.deep.equal([]);
    }
  });

  it('a language page: lang and dir, one h1, the three feeds announced with the media types of the outputs table, hreflang for every other language', function () {
    const feedRows = OUTPUTS.filter((k) => k.plan === 'locale');
    for (const locale of registry.locales) {
      const rel = `${locale.tag}/index.html`;
      const all = elements(fromHtml(read(rel)));
      const html = all.find((e) => e.tagName === 'html')!;
      expect(prop(html, 'lang'), rel).to.equal(locale.feedTag);
      expect(prop(html, 'dir'), rel).to.equal(locale.dir);
      expect(all.filter((e) => e.tagName === 'h1'), rel).to.have.length(1);
      for (const landmark of ['header', 'main', 'nav', 'footer']) expect(all.filter((e) => e.tagName === landmark), `${rel} <${landmark}>`).to.have.length(1);
      const alternates = all.filter((e) => e.tagName === 'link' && prop(e, 'rel') === 'alternate');
      const discovery = alternates.filter((e) => prop(e, 'type')).map((e) => [prop(e, 'type'), prop(e, 'href')]);
      expect(discovery, rel).to.deep.equal(feedRows.map((k) => [k.format.mediaType, `${BASE}${k.path.replace('{locale}', locale.tag)}`]));
      expect(discovery.map(([type]) => type)).to.deep.equal(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
      const hreflang = alternates.filter((e) => prop(e, 'hrefLang')).map((e) => [prop(e, 'hrefLang'), prop(e, 'href')]);
      expect(hreflang, rel).to.deep.equal([
        ...registry.locales.filter((l) => l !== locale).map((l) => [l.feedTag, `${BASE}${l.tag}/index.html`]),
        ['x-default', `${BASE}index.html`],
      ]);
      // The subscribe block: each feed labelled, its full address as the link's text; then the
      // category feeds under "topics", each by its name in the language, in the same three formats.
      const lists = all.filter((e) => e.tagName === 'ul' && prop(e, 'className') === 'feeds').map((ul) => elements(ul).filter((e) => e.tagName === 'li').map((li) => toString(li)));
      const labelled = (dir: string) => ['RSS 2.0', 'Atom 1.0', 'JSON Feed 1.1'].map((label, i) => `${label} ${BASE}${dir}${FEED_FILES[i]}`);
      const slugs = categoriesOf(locale.tag);
      expect(slugs.length, `${locale.tag}: category feeds`).to.be.greaterThan(0);
      expect(lists, rel).to.deep.equal([labelled(`${locale.tag}/`), ...slugs.map((c) => labelled(`${locale.tag}/categories/${c}/`))]);
      const topics = all.find((e) => prop(e, 'className') === 'topics')!;
      const names = elements(topics).filter((e) => e.tagName === 'h4').map((e) => toString(e));
      expect(names.map((n) => `${feedTitle(`${locale.tag}/feed.json`)} — ${n}`), rel).to.deep.equal(slugs.map((c) => feedTitle(`${locale.tag}/categories/${c}/feed.json`)));
      // The other languages by their own names, each in its language and direction.
      const nav = all.find((e) => e.tagName === 'nav')!;
      const links = elements(nav).filter((e) => e.tagName === 'a');
      expect(links.map((a) => [toString(a), prop(a, 'lang'), prop(a, 'hrefLang'), prop(a, 'dir'), prop(a, 'href')]), rel).to.deep.equal(
        registry.locales.filter((l) => l !== locale).map((l) => [l.name, l.feedTag, l.feedTag, l.dir, `../${l.tag}/index.html`]));
    }
  });

  it('a language page lists its feed\'s items: headline linked, local date, summary, image with its alt text', function () {
    const json = JSON.parse(read('fa/feed.json')) as { items: { title: string; url: string; summary: string; image?: string; attachments?: { title?: string }[] }[] };
    const all = elements(fromHtml(read('fa/index.html')));
    const articles = all.filter((e) => e.tagName === 'article');
    expect(articles).to.have.length(json.items.length);
    articles.forEach((article, i) => {
      const item = json.items[i]!;
      const inside = elements(article);
      const a = inside.find((e) => e.tagName === 'h3')!.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a')!;
      expect([toString(a), prop(a, 'href')]).to.deep.equal([item.title, item.url]);
      expect(toString(inside.find((e) => prop(e, 'className') === 'summary')!)).to.equal(item.summary);
      const time = inside.find((e) => e.tagName === 'time')!;
      expect(prop(time, 'dateTime')).to.equal('2015-07-21T18:30:00+06:00');
      // The Solar Hijri calendar and Persian digits, as fa's registry entry asks.
      expect(toString(time)).to.equal('۳۰ تیر ۱۳۹۴');
      const img = inside.find((e) => e.tagName === 'img')!;
      expect([prop(img, 'src'), prop(img, 'alt')]).to.deep.equal([item.image, item.attachments![0]!.title]);
    });
  });

  it('the root page: every language by its own name, with lang and dir on each link; the OPML', function () {
    const all = elements(fromHtml(read('index.html')));
    const html = all.find((e) => e.tagName === 'html')!;
    expect([prop(html, 'lang'), prop(html, 'dir')]).to.deep.equal(['en', 'ltr']);
    expect(toString(all.find((e) => e.tagName === 'title')!)).to.equal('RFE/RL news feeds');
    expect(all.filter((e) => e.tagName === 'h1').map((e) => toString(e))).to.deep.equal(['RFE/RL news feeds']);
    const main = all.find((e) => e.tagName === 'main')!;
    const nav = elements(main).find((e) => e.tagName === 'nav')!;
    expect(elements(nav).filter((e) => e.tagName === 'a').map((a) => [toString(a), prop(a, 'lang'), prop(a, 'dir'), prop(a, 'href')])).to.deep.equal(
      registry.locales.map((l) => [l.name, l.feedTag, l.dir, `${l.tag}/index.html`]));
    const opml = all.filter((e) => e.tagName === 'a' && prop(e, 'href') === 'feeds.opml');
    expect(opml.map((a) => prop(a, 'type'))).to.deep.equal(['text/x-opml']);
  });

  it('every link between our documents (href, src, xml-stylesheet) leads to a file in out/ of a lower rank: nothing links to a file not yet published', function () {
    const files = [...snapshot(out).keys()].map((f) => f.split(path.sep).join('/'));
    let checked = 0;
    for (const rel of files) {
      const from = kindOf(rel)!;
      expect(from, rel).to.exist;
      const text = read(rel);
      const targets = from.kind.format.name === 'html'
        ? elements(fromHtml(text)).flatMap((e) => [prop(e, 'href'), prop(e, 'src')]).filter((h): h is string => h !== undefined && !/^[a-z]+:|^#/.test(h))
        : [...text.matchAll(/<\?xml-stylesheet [^?]*href="([^"]+)"/g)].map((m) => m[1]!);
      for (const href of targets) {
        const to = path.posix.normalize(path.posix.join(path.posix.dirname(rel), href));
        expect(existsSync(path.join(out, to)), `${rel} → ${href}`).to.equal(true);
        const target = kindOf(to)!;
        // Pages link each other (a language page and the root page too): the one cycle, within one rank.
        const ok = target.kind.rank < from.kind.rank || (target.kind.rank === from.kind.rank && target.kind.format.name === 'html' && from.kind.format.name === 'html');
        expect(ok, `${rel} (rank ${from.kind.rank}) → ${to} (rank ${target.kind.rank})`).to.equal(true);
        checked++;
      }
    }
    // 29 pages × (style sheet, root page, OPML, 28 languages) + root (style sheet, OPML, 29 languages)
    // + the style sheet of every RSS and Atom feed, the category feeds' too (../../feed.css), and the archives' (../feed.css).
    const xmlFeeds = files.filter((f) => /(^|\/)(rss|atom)\.xml$/.test(f)).length;
    expect(xmlFeeds).to.equal(58 + 2 * 131);
    const xmlArchives = files.filter((f) => /\/archive\/\d{4}-\d{2}\.(rss|atom)\.xml$/.test(f)).length;
    expect(xmlArchives).to.equal(2 * 22);
    expect(checked).to.equal(29 * 31 + 31 + xmlFeeds + xmlArchives);
    expect(read('en/archive/2015-07.rss.xml').split('\n')[1]).to.equal('<?xml-stylesheet type="text/css" href="../feed.css"?>');
    expect(read('en/categories/russia/rss.xml').split('\n')[1]).to.equal('<?xml-stylesheet type="text/css" href="../../feed.css"?>');
    // Feeds carry the processing instruction, before the root element.
    expect(read('en/rss.xml').split('\n').slice(0, 3)).to.deep.equal([
      '<?xml version="1.0" encoding="utf-8"?>', '<?xml-stylesheet type="text/css" href="feed.css"?>', read('en/rss.xml').split('\n')[2]]);
    expect(read('fa/atom.xml').split('\n')[1]).to.equal('<?xml-stylesheet type="text/css" href="feed.css"?>');
  });

  it('out/feeds.opml: OPML 2.0 (saxes), one group per language named in that language, every feed in every format under it', function () {
    const opml = readOpml(read('feeds.opml'));
    expect(opml.version).to.equal('2.0');
    expect(opml.title).to.equal('RFE/RL news feeds');
    expect(opml.outlines.map((g) => g.attributes)).to.deep.equal(registry.locales.map((l) => ({ text: l.name })));
    opml.outlines.forEach((group, i) => {
      const locale = registry.locales[i]!;
      // The locale's feeds, then each of its category feeds, every one in the three formats.
      const dirs = [`${locale.tag}/`, ...categoriesOf(locale.tag).map((c) => `${locale.tag}/categories/${c}/`)];
      expect(group.children.map((o) => o.attributes), locale.tag).to.deep.equal(dirs.flatMap((dir) => ['RSS 2.0', 'Atom 1.0', 'JSON Feed 1.1'].map((label, f) => {
        const title = feedTitle(`${dir}feed.json`);
        return {
          type: 'rss',
          text: `${title} (${label})`,
          title,
          description: (JSON.parse(read(`${dir}feed.json`)) as { description: string }).description,
          xmlUrl: `${BASE}${dir}${FEED_FILES[f]}`,
          htmlUrl: locale.site,
          language: locale.feedTag,
          ...(f === 0 ? { version: 'RSS' } : {}),
        };
      })));
    });
  });

  it('out/<locale>/feeds.opml: the locale\'s feeds in its language; every xmlUrl and htmlUrl under the base URL is a file in out/', function () {
    const fa = readOpml(read('fa/feeds.opml'));
    expect(fa.title).to.equal('رادیو فردا — بخش فارسی رادیو اروپای آزاد/رادیو آزادی: خوراک‌ها');
    expect(fa.outlines.map((g) => g.attributes.text)).to.deep.equal(['فارسی']);
    let underBase = 0;
    for (const rel of ['feeds.opml', ...registry.locales.map((l) => `${l.tag}/feeds.opml`)]) {
      const urls = readOpml(read(rel)).outlines.flatMap((g) => g.children).flatMap((o) => [o.attributes.xmlUrl!, o.attributes.htmlUrl!]);
      for (const url of urls) {
        if (!url.startsWith(BASE)) continue;
        underBase++;
        expect(existsSync(path.join(out, url.slice(BASE.length))), `${rel}: ${url}`).to.equal(true);
      }
    }
    // Every feed (87 locale, 393 category) once in out/feeds.opml and once in its locale's.
    expect(underBase).to.equal(480 * 2);
  });

  it('newsboat imports out/feeds.opml: its url file then lists every feed, tagged with its language', function () {
    const home = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-newsboat-'));
    try {
      const urls = path.join(home, 'urls');
      const r = spawnSync('newsboat', ['-i', path.join(out, 'feeds.opml'), '-u', urls, '-c', path.join(home, 'cache.db')], {
        encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local') }, cwd: home, timeout: 60_000,
      });
      expect(r.error, 'newsboat must be installed (apt-get install newsboat)').to.equal(undefined);
      expect(r.status, r.stderr).to.equal(0);
      const lines = readFileSync(urls, 'utf8').trim().split('\n');
      const imported = lines.map((l) => l.split(' ')[0]);
      const expected = registry.locales.flatMap((l) => [`${l.tag}/`, ...categoriesOf(l.tag).map((c) => `${l.tag}/categories/${c}/`)])
        .flatMap((dir) => FEED_FILES.map((f) => `${BASE}${dir}${f}`));
      expect(imported).to.have.members(expected);
      expect(imported).to.have.length(480);
      expect(lines).to.include(`${BASE}fa/rss.xml "فارسی"`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('mediaTypeOf serves pages, OPML and style sheets with the types of the outputs table', function () {
    expect(mediaTypeOf('index.html')).to.equal('text/html; charset=utf-8');
    expect(mediaTypeOf('fa/index.html')).to.equal('text/html; charset=utf-8');
    expect(mediaTypeOf('feeds.opml')).to.equal('text/x-opml; charset=utf-8');
    expect(mediaTypeOf('uz-Latn/feeds.opml')).to.equal('text/x-opml; charset=utf-8');
    expect(mediaTypeOf('style.css')).to.equal('text/css; charset=utf-8');
    expect(mediaTypeOf('fa-AF/feed.css')).to.equal('text/css; charset=utf-8');
    expect(mediaTypeOf('en/rss.xml')).to.equal(`${FORMATS.rss.mediaType}; charset=utf-8`);
    expect(mediaTypeOf('en/style.css')).to.equal('application/octet-stream');
  });

  it('polyfeed validate checks all 637 documents', function () {
    const v = polyfeed(['validate', out, '--locales', project.locales]);
    expect(v.code, v.stderr).to.equal(0);
    expect(v.stdout).to.match(/637 documents checked .* 637 valid, 0 with errors/);
  });
});

describe('page strings', function () {
  this.timeout(60_000);

  it('a locale without a page string warns (strings-missing) and its page shows the fallback\'s', async function () {
    const locales = smallLocales(['en', 'ru']);
    try {
      const file = path.join(locales, 'ru', 'page.json');
      const strings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      delete strings.skipLink;
      writeFileSync(file, JSON.stringify(strings, null, 2));
      const r = await build({ files: [{ path: 'story/en.md', text: '---\ntitle: A story\ndate: 2024-05-01T10:00:00+02:00\n---\n\nBody.\n' }], locales, now: new Date(NOW) });
      const warnings = r.diagnostics.filter((d) => d.ruleId === 'strings-missing');
      expect(warnings.map((d) => [d.file, d.message])).to.deep.equal([[file, '1 string missing: skipLink']]);
      const page = r.documents.find((d) => d.path === 'ru/index.html')!.text;
      expect(page).to.include('<a class="skip" href="#main">Skip to main content</a>');
      expect(page).to.include('<h2 id="subscribe-heading">Подписаться</h2>');
    } finally {
      rmSync(locales, { recursive: true, force: true });
    }
  });
});

describe('the one writer for pages and feed style sheets', function () {
  it('writes an xml-stylesheet processing instruction before the root, its pseudo-attributes escaped', function () {
    const xml = serializeXml(el('rss', { version: '2.0' }), [stylesheetInstruction('a"b?>c&.css')]);
    expect(xml).to.equal('<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/css" href="a&quot;b?&gt;c&amp;.css"?>\n<rss version="2.0"/>\n');
  });

  it('writes HTML: the doctype, void elements without end tags, empty elements closed, text escaped', function () {
    const html = serializeHtml(el('html', { lang: 'en' }, el('head', {}, el('meta', { charset: 'utf-8' }), el('title', {}, 'a < b & "c"')), el('body', {}, el('p', {}), el('img', { src: 'x.png', alt: '' }))));
    expect(html).to.equal('<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n    <title>a &lt; b &amp; "c"</title>\n  </head>\n' +
      '  <body>\n    <p></p>\n    <img src="x.png" alt="">\n  </body>\n</html>\n');
  });

  it('refuses a script, content in a void element, and a bad element name', function () {
    expect(() => serializeHtml(el('html', {}, el('script', {}, 'alert(1)')))).to.throw(/refusing to write an element <script>/);
    expect(() => serializeHtml(el('html', {}, el('br', {}, 'x')))).to.throw(/void element <br>/);
    expect(() => serializeXml(el('a b'))).to.throw(/refusing/);
  });
});
