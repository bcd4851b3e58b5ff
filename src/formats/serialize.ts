/**
 * The one place where text is escaped for the documents polyfeed writes: the XML writer
 * (feeds, OPML, XLIFF, and in its HTML mode the pages), the JSON writer and the CSS string
 * writer. Text was cleaned where it came in (src/util/clean.ts); a character XML cannot carry
 * reaching this point is a bug, and is refused, never written. Neither the `feed` package
 * nor any format module escapes anything on its own.
 */
import { isClean } from '../util/clean.js';
import type { Reading, XElement, XInstruction, XText } from './xml.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

function assertClean(text: string): string {
  if (!isClean(text)) throw new Error(`polyfeed bug: text that was not cleaned where it came in reached the XML writer: ${JSON.stringify(text.slice(0, 80))}`);
  return text;
}

/**
 * Escapes text for XML element content. `>` is escaped too, so `]]>` can never appear;
 * `&amp;` in the input is text and is written `&amp;amp;`; a CR (which XML parsers would
 * turn into a line feed) is a character reference.
 */
function escapeText(text: string): string {
  return assertCleanXml(text).replace(/[&<>\r]/g, (c) => ESCAPES[c]!);
}

/** As `escapeText`, for a double-quoted attribute value; TAB, LF and CR are kept as references. */
function escapeAttribute(text: string): string {
  return assertCleanXml(text).replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c]!);
}

/*
 * Plain text that readers may take for HTML.
 *
 * A headline is plain text (the JSON Feed carries it as such), but RSS does not say whether
 * its text fields are text or HTML, and readers guess: feedparser takes a title, a
 * <copyright> or a <dc:rights> for HTML when it holds an end tag (`</b>`) or a complete
 * reference (`&amp;`, `&#39;`), and renders it; newsboat shows every RSS title as text; the
 * channel <description> is HTML to feedparser always; the W3C validator warns about an end
 * tag or a reference in any of them, and, after the RSS Best Practices Profile, about `&`
 * and `<` in plain text not written as hexadecimal references. So plain text is written:
 *
 * - as HTML text (`&`, `<`, `>` escaped once more) where readers take it for HTML: always
 *   for the `html` reading, and for the `sniffed` one when the text looks like markup
 *   (`looksLikeMarkup`); every HTML-reading reader then renders it to the literal text,
 *   and the escaped form has neither end tags nor references other than &amp; &lt; &gt;,
 *   so feedparser's guess is HTML for it, consistently;
 * - with `&`, `<` and `>` as hexadecimal references (`&#x26;`, `&#x3C;`, `&#x3E;`), the
 *   Profile's spelling for plain text, which is what keeps the W3C validator quiet.
 *
 * A `sniffed` text that looks like markup is the one case no RSS encoding can settle:
 * newsboat then shows its HTML form (`&amp;amp;`). Atom can say what it holds, so an Atom
 * text construct that looks like markup is `type="html"` (`textConstruct`) and reads the
 * same everywhere.
 */

// feedparser's looks_like_html, first test (an end tag, or a reference ending in `;`), with
// Python's \w (letters, digits, underscore; marks too, which only widens it). The W3C
// validator's "should not contain HTML" looks for the same end tags and references.
const MARKUP = /<\/[\p{L}\p{M}\p{N}_]+>|&#?[\p{L}\p{M}\p{N}_]+;/u;

/** Whether readers that guess would take this plain text for HTML. */
export function looksLikeMarkup(text: string): boolean {
  return MARKUP.test(text);
}

