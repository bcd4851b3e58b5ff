/**
 * Property: hostile front matter values and Markdown bodies — XML-invalid control characters,
 * C1 controls, U+FFFE/U+FFFF, lone surrogates, `]]>`, entities, markup, `<script>`, right-to-left
 * text — never break a document. Every XML document is well-formed (checked twice, by the
 * project's own check and by a separate strict saxes parse), every JSON document parses, no
 * forbidden character survives, no script reaches any HTML, and the title comes back as the
 * test computes it independently.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Element, Root, RootContent } from 'hast';
import { SaxesParser } from 'saxes';
import { parseDocument } from 'yaml';
import { build, type Diagnostic } from '../src/index.js';
import { xmlWellFormednessErrors } from '../src/validate/checks.js';
import { checkCss } from '../src/validate/documents.js';
import { smallLocales } from './support/fixtures.js';
import { atomText, sniffedText } from './support/readers.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const DATE = '2024-05-01T10:00:00+02:00';

// What no output may contain: the C0 controls XML 1.0 forbids, DEL and the C1 controls
// (NEL included: it becomes a line feed), and the noncharacters U+FFFE, U+FFFF.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const REMOVED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/g;

/** The title (or any plain-text value) a reader must see, computed from the input alone. */
const expectedText = (s: string) => s.toWellFormed().replace(/\r\n?|\u0085/g, '\n').replace(REMOVED, '').trim();
// A title a reader would see nothing of: white space, format characters (ZWSP, RLM, word joiner, soft hyphen …), fillers.
const showsNothing = (s: string) => !/[^\s\p{Cf}\p{Cc}\p{Z}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]/u.test(s);

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
const CONTROLS = [...range(0x00, 0x1f), ...range(0x7f, 0x9f), '\ufffe', '\uffff'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', '\ud83d', '\ude00'];
const RTL = ['مرحبا', 'قرقیزستان', 'حقوق\u200cبشر', 'שלום', 'עברית', '\u200f', '\u202e', '\u2067', '\u061c', '۱۴۰۲'];
const MARKUP = [
  '&', '&amp;', '&lt;', '&#0;', '&#x1;', '&#xFFFE;', '&nbsp;', '<', '>', '"', "'", '\\', '`', '*', '_', '~', '|', '[', ']', '#',
  ']]>', ']]>]]>', '<![CDATA[', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE x>',
  '<script>', '</script>', '<script>alert(1)</script>', '<SCRIPT SRC=//x>', '<scr<script>ipt>', '<b>bold</b>', '<div>',
  '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '[x](javascript:alert(1))', '<svg onload=alert(1)>',
  '<iframe src=x>', '<style>', '<title>', '<textarea>', '<plaintext>', '{{x}}', '$t(x)',
];
const SPACE = [' ', '  ', '\t', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b'];
// JavaScript's /m regexes take U+2028 and U+2029 for line ends: inside a quoted value they must
// not end the front matter.
const DELIMITERS = ['---', '...', '\u2028---\u2028', '\u2029...\u2029', '\u2028---', '---\u2029'];
const LETTERS = ['a', 'Z', 'Қ', 'ғ', 'ʻ', 'é', 'e\u0301', '😀', '𝔸', '🇰🇬'];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CONTROLS) },
  { weight: 2, arbitrary: fc.constantFrom(...SURROGATES) },
  { weight: 2, arbitrary: fc.constantFrom(...RTL) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 1, arbitrary: fc.constantFrom(...SPACE) },
  { weight: 1, arbitrary: fc.constantFrom(...DELIMITERS) },
  { weight: 2, arbitrary: fc.constantFrom(...LETTERS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
);
const junk = (maxLength: number, minLength = 0) => fc.array(piece, { minLength, maxLength }).map((p) => p.join(''));
// A line break written in the Markdown source (the body may have any of them).
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\n\n\n');
const bodyJunk = fc.array(fc.oneof(piece, piece, lineBreak), { maxLength: 60 }).map((p) => p.join(''));

const article = fc.record({
  locale: fc.constantFrom('en', 'fa', 'ky'),
  // Any title, also one that is empty once the characters no feed can carry are removed.
  title: junk(20, 1),
  summary: fc.option(junk(12).map((s) => `S${s}`), { nil: undefined }),
  authors: fc.array(junk(6).map((s) => `A${s}`), { maxLength: 3 }),
  marker: fc.nat({ max: 999_999 }).map((n) => `pfmark${n}z`),
  inline: junk(15),
  body: bodyJunk,
});
type Generated = typeof article extends fc.Arbitrary<infer T> ? T : never;

function sourceOf(a: Generated): string {
  const lines = [`title: ${JSON.stringify(a.title)}`, `date: ${DATE}`];
  if (a.summary !== undefined) lines.push(`summary: ${JSON.stringify(a.summary)}`);
  if (a.authors.length) lines.push(`authors: [${a.authors.map((x) => JSON.stringify(x)).join(', ')}]`);
  // The marker opens the body, so no unclosed tag or block before it can swallow it.
  return `---\n${lines.join('\n')}\n---\n\n${a.marker} ${a.inline}\n\n${a.body}\n`;
}

/** Strict, namespace-aware parse; returns every text and attribute value (decoded). */
function saxesStrings(xml: string): string[] {
  const strings: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('text', (t) => strings.push(t));
  parser.on('cdata', (t) => strings.push(t));
  parser.on('opentag', (tag) => {
    for (const a of Object.values(tag.attributes)) strings.push(typeof a === 'string' ? a : a.value);
  });
  parser.write(xml).close();
  return strings;
}

/** Every text and attribute value of a parsed HTML document. */
function hastStrings(n: Root | RootContent, out: string[] = []): string[] {
  if (n.type === 'text') out.push(n.value);
  if (n.type === 'element') for (const v of Object.values(n.properties)) out.push(...(Array.isArray(v) ? v.map(String) : [String(v)]));
  if ('children' in n) n.children.forEach((c) => hastStrings(c, out));
  return out;
}

function findElement(n: Root | RootContent, tagName: string): Element | undefined {
  if (n.type === 'element' && n.tagName === tagName) return n;
  if ('children' in n) for (const c of n.children) {
    const found = findElement(c, tagName);
    if (found) return found;
  }
  return undefined;
}

function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => jsonStrings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (jsonStrings(k, out), jsonStrings(v, out)));
  return out;
}

