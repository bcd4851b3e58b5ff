/**
 * Interface strings in and out of CAT tools as XLIFF 2.0 (OASIS, 2014).
 *
 * `exportXliff` writes one document per target locale: a `<file>` per namespace of `en`,
 * a `<unit>` per key in `en`'s order. Plural keys are expanded to exactly the plural
 * categories the target's `plural` locale uses (ru: one, few, many, other; ky: one, other);
 * a form `en` lacks (few, many) is translated from `en`'s `_other`. Every plural unit names
 * the English key its source came from in `<note category="source-key">`.
 *
 * `importXliff` is pure: it parses a translated document and returns the new JSON texts of
 * the locale's namespace files, or, when any translated unit is stale (its source is no
 * longer the current English text), unknown, or a plural form the locale does not use,
 * error diagnostics and nothing to write. Only the keys the document translates change;
 * every other key keeps its value and its place.
 *
 * The XLIFF written here uses only the core namespace: no inline codes (`{{count}}` is plain
 * text), `canResegment="no"`, `state` on `<segment>`, `<cp>` for the characters XML 1.0
 * cannot carry, and `xml:space="preserve"` where a text's spaces and line breaks matter.
 * (The `xliff` npm package was considered: it cannot write `<note category>`, `state` or
 * `<cp>`, gives no line numbers when parsing, and v6 requires Node 22.)
 */
import path from 'node:path';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { error, warning, type Diagnostic, type RuleId } from '../diagnostics.js';
import { serializeXml } from '../formats/serialize.js';
import { decodeUtf8, notUtf8 } from '../util/text.js';
import { el, type XNode } from '../formats/xml.js';
import { pluralCategories, PLURAL_SUFFIX, SOURCE_LOCALE, translationUnits, type Resources, type TranslationUnit } from './i18n.js';
import type { Locale, Registry } from './registry.js';

export const XLIFF_NAMESPACE = 'urn:oasis:names:tc:xliff:document:2.0';
/** `<note category>` naming the English key a unit's source text comes from. */
export const SOURCE_KEY_NOTE = 'source-key';

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

/** One XLIFF 2.0 document for translating `en`'s strings into `target` (a path tag of the registry). */
export function exportXliff(registry: Registry, resources: Resources, target: string): { xml?: string; diagnostics: Diagnostic[] } {
  const locale = registry.byTag.get(target);
  const refuse = (ruleId: RuleId, message: string, hint?: string) => ({ diagnostics: [error(ruleId, message, hint ? { hint } : {})] });
  if (!locale) return refuse('strings-locale', `"${target}" is not a locale of the registry`);
  if (target === SOURCE_LOCALE) return refuse('strings-locale', `${SOURCE_LOCALE} is the source language; export a locale that translates it`);
  const files = translationUnits(registry, resources, target);
  if (files.length === 0) return refuse('strings-empty', `${SOURCE_LOCALE} has no strings to translate`);
  const source = resources[SOURCE_LOCALE] ?? {};
  const current = resources[target] ?? {};
  const diagnostics: Diagnostic[] = [];
  const id = (value: string, what: string) => {
    if (!/^[\p{L}\p{M}\p{Nd}\p{Nl}._:\-\u00B7\u203F\u2040]+$/u.test(value)) {
      diagnostics.push(error('strings-key', `${what} cannot be an XLIFF id (XML NMTOKEN: letters, digits, ".", "-", "_", ":")`, { hint: 'Rename the key in every locale.' }));
    }
    return value;
  };
  const fileNodes = files.map(({ namespace, units }) => el('file', {
    id: id(namespace, `namespace "${namespace}"`), original: `${namespace}.json`, canResegment: 'no', ...(locale.dir === 'rtl' ? { trgDir: 'rtl' } : {}),
  }, ...units.map((unit) => {
    const sourceText = source[namespace]![unit.sourceKey]!;
    const targetText = current[namespace]?.[unit.key];
    const translated = targetText !== undefined && targetText.trim() !== '';
    return el('unit', { id: id(unit.key, `key "${namespace}:${unit.key}"`) },
      ...(unit.category
        ? [el('notes', {}, el('note', { category: SOURCE_KEY_NOTE }, unit.sourceKey), el('note', { category: 'plural' }, pluralNote(locale, unit.category)))]
        : []),
      el('segment', { state: translated ? 'translated' : 'initial' },
        el('source', space(sourceText), ...withCodePoints(sourceText)),
        ...(translated ? [el('target', space(targetText), ...withCodePoints(targetText))] : [])));
  })));
  if (diagnostics.length) return { diagnostics };
  const root = el('xliff', { xmlns: XLIFF_NAMESPACE, version: '2.0', srcLang: SOURCE_LOCALE, trgLang: locale.tag }, ...fileNodes);
  return { xml: serializeXml(root), diagnostics };
}

