/**
 * The one place where text is made safe for the documents polyfeed writes. Both
 * serializers, XML and JSON, live here, and every string they write passes through
 * `cleanText`; XML escaping happens nowhere else. Neither the `feed` package nor any
 * format module escapes or cleans anything on its own.
 */
import type { XElement } from './xml.js';

// Characters XML 1.0 does not allow (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF),
// plus DEL and the C1 controls, which XML allows but which readers and the JSON Feed
// conformance rules reject as copy-and-paste garbage. U+0085 (NEL) becomes a line break.
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/g;

/**
 * Removes characters that cannot appear in XML 1.0 (and that JSON readers choke on),
 * repairs lone UTF-16 surrogates to U+FFFD, and turns CR, CRLF and NEL into LF.
 */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(/\r\n?|\u0085/g, '\n').replace(UNWANTED, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/**
 * Escapes cleaned text for XML element content. `>` is escaped too, so `]]>` can never
 * appear; `&amp;` in the input is text and is written `&amp;amp;`.
 */
function escapeText(text: string): string {
  return cleanText(text).replace(/[&<>]/g, (c) => ESCAPES[c]!);
}

/** As `escapeText`, for a double-quoted attribute value; TAB and LF are kept as references. */
function escapeAttribute(text: string): string {
  return cleanText(text).replace(/[&<>"\t\n]/g, (c) => ESCAPES[c]!);
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

/** JSON, two-space indented, every string cleaned. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cleanText(v) : v), 2)}\n`;
}
