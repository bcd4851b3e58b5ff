/**
 * The strict checks every feed must pass before it is published (and that
 * `polyfeed validate` runs on a folder): well-formed XML, the Atom RELAX NG schema of
 * RFC 4287, the JSON Feed 1.1 JSON Schema, a well-formed language tag at feed level (the
 * registry's feed tag, where the registry is known), and item ids unique within a feed.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { GENERATOR } from '../version.js';
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
    const facts = xmlFacts(doc.format);
    const wf = xmlWellFormednessErrors(doc.text, facts.observe);
    if (wf.length) return wf.map((m) => `not well-formed XML: ${m}`);
    if (doc.format === 'atom') problems.push(...atomSchemaErrors(doc.text).map((m) => `Atom RELAX NG (RFC 4287): ${m}`));
    ({ lang, ids } = facts);
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

/** Byte strings known to pass (the checks are a pure function of the bytes and the expected language). */
export interface PassedChecks {
  has(key: string): Promise<boolean>;
  add(key: string): Promise<void>;
}

/** Checks generated documents before they are published; any problem is an error. */
export async function validateDocuments(docs: readonly CheckedDocument[], registry?: Registry, passed?: PassedChecks): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    const lang = registry?.byTag.get(doc.locale)?.feedTag;
    const key = createHash('sha256').update(`${CHECKS}\u0000${doc.format}\u0000${lang ?? ''}\u0000${doc.text}`).digest('hex');
    if (await passed?.has(key)) continue;
    const problems = checkDocument(doc, lang);
    if (problems.length === 0) await passed?.add(key);
    for (const m of problems) {
      out.push(error(`generated feed fails its check: ${m}`, {
        file: doc.path,
        hint: 'Nothing was published. This is a bug in polyfeed; please report it with the content that caused it.',
      }));
    }
  }
  return out;
}

/** Passed checks remembered as empty files named by hash (best effort, like the render cache). */
export function diskPassedChecks(dir: string): PassedChecks {
  const file = (key: string) => path.join(dir, key.slice(0, 2), key);
  return {
    has: (key) => access(file(key)).then(() => true, () => false),
    add: async (key) => {
      await mkdir(path.dirname(file(key)), { recursive: true }).catch(() => undefined);
      await writeFile(file(key), '').catch(() => undefined);
    },
  };
}

// Bump with any change to what the checks accept (schemas, rules).
const CHECKS = `${GENERATOR.version}/1`;

/** Collects the feed-level language and item ids of an RSS or Atom document while it is parsed. */
function xmlFacts(format: 'rss' | 'atom') {
  const facts: { lang?: string; ids: string[]; observe(parser: SaxesParser<{ xmlns: true; position: true }>): void } = {
    ids: [],
    observe(parser) {
      const stack: string[] = [];
      let text = '';
      parser.on('opentag', (tag) => {
        stack.push(tag.local);
        text = '';
        if (stack.length === 1 && format === 'atom') {
          const attr = tag.attributes['xml:lang'];
          if (attr) facts.lang = typeof attr === 'string' ? attr : attr.value;
        }
      });
      parser.on('text', (t) => (text += t));
      parser.on('closetag', () => {
        const p = stack.join('/');
        if (format === 'rss' && p === 'rss/channel/language') facts.lang = text.trim();
        if ((format === 'rss' && p === 'rss/channel/item/guid') || (format === 'atom' && p === 'feed/entry/id')) facts.ids.push(text.trim());
        stack.pop();
        text = '';
      });
    },
  };
  return facts;
}