/**
 * Text as XML nodes: characters XML 1.0 cannot carry (C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) become XLIFF `<cp hex>` elements; everything else stays text, which the one
 * XML writer (src/formats/serialize.ts) escapes.
 */
function withCodePoints(text: string): XNode[] {
  const nodes: XNode[] = [];
  let run = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if ((cp < 0x20 && ch !== '\n' && ch !== '\t' && ch !== '\r') || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) {
      if (run) nodes.push({ type: 'text', text: run });
      run = '';
      nodes.push(el('cp', { hex: cp.toString(16).toUpperCase().padStart(4, '0') }));
    } else run += ch;
  }
  if (run || nodes.length === 0) nodes.push({ type: 'text', text: run });
  return nodes;
}

/** What a translator needs to know about a plural form: which counts use it. */
function pluralNote(locale: Locale, category: string): string {
  const rules = new Intl.PluralRules(locale.plural);
  const whole: number[] = [];
  for (let n = 0; n <= 200 && whole.length < 6; n++) if (rules.select(n) === category) whole.push(n);
  const rulesOf = locale.plural === locale.tag ? locale.tag : `${locale.tag}, rules of ${locale.plural}`;
  if (whole.length) return `Plural form "${category}" (${rulesOf}): for counts such as ${whole.join(', ')}, …`;
  const fractions = [0.5, 1.5, 2.5, 10.5].filter((n) => rules.select(n) === category);
  return `Plural form "${category}" (${rulesOf}): for fractional counts such as ${fractions.join(', ')}; never used for whole numbers`;
}

function space(text: string): { 'xml:space'?: string } {
  return /^\s|\s$|\s\s|[\t\n\r]/.test(text) ? { 'xml:space': 'preserve' } : {};
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

/**
 * An XML document's text in the encoding its declaration names (UTF-8 when it names none,
 * strictly; UTF-16 by its byte order mark; ISO-8859-1 and windows-1252 as CAT tools write them).
 */
export function decodeXml(bytes: Uint8Array, file: string): { text?: string; diagnostic?: Diagnostic } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes) };
  }
  const declared = /^(?:\uFEFF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))?.[1]?.toLowerCase();
  if (declared === undefined || declared === 'utf-8' || declared === 'utf8') {
    const text = decodeUtf8(bytes);
    return text === undefined ? { diagnostic: notUtf8(file, bytes) } : { text };
  }
  const label = { 'iso-8859-1': 'latin1', latin1: 'latin1', 'iso8859-1': 'latin1', 'windows-1252': 'windows-1252', 'cp1252': 'windows-1252', 'us-ascii': 'latin1', ascii: 'latin1' }[declared];
  if (!label) {
    return { diagnostic: error('xliff-encoding', `declares the encoding "${declared}", which polyfeed does not read`, { file, line: 1, column: 1, hint: 'Save the file as UTF-8 (the XLIFF default).' }) };
  }
  // The declaration stays in the text; saxes does not act on it.
  return { text: new TextDecoder(label).decode(bytes) };
}

export interface ImportResult {
  /** The registry tag the document translates into; undefined when it names none. */
  locale: string | undefined;
  /** The namespace files whose text changes: full path below `localesDir` and new text. Empty when refused. */
  files: { path: string; text: string }[];
  /** `namespace:key` whose value changes. */
  changed: string[];
  diagnostics: Diagnostic[];
}

interface ParsedSegment {
  source: string;
  target: string | undefined;
  targetLine: number;
  ignorable: boolean;
}

interface ParsedUnit {
  namespace: string;
  key: string;
  line: number;
  notes: { category: string; text: string }[];
  segments: ParsedSegment[];
}

interface ParsedDocument {
  srcLang?: string;
  trgLang?: string;
  units: ParsedUnit[];
}

/**
 * Reads a translated XLIFF 2.0 document and returns the locale's namespace files with the
 * translations applied (`JSON.stringify(obj, null, 2) + '\n'`, only files that change).
 * `xliffPath` is how the document is named in diagnostics. Nothing is read or written.
 */