/** Scripts, event handlers and javascript: URLs in an HTML fragment, as a browser would parse it. */
function dangerousHtml(html: string): string[] {
  const found: string[] = [];
  const visit = (n: Root | RootContent) => {
    if (n.type === 'element') {
      const e = n as Element;
      if (['script', 'iframe', 'object', 'embed', 'style'].includes(e.tagName)) found.push(`<${e.tagName}>`);
      for (const [k, v] of Object.entries(e.properties)) {
        if (/^on/i.test(k)) found.push(`${e.tagName} ${k}`);
        if (/^\s*(javascript|data|vbscript):/i.test(String(v))) found.push(`${e.tagName} ${k}=${String(v)}`);
      }
    }
    if ('children' in n) n.children.forEach(visit);
  };
  visit(fromHtml(html, { fragment: true }));
  return found;
}

describe('hostile front matter values and bodies (property)', function () {
  this.timeout(180_000);
  const locales = smallLocales(['en', 'fa', 'ky']);
  const stats = { built: 0, rejected: 0, emptyTitle: 0 };
  after(() => rmSync(locales, { recursive: true, force: true }));

  it('≥ 1,000 generated articles: well-formed documents, expected titles, no controls, no scripts', async function () {
    await fc.assert(
      fc.asyncProperty(article, async (a) => {
        const text = sourceOf(a);
        const file = `content/story/${a.locale}.md`;
        const { documents, diagnostics } = await build({ files: [{ path: `story/${a.locale}.md`, text }], locales, now: NOW });
        const errors = diagnostics.filter((d) => d.severity === 'error');

        if (showsNothing(expectedText(a.title))) {
          // Nothing of the title can be published: an error on its line, not an empty <title>.
          expect(errors.map((d) => `${d.file}:${d.line}: ${d.ruleId}`)).to.deep.equal([`${file}:2: fm-empty`]);
          expect(documents).to.deep.equal([]);
          stats.emptyTitle++;
          return;
        }
        if (errors.length > 0) {
          // An input error, never a crash: front matter errors with a line, and only where a
          // YAML parser on its own refuses the front matter too.
          expect(documents).to.deep.equal([]);
          for (const d of errors) {
            expect(d.file, JSON.stringify(d)).to.equal(file);
            expect(d.line, JSON.stringify(d)).to.be.a('number');
            expect(d.ruleId, JSON.stringify(d)).to.match(/^fm-/);
          }
          const yaml = text.slice(4, text.indexOf('\n---\n'));
          const alone = parseDocument(yaml, { strict: true, uniqueKeys: true });
          expect(alone.errors, `polyfeed refused front matter that YAML accepts: ${JSON.stringify(yaml)} → ${errors.map((d: Diagnostic) => d.message).join('; ')}`).to.not.deep.equal([]);
          stats.rejected++;
          return;
        }
        stats.built++;

        // 3 locales × (RSS, Atom, JSON, page, OPML, feed.css) + the root page, OPML and style.css.
        expect(documents.filter((d) => d.format !== 'headers')).to.have.length(21);
        for (const doc of documents.filter((d) => d.format !== 'headers')) {
          expect(doc.text.isWellFormed(), `${doc.path}: lone surrogate`).to.equal(true);
          expect(FORBIDDEN.test(doc.text), `${doc.path}: forbidden character ${JSON.stringify(FORBIDDEN.exec(doc.text)?.[0])}`).to.equal(false);
          if (doc.format === 'json') {
            for (const s of jsonStrings(JSON.parse(doc.text))) {
              expect(s.isWellFormed() && !FORBIDDEN.test(s), `${doc.path}: decoded string ${JSON.stringify(s)}`).to.equal(true);
            }
          } else if (doc.format === 'html') {
            const parseErrors: string[] = [];
            const tree = fromHtml(doc.text, { onerror: (e) => void parseErrors.push(e.reason) });
            expect(parseErrors, `${doc.path}: HTML parse errors`).to.deep.equal([]);
            for (const s of hastStrings(tree)) expect(s.isWellFormed() && !FORBIDDEN.test(s), `${doc.path}: decoded text ${JSON.stringify(s)}`).to.equal(true);
            expect(dangerousHtml(doc.text), `${doc.path}: dangerous HTML`).to.deep.equal([]);
          } else if (doc.format === 'feed-css' || doc.format === 'page-css') {
            expect(checkCss(doc.text), doc.path).to.deep.equal([]);
            expect(doc.text, `${doc.path}: markup in a style sheet`).not.to.include('<');
          } else {
            expect(xmlWellFormednessErrors(doc.text), doc.path).to.deep.equal([]);
            for (const s of saxesStrings(doc.text)) {
              expect(s.isWellFormed() && !FORBIDDEN.test(s), `${doc.path}: decoded text ${JSON.stringify(s)}`).to.equal(true);
            }
            expect(doc.text, `${doc.path}: ]]> in the bytes`).not.to.include(']]>');
            expect(doc.text, `${doc.path}: <script in the bytes`).not.to.match(/<script/i);
          }
        }

        const doc = (format: string) => documents.find((d) => d.locale === a.locale && d.format === format)!.text;
        const rss = parseRssFeed(doc('rss')).items![0]!;
        const atom = parseAtomFeed(doc('atom')).entries![0]!;
        const json = parseJsonFeed(JSON.parse(doc('json'))).items![0]!;
        const title = expectedText(a.title);
        // As readers show them: an RSS title by feedparser's guess, an Atom one by its type (test/support/readers.ts).
        expect(sniffedText(rss.title!), 'RSS title').to.equal(title);
        expect(atomText(atom.title), 'Atom title').to.equal(title);
        expect(atom.title?.type).to.be.oneOf(['text', 'html']);
        expect(json.title, 'JSON title').to.equal(title);
        // feedsmith trims what it reads; the bytes themselves must be trimmed too.
        expect(JSON.parse(doc('json')).items[0].title, 'JSON title as written').to.equal(title);
        if (a.summary !== undefined) {
          expect(atomText(atom.summary), 'Atom summary').to.equal(expectedText(a.summary));
          expect(json.summary, 'JSON summary').to.equal(expectedText(a.summary));
        }
        expect((json.authors ?? []).map((x) => x.name), 'JSON authors').to.deep.equal(a.authors.map(expectedText));
        // The page shows the headline as it is, as text (noncharacters, which HTML does not carry, as U+FFFD).
        const page = fromHtml(doc('html'));
        expect(toString(findElement(page, 'h3')!), 'page headline').to.equal(title.replace(/\p{Noncharacter_Code_Point}/gu, '\uFFFD'));
        expect((atom.authors ?? []).map((x) => x.name), 'Atom authors').to.deep.equal(a.authors.map(expectedText));

        const htmls = [rss.content!.encoded!, atom.content!.value!, json.content_html!];
        expect(htmls[1], 'the same HTML in RSS and Atom').to.equal(htmls[0]);
        expect(htmls[2], 'the same HTML in Atom and JSON').to.equal(htmls[0]);
        const html = htmls[0]!;
        expect(html.startsWith(`<div lang="${a.locale}" dir="${a.locale === 'fa' ? 'rtl' : 'ltr'}">`), html.slice(0, 60)).to.equal(true);
        expect(html, 'the marker word of the body').to.include(a.marker);
        expect(html, '<script in the HTML').not.to.match(/<script/i);
        expect(dangerousHtml(html), 'dangerous HTML').to.deep.equal([]);
        // Readers take RSS <description> as HTML too.
        expect(rss.description ?? '', 'RSS description').not.to.match(/<script/i);
        expect(dangerousHtml(rss.description ?? ''), 'dangerous HTML in the RSS description').to.deep.equal([]);
      }),
      { numRuns: 1000 },
    );
    // Most generated articles build; the rest are refused by YAML itself or have an empty title.
    if (process.env.POLYFEED_TEST_VERBOSE) console.log(stats);
    expect(stats.built + stats.rejected + stats.emptyTitle).to.be.at.least(1000);
    expect(stats.built).to.be.at.least(800);
    expect(stats.rejected, `${stats.rejected} refused`).to.be.below(stats.built / 20);
  });
});

