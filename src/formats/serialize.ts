/**
 * The one place where text is escaped for the documents polyfeed writes: the XML writer
 * (feeds, XLIFF) and the JSON writer. Text was cleaned where it came in (src/util/clean.ts);
 * a character XML cannot carry reaching this point is a bug, and is refused, never written.
 * Neither the `feed` package nor any format module escapes anything on its own.
 */
import { isClean } from '../util/clean.js';
import type { XElement } from './xml.js';

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

// What XML 1.0 cannot carry at all (CR and NEL can be written, as references or as such).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function assertCleanXml(text: string): string {
  if (!text.isWellFormed() || NOT_XML.test(text)) {
    throw new Error(`polyfeed bug: a character XML cannot carry reached the XML writer: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return text;
}

/** Serializes a document: XML declaration, then the root element, indented by two spaces. */
export function serializeXml(root: XElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  writeElement(root, 0, out);
  out.push('\n');
  return out.join('');
}

function writeElement(node: XElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  out.push(`<${node.name}`);
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    if (value !== undefined) out.push(` ${key}="${escapeAttribute(String(value))}"`);
  }
  const kids = node.elements ?? [];
  if (kids.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (kids.every((k) => k.type === 'element')) {
    for (const k of kids) {
      out.push(`\n${indent}  `);
      writeElement(k as XElement, depth + 1, out);
    }
    out.push(`\n${indent}`);
  } else {
    // Text or mixed content is written as is, without added white space.
    for (const k of kids) {
      if (k.type === 'text') out.push(escapeText(k.text));
      else writeElement(k, depth + 1, out);
    }
  }
  out.push(`</${node.name}>`);
}

/** JSON, two-space indented; every string was cleaned where it came in. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? assertClean(v) : v), 2)}\n`;
}
