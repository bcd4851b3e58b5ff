/**
 * The strict checks every feed must pass before it is published (and that
 * `polyfeed validate` runs on a folder): well-formed XML, the Atom RELAX NG schema of
 * RFC 4287, the JSON Feed 1.1 JSON Schema, a well-formed language tag at feed level (the
 * registry's feed tag, where the registry is known), and item ids unique within a feed.
 */
import { SaxesParser } from 'saxes';
import { error, type Diagnostic } from '../diagnostics.js';
import { isBcp47, type Registry } from '../locales/registry.js';
import type { FeedFormat } from '../publish/paths.js';
import { atomSchemaErrors, jsonFeedSchemaErrors, xmlWellFormednessErrors } from './checks.js';

export interface CheckedDocument {
  locale: string;
  format: FeedFormat;
  /** How the document is named in messages. */
  path: string;
  text: string;
}

/** Problems in one document; `expectedLang` is the registry's feed tag, when known. */
export function checkDocument(doc: CheckedDocument, expectedLang?: string): string[] {
  const problems: string[] = [];
  let lang: string | undefined;
  let ids: string[] = [];
  if (doc.format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(doc.text);
    } catch (e) {
      return [`not valid JSON: ${(e as Error).message}`];
    }
    problems.push(...jsonFeedSchemaErrors(parsed));
    const obj = parsed as { language?: unknown; items?: { id?: unknown }[] };
    lang = typeof obj.language === 'string' ? obj.language : undefined;
    ids = Array.isArray(obj.items) ? obj.items.map((i) => String(i?.id)) : [];
  } else {
    const wf = xmlWellFormednessErrors(doc.text);
    if (wf.length) return wf.map((m) => `not well-formed XML: ${m}`);
    if (doc.format === 'atom') problems.push(...atomSchemaErrors(doc.text).map((m) => `Atom RELAX NG (RFC 4287): ${m}`));
    ({ lang, ids } = xmlFacts(doc.text, doc.format));
  }
  if (lang === undefined) problems.push('no feed-level language');
  else if (!isBcp47(lang)) problems.push(`feed language "${lang}" is not a BCP 47 tag`);
  else if (expectedLang !== undefined && lang !== expectedLang) problems.push(`feed language is "${lang}", the registry says "${expectedLang}"`);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`item id "${id}" is not unique`);
    seen.add(id);
  }
  return problems;
}

/** Checks generated documents before they are published; any problem is an error. */
export function validateDocuments(docs: readonly CheckedDocument[], registry?: Registry): Diagnostic[] {
  return docs.flatMap((doc) =>
    checkDocument(doc, registry?.byTag.get(doc.locale)?.feedTag).map((m) =>
      error(`generated feed fails its check: ${m}`, {
        file: doc.path,
        hint: 'Nothing was published. This is a bug in polyfeed; please report it with the content that caused it.',
      })),
  );
}

/** Feed-level language and item ids of an RSS or Atom document. */
function xmlFacts(xml: string, format: 'rss' | 'atom'): { lang?: string; ids: string[] } {
  const parser = new SaxesParser({ xmlns: true });
  const stack: string[] = [];
  const ids: string[] = [];
  let lang: string | undefined;
  let text = '';
  parser.on('opentag', (tag) => {
    stack.push(tag.local);
    text = '';
    if (stack.length === 1 && format === 'atom') {
      const attr = tag.attributes['xml:lang'];
      if (attr) lang = typeof attr === 'string' ? attr : attr.value;
    }
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', () => {
    const p = stack.join('/');
    if (format === 'rss' && p === 'rss/channel/language') lang = text.trim();
    if ((format === 'rss' && p === 'rss/channel/item/guid') || (format === 'atom' && p === 'feed/entry/id')) ids.push(text.trim());
    stack.pop();
    text = '';
  });
  parser.write(xml).close();
  return { ...(lang !== undefined ? { lang } : {}), ids };
}