export function importXliff(xmlText: string, registry: Registry, resources: Resources, localesDir: string, xliffPath = 'strings.xlf'): ImportResult {
  const refused = (diagnostics: Diagnostic[], locale?: string): ImportResult => ({ locale, files: [], changed: [], diagnostics });
  const at = (line?: number, column?: number) => ({ file: xliffPath, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });

  const parsed = parseXliff(xmlText, xliffPath);
  if ('diagnostics' in parsed) return refused(parsed.diagnostics);
  const doc = parsed.document;

  if ((doc.srcLang ?? '').toLowerCase() !== SOURCE_LOCALE) {
    return refused([error('xliff-language', `srcLang is "${doc.srcLang ?? ''}"; polyfeed translates from "${SOURCE_LOCALE}"`, { ...at(1), hint: 'Export the file again with polyfeed strings export.' })]);
  }
  const locale = findLocale(registry, doc.trgLang ?? '');
  if (!locale || locale.tag === SOURCE_LOCALE) {
    const valid = registry.locales.filter((l) => l.tag !== SOURCE_LOCALE).map((l) => l.tag);
    return refused([
      error('xliff-language', doc.trgLang ? `trgLang "${doc.trgLang}" is ${locale ? 'the source language' : 'not a locale of the registry'}` : 'the document has no trgLang', {
        ...at(1),
        hint: `trgLang must be one of: ${valid.join(', ')}.`,
      }),
    ]);
  }
  const tag = locale.tag;
  const source = resources[SOURCE_LOCALE] ?? {};
  const expected = new Map<string, TranslationUnit>();
  for (const { units } of translationUnits(registry, resources, tag)) for (const u of units) expected.set(`${u.namespace}:${u.key}`, u);
  const categories = pluralCategories(locale);

  const diagnostics: Diagnostic[] = [];
  const updates = new Map<string, string>(); // namespace:key → new text
  const seen = new Set<string>();
  for (const unit of doc.units) {
    const id = `${unit.namespace}:${unit.key}`;
    if (seen.has(id)) {
      diagnostics.push(error('xliff-duplicate-unit', `unit "${unit.key}" appears twice in file "${unit.namespace}"`, at(unit.line)));
      continue;
    }
    seen.add(id);
    const translated = unit.segments.filter((s) => !s.ignorable);
    const withTarget = translated.filter((s) => s.target !== undefined && s.target.trim() !== '');
    if (withTarget.length === 0) continue; // untranslated: nothing to import
    if (withTarget.length < translated.length) {
      diagnostics.push(warning('xliff-partial-unit', `unit "${id}" is only partly translated (${withTarget.length} of ${translated.length} segments); not imported`, at(unit.line)));
      continue;
    }
    const sourceText = unit.segments.map((s) => s.source).join('');
    const targetText = unit.segments.map((s) => s.target ?? (s.ignorable ? s.source : '')).join('');
    const line = withTarget[0]!.targetLine;

    if (!(unit.namespace in source)) {
      diagnostics.push(error('xliff-unknown-key', `unknown namespace "${unit.namespace}": ${SOURCE_LOCALE} has no ${unit.namespace}.json`, { ...at(unit.line), hint: `Namespaces: ${Object.keys(source).join(', ')}.` }));
      continue;
    }
    const want = expected.get(id);
    if (!want) {
      const m = PLURAL_SUFFIX.exec(unit.key);
      const base = m ? unit.key.slice(0, m.index) : undefined;
      const isPlural = base !== undefined && Object.keys(source[unit.namespace]!).some((k) => PLURAL_SUFFIX.exec(k) && k.slice(0, k.lastIndexOf('_')) === base);
      diagnostics.push(
        isPlural
          ? error('xliff-plural-form', `"${id}": ${tag} does not use the plural form "${m![1]}"`, { ...at(unit.line), hint: `${tag} uses the forms ${categories.join(', ')} (plural rules of ${locale.plural}).` })
          : error('xliff-unknown-key', `unknown key "${id}": ${SOURCE_LOCALE} has no such string`, { ...at(unit.line), hint: 'The key was renamed or removed in English: export again.' }),
      );
      continue;
    }
    const noted = unit.notes.find((n) => n.category === SOURCE_KEY_NOTE)?.text.trim();
    if (noted !== undefined && noted !== want.sourceKey) {
      diagnostics.push(error('xliff-stale', `"${id}": stale: translated from "${noted}", but its English source is now "${want.sourceKey}"; export again`, at(unit.line)));
      continue;
    }
    if (sourceText !== source[unit.namespace]![want.sourceKey]) {
      diagnostics.push(
        error('xliff-stale', `"${id}": stale: the English text changed since this file was exported; export again`, {
          ...at(unit.line),
          hint: `The file's source is ${JSON.stringify(sourceText)}; ${SOURCE_LOCALE} now says ${JSON.stringify(source[unit.namespace]![want.sourceKey])}.`,
        }),
      );
      continue;
    }
    const missing = placeholders(sourceText).filter((p) => !targetText.includes(p));
    const unknown = placeholders(targetText).filter((p) => !sourceText.includes(p));
    if (unknown.length) diagnostics.push(warning('xliff-placeholder', `"${id}": ${unknown.join(', ')} is not in the English text; i18next will print it as it stands`, at(line)));
    if (missing.length) diagnostics.push(warning('xliff-placeholder', `"${id}": the translation leaves out ${missing.join(', ')}`, at(line)));
    updates.set(id, targetText);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return refused(diagnostics, tag);

  // Apply: existing keys keep their place; new keys go where en's order puts them.
  const order = new Map<string, string[]>();
  for (const { namespace, units } of translationUnits(registry, resources, tag)) order.set(namespace, units.map((u) => u.key));
  const files: { path: string; text: string }[] = [];
  const changed: string[] = [];
  for (const [namespace, keysInOrder] of order) {
    const current = resources[tag]?.[namespace] ?? {};
    const keys = Object.keys(current);
    const values: Record<string, string> = { ...current };
    let touched = false;
    for (const key of keysInOrder) {
      const next = updates.get(`${namespace}:${key}`);
      if (next === undefined || values[key] === next) continue;
      if (!(key in values)) insertInOrder(keys, key, keysInOrder);
      values[key] = next;
      changed.push(`${namespace}:${key}`);
      touched = true;
    }
    if (!touched) continue;
    const obj: Record<string, string> = {};
    for (const k of keys) obj[k] = values[k]!;
    files.push({ path: path.join(localesDir, tag, `${namespace}.json`), text: JSON.stringify(obj, null, 2) + '\n' });
  }
  return { locale: tag, files, changed, diagnostics };
}

/** Inserts `key` after the nearest key before it in `order` that `keys` has; else before the nearest after it; else at the end. */
function insertInOrder(keys: string[], key: string, order: string[]): void {
  const i = order.indexOf(key);
  for (let j = i - 1; j >= 0; j--) {
    const at = keys.indexOf(order[j]!);
    if (at >= 0) return void keys.splice(at + 1, 0, key);
  }
  for (let j = i + 1; j < order.length; j++) {
    const at = keys.indexOf(order[j]!);
    if (at >= 0) return void keys.splice(at, 0, key);
  }
  keys.push(key);
}

function placeholders(text: string): string[] {
  return [...new Set(text.match(/\{\{\s*[^{}]+?\s*\}\}/g) ?? [])];
}

/** trgLang is the registry's path tag; a different case or a feed tag naming one locale is accepted too. */
function findLocale(registry: Registry, trgLang: string): Locale | undefined {
  const exact = registry.byTag.get(trgLang);
  if (exact) return exact;
  const lower = trgLang.toLowerCase();
  const byTag = registry.locales.filter((l) => l.tag.toLowerCase() === lower);
  if (byTag.length === 1) return byTag[0];
  const byFeedTag = registry.locales.filter((l) => l.feedTag.toLowerCase() === lower);
  return byFeedTag.length === 1 ? byFeedTag[0] : undefined;
}

/**
 * A strict (namespace-aware) parse with saxes into the few things import needs. Elements of
 * other namespaces (modules, extensions) are skipped; inline codes in a source or target are
 * refused, since this export never writes any; `<mrk>`, `<sm>`, `<em>` (annotations) keep
 * their text; `<cp hex>` becomes its character.
 */
function parseXliff(text: string, file: string): { document: ParsedDocument } | { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  const doc: ParsedDocument = { units: [] };
  const fail = (message: string, hint?: string) => {
    if (diagnostics.length < 20) diagnostics.push(error('xliff-xml', message, { file, line: parser.line, column: parser.column + 1, ...(hint ? { hint } : {}) }));
  };
  const stack: SaxesTagNS[] = [];
  let fileId: string | undefined;
  let unit: ParsedUnit | undefined;
  let segment: ParsedSegment | undefined;
  let into: 'source' | 'target' | 'note' | undefined;
  let note: { category: string; text: string } | undefined;
  let sawRoot = false;

  const attr = (tag: SaxesTagNS, name: string): string | undefined => {
    const a = tag.attributes[name];
    return a === undefined ? undefined : typeof a === 'string' ? a : a.value;
  };
  const append = (s: string) => {
    if (into === 'note') note!.text += s;
    else if (into === 'source') segment!.source += s;
    else if (into === 'target') segment!.target = (segment!.target ?? '') + s;
  };
  const inXliff = () => stack.every((t) => t.uri === XLIFF_NAMESPACE);

  parser.on('error', (e) => fail(e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')));
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    stack.push(tag);
    if (!parent) {
      sawRoot = true;
      if (tag.local !== 'xliff' || tag.uri !== XLIFF_NAMESPACE) {
        fail(`not an XLIFF 2 document: the root is <${tag.name}>${tag.uri ? ` in ${tag.uri}` : ''}`, `Expected <xliff xmlns="${XLIFF_NAMESPACE}" version="2.0">.`);
        return;
      }
      const version = attr(tag, 'version') ?? '';
      if (!/^2\.\d$/.test(version)) fail(`XLIFF version "${version}" is not supported; polyfeed reads XLIFF 2.0`);
      doc.srcLang = attr(tag, 'srcLang');
      doc.trgLang = attr(tag, 'trgLang');
      return;
    }
    if (!inXliff()) {
      if (into === 'source' || into === 'target') fail(`<${tag.name}> from another namespace inside <${into}> is not supported`);
      return;
    }
    if (into === 'source' || into === 'target') {
      switch (tag.local) {
        case 'cp': {
          const h = attr(tag, 'hex') ?? '';
          const cp = /^[0-9A-Fa-f]{1,6}$/.test(h) ? parseInt(h, 16) : NaN;
          if (Number.isNaN(cp) || cp > 0x10ffff) fail(`<cp hex="${h}"> is not a code point`);
          else append(String.fromCodePoint(cp));
          return;
        }
        case 'mrk':
        case 'sm':
        case 'em':
          return; // annotations: their text is the text
        default:
          fail(`inline code <${tag.local}> in <${into}> is not supported: polyfeed strings are plain text`, 'Type placeholders such as {{count}} as text.');
          return;
      }
    }
    if (into === 'note') return;
    switch (tag.local) {
      case 'file':
        if (parent.local === 'xliff') fileId = attr(tag, 'id') ?? '';
        return;
      case 'unit':
        if (fileId === undefined) return;
        unit = { namespace: fileId, key: attr(tag, 'id') ?? '', line: parser.line, notes: [], segments: [] };
        return;
      case 'segment':
      case 'ignorable':
        if (!unit || parent.local !== 'unit') return;
        segment = { source: '', target: undefined, targetLine: parser.line, ignorable: tag.local === 'ignorable' };
        return;
      case 'source':
      case 'target':
        if (!segment || (parent.local !== 'segment' && parent.local !== 'ignorable')) return;
        if (tag.local === 'target') {
          segment.target = '';
          segment.targetLine = parser.line;
          if (attr(tag, 'order') !== undefined) fail('<target order> (reordered segments) is not supported');
        }
        into = tag.local;
        return;
      case 'note':
        if (!unit || parent.local !== 'notes') return;
        note = { category: attr(tag, 'category') ?? '', text: '' };
        into = 'note';
        return;
      default:
        return;
    }
  });
  parser.on('text', (t) => {
    if (into && inXliff()) append(t);
  });
  parser.on('cdata', (t) => {
    if (into && inXliff()) append(t);
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (tag.uri !== XLIFF_NAMESPACE) return;
    if ((tag.local === 'source' || tag.local === 'target') && into === tag.local) into = undefined;
    else if (tag.local === 'note' && into === 'note') {
      unit?.notes.push(note!);
      note = undefined;
      into = undefined;
    } else if ((tag.local === 'segment' || tag.local === 'ignorable') && segment && !into) {
      unit?.segments.push(segment);
      segment = undefined;
    } else if (tag.local === 'unit' && unit && !into) {
      doc.units.push(unit);
      unit = undefined;
    } else if (tag.local === 'file' && stack.length === 1) fileId = undefined;
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (e) {
    fail((e as Error).message);
  }
  if (!sawRoot && diagnostics.length === 0) fail('the file is empty');
  return diagnostics.length ? { diagnostics } : { document: doc };
}