describe('hostile values: edge cases found by hand', function () {
  const locales = smallLocales(['en']);
  after(() => rmSync(locales, { recursive: true, force: true }));
  const one = async (frontMatter: string, body = 'Body.\n') =>
    build({ files: [{ path: 'story/en.md', text: `---\n${frontMatter}\ndate: ${DATE}\n---\n\n${body}` }], locales, now: NOW });
  const jsonItem = (r: Awaited<ReturnType<typeof one>>) =>
    JSON.parse(r.documents.find((d) => d.format === 'json')!.text).items[0] as { title: string; summary: string };

  it('a title is trimmed after removing the characters that cannot be written (no " x" in the JSON)', async function () {
    const r = await one(`title: ${JSON.stringify(' \u0000 x \u0001')}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(jsonItem(r).title).to.equal('x');
    expect(r.documents.find((d) => d.format === 'rss')!.text).to.include('<title>x</title>');
  });

  it('a title made only of characters that cannot be written is an empty title: an error on its line', async function () {
    const r = await one(`title: ${JSON.stringify('\u0000\u0001\ufffe')}`);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file}:${d.line}: ${d.ruleId}`)).to.deep.equal(['content/story/en.md:2: fm-empty']);
    expect(r.documents).to.deep.equal([]);
  });

  it('U+2028 before and after "---" inside a quoted title does not end the front matter', async function () {
    const title = 'Before\u2028---\u2028after';
    const r = await one(`title: ${JSON.stringify(title)}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(jsonItem(r).title).to.equal(title);
  });

  it('RSS <description> is read as HTML by feed readers: a summary that mentions <script> is escaped for HTML too', async function () {
    // An article about XSS shows the attack in a code span; its first paragraph becomes the summary.
    const r = await one('title: XSS explained', 'Attackers write `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>` into comments.\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const description = parseRssFeed(r.documents.find((d) => d.format === 'rss')!.text).items![0]!.description!;
    expect(description).to.include('alert(1)');
    expect(description, 'the decoded <description>').not.to.match(/<script|<img/i);
    expect(dangerousHtml(description)).to.deep.equal([]);
  });
});