const HEX: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;', '\r': '&#13;' };
const HTML_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Plain text for a field that readers read as `reading` (the comment above), in element content or a quoted attribute value. */
function escapePlain(text: string, reading: Reading, attribute = false): string {
  const html = reading === 'html' || (reading === 'sniffed' && looksLikeMarkup(text));
  const source = assertCleanXml(html ? text.replace(/[&<>]/g, (c) => HTML_TEXT[c]!) : text);
  return attribute ? source.replace(/[&<>"\t\n\r]/g, (c) => HEX[c] ?? ESCAPES[c]!) : source.replace(/[&<>\r]/g, (c) => HEX[c]!);
}

/**
 * An Atom text construct's `type` and content for plain text: `type="text"` unless the text
 * looks like markup, then `type="html"` with the text as HTML (the W3C validator warns about
 * markup in `type="text"`; `html` says what the content is, and every reader renders it to
 * the text).
 */
export function textConstruct(text: string): { type: 'text' | 'html'; content: XText } {
  return looksLikeMarkup(text)
    ? { type: 'html', content: { type: 'text', text, reading: 'html' } }
    : { type: 'text', content: { type: 'text', text, reading: 'text' } };
}

// What XML 1.0 cannot carry at all (CR and NEL can be written, as references or as such).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function assertCleanXml(text: string): string {
  if (!text.isWellFormed() || NOT_XML.test(text)) {
    throw new Error(`polyfeed bug: a character XML cannot carry reached the XML writer: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return text;
}

/**
 * Serializes a document: XML declaration, the processing instructions of its prolog (such
 * as an `xml-stylesheet`), then the root element, indented by two spaces.
 */
export function serializeXml(root: XElement, prolog: readonly XInstruction[] = []): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  for (const pi of prolog) out.push(`${instruction(pi)}\n`);
  writeElement(root, 0, out, XML_MODE);
  out.push('\n');
  return out.join('');
}

/**
 * Serializes an HTML document (the `html` element) with the same escaping: `<!DOCTYPE html>`,
 * void elements without end tags, every other element closed (`<p></p>`, never `<p/>`).
 * Only block containers are indented, so no white space is added inside a line of text.
 * Pages carry no script and no inline style: either element is refused.
 */
export function serializeHtml(root: XElement): string {
  if (root.name !== 'html') throw new Error(`polyfeed bug: an HTML document's root is <html>, not <${root.name}>`);
  const out: string[] = ['<!DOCTYPE html>\n'];
  writeElement(root, 0, out, HTML_MODE);
  out.push('\n');
  return out.join('');
}

// Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): XML
// carries them, but in HTML each is a parse error, so pages show U+FFFD in their place.
const NONCHARACTERS = /\p{Noncharacter_Code_Point}/gu;

interface WriterMode {
  /** Elements written without an end tag (and that must have no children); XML: none. */
  void: ReadonlySet<string>;
  /** Whether an element with only element children gets them one per line, indented. */
  indents(name: string): boolean;
  /** How an element without children is written when it is not void. */
  empty(name: string): string;
  refuse: ReadonlySet<string>;
  /** What the format cannot carry of text XML can, replaced (HTML: noncharacters). */
  carry(text: string): string;
}

const XML_MODE: WriterMode = { void: new Set(), indents: () => true, empty: () => '/>', refuse: new Set(), carry: (text) => text };

const HTML_BLOCKS = new Set(['html', 'head', 'body', 'header', 'main', 'nav', 'footer', 'section', 'article', 'aside', 'ul', 'ol', 'dl', 'div', 'figure']);
const HTML_MODE: WriterMode = {
  void: new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']),
  indents: (name) => HTML_BLOCKS.has(name),
  empty: (name) => `></${name}>`,
  refuse: new Set(['script', 'style', 'iframe', 'object']),
  carry: (text) => text.replace(NONCHARACTERS, '\uFFFD'),
};

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/;

function writeElement(node: XElement, depth: number, out: string[], mode: WriterMode): void {
  if (!NAME.test(node.name) || mode.refuse.has(node.name)) throw new Error(`polyfeed bug: refusing to write an element <${node.name}>`);
  const indent = '  '.repeat(depth);
  out.push(`<${node.name}`);
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    if (!NAME.test(key)) throw new Error(`polyfeed bug: refusing to write an attribute named ${JSON.stringify(key)}`);
    const reading = node.readings?.[key];
    if (value !== undefined) out.push(` ${key}="${reading ? escapePlain(mode.carry(String(value)), reading, true) : escapeAttribute(mode.carry(String(value)))}"`);
  }
  const kids = node.elements ?? [];
  if (mode.void.has(node.name)) {
    if (kids.length) throw new Error(`polyfeed bug: the void element <${node.name}> cannot have content`);
    out.push('>');
    return;
  }
  if (kids.length === 0) {
    out.push(mode.empty(node.name));
    return;
  }
  out.push('>');
  if (kids.every((k) => k.type === 'element') && mode.indents(node.name)) {
    for (const k of kids) {
      out.push(`\n${indent}  `);
      writeElement(k as XElement, depth + 1, out, mode);
    }
    out.push(`\n${indent}`);
  } else {
    // Text or mixed content is written as is, without added white space.
    for (const k of kids) {
      if (k.type === 'text') out.push(k.reading ? escapePlain(mode.carry(k.text), k.reading) : escapeText(mode.carry(k.text)));
      else writeElement(k, depth + 1, out, mode);
    }
  }
  out.push(`</${node.name}>`);
}

/** `<?name a="v"?>`: pseudo-attributes escaped as attributes, so `?>` can never end it early. */
function instruction(pi: XInstruction): string {
  if (!NAME.test(pi.name) || /^xml$/i.test(pi.name)) throw new Error(`polyfeed bug: not a processing instruction target: ${JSON.stringify(pi.name)}`);
  const attrs = Object.entries(pi.attributes).map(([k, v]) => {
    if (!NAME.test(k)) throw new Error(`polyfeed bug: not a pseudo-attribute name: ${JSON.stringify(k)}`);
    return ` ${k}="${escapeAttribute(v)}"`;
  });
  return `<?${pi.name}${attrs.join('')}?>`;
}

/**
 * A CSS string literal (`"…"`) for generated content: `"` and `\` escaped, a line feed as
 * `\a `, and `<` written as `\3c ` so that a style sheet never holds markup.
 */
export function cssString(text: string): string {
  return `"${assertCleanXml(text).replace(/[\\"\n<]/g, (c) => (c === '\n' ? '\\a ' : c === '<' ? '\\3c ' : `\\${c}`))}"`;
}

/** JSON, two-space indented; every string was cleaned where it came in. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? assertClean(v) : v), 2)}\n`;
}
