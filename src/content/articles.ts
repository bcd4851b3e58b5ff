/**
 * From content files to articles: each file's front matter is read and checked, files are
 * grouped by article, the original is found, translations inherit its shared fields, and
 * each translation is compared with the original's current content hash.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { isBcp47, type Locale, type Registry } from '../locales/registry.js';
import type { FeedDate } from './dates.js';
import { readFrontMatter, splitFrontMatter, SLUG, type Author, type FrontMatter, type ImageRef } from './frontmatter.js';
import type { ContentEntry } from './source.js';
import type { Position } from '../util/yaml-source.js';

export interface Version {
  articleId: string;
  locale: Locale;
  /** How the file is named in messages. */
  display: string;
  isOriginal: boolean;
  title: string;
  /** Plain text, from front matter; derived from the body when rendering if absent. */
  summary?: string;
  date: FeedDate;
  updated?: FeedDate;
  authors: Author[];
  categories: string[];
  image?: ImageRef;
  /** Canonical link of this language version. */
  url: string;
  /** Translations: the hash of the original they were made from, as recorded. */
  sourceHash?: string;
  /** In no feed until the author or translator removes `draft: true`. */
  draft: boolean;
  /** Reads and returns the Markdown body (after the front matter). */
  readBody(): Promise<string>;
}

export type TranslationState = 'original' | 'current' | 'stale' | 'missing' | 'invalid';

export interface Article {
  id: string;
  original: Version;
  /** By locale tag; includes the original. */
  versions: Map<string, Version>;
  /** Short content hash of the original's title, summary and body. */
  hash: string;
}

export interface ContentFileResult {
  articleId: string;
  localeName: string;
  display: string;
  /** The file could not be used (its errors are in the diagnostics). */
  invalid: boolean;
}

export interface ContentSet {
  articles: Article[];
  files: ContentFileResult[];
  diagnostics: Diagnostic[];
}

interface ParsedFile {
  entry: ContentEntry;
  locale: Locale;
  fm: FrontMatter;
  /** Where a front matter field is written (the opening line for an absent one). */
  fmLine(field: string): Position;
  /** The line where the body starts. */
  bodyLine: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const HASH_LENGTH = 12;

/** Decodes UTF-8 strictly; a BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** The error for bytes that are not UTF-8, pointing at the first bad byte's line and column. */
export function notUtf8(file: string, bytes: Uint8Array): Diagnostic {
  let good = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length || decodeUtf8(bytes.subarray(i, i + n)) === undefined) break;
    i += n;
    good = i;
  }
  const before = utf8.decode(bytes.subarray(0, good));
  const lines = before.split('\n');
  return error(`is not UTF-8 text (byte 0x${(bytes[good] ?? 0).toString(16).padStart(2, '0')} cannot start or continue a UTF-8 character)`, {
    file, line: lines.length, column: [...lines[lines.length - 1]!].length + 1,
    hint: 'Save the file as UTF-8 (most editors offer "Save with encoding"); polyfeed reads no other encoding.',
  });
}

/** The content hash of an original: what a translation records as `sourceHash`. */
export function contentHash(title: string, summary: string | undefined, body: string): string {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  return createHash('sha256')
    .update(`${norm(title)}\n\u0000\n${norm(summary ?? '')}\n\u0000\n${norm(body)}`)
    .digest('hex')
    .slice(0, HASH_LENGTH);
}

/** Reads the heads of all entries (and the whole text of originals) and builds the articles. */
export async function loadArticles(entries: readonly ContentEntry[], registry: Registry, concurrency = 64): Promise<ContentSet> {
  const diagnostics: Diagnostic[] = [];
  const files: ContentFileResult[] = [];
  const parsed: ParsedFile[] = [];
  const badArticleIds = new Set<string>();

  const parseOne = async (entry: ContentEntry): Promise<void> => {
    const result: ContentFileResult = { articleId: entry.articleId, localeName: entry.localeName, display: entry.display, invalid: true };
    files.push(result);
    const file = entry.display;
    if (!SLUG.test(entry.articleId)) {
      if (!badArticleIds.has(entry.articleId)) {
        badArticleIds.add(entry.articleId);
        diagnostics.push(error(`article id "${entry.articleId}" is not a valid slug`, {
          file: file.slice(0, file.length - entry.localeName.length - 4),
          hint: `Rename the folder to lowercase letters, digits and hyphens, starting with a letter or digit (e.g. "${suggestSlug(entry.articleId)}").`,
        }));
      }
      return;
    }
    const locale = registry.byTag.get(entry.localeName);
    if (!locale) {
      const tags = registry.locales.map((l) => l.tag);
      // Only a different spelling of a registry tag is suggested (uz-latn, fa_AF): a near
      // miss between two-letter codes (de, be) names another language.
      const norm = (t: string) => t.toLowerCase().replace(/_/g, '-');
      const near = tags.find((t) => norm(t) === norm(entry.localeName));
      diagnostics.push(error(
        isBcp47(entry.localeName)
          ? `"${entry.localeName}" is not a locale of the registry`
          : `"${entry.localeName}" is not a BCP 47 language tag, so the file name names no locale`,
        { file, hint: (near ? `Did you mean ${near}.md? ` : '') + `Name the file <locale>.md with a tag from locales/registry.json: ${tags.join(', ')}.` },
      ));
      return;
    }
    const headBytes = await entry.readHead();
    const head = decodeUtf8(headBytes);
    if (head === undefined) {
      diagnostics.push(notUtf8(file, headBytes));
      return;
    }
    const split = splitFrontMatter(head);
    if ('problem' in split) {
      diagnostics.push(error(split.problem, { file, line: split.line, column: 1, hint: split.hint }));
      return;
    }
    const { fm, diagnostics: fmDiags, where } = readFrontMatter(split, file);
    diagnostics.push(...fmDiags);
    if (fmDiags.length > 0) return;
    parsed.push({ entry, locale, fm, fmLine: where, bodyLine: split.bodyLine });
    result.invalid = false;
  };
  await runLimited(entries, concurrency, parseOne);

  // Group by article.
  const byArticle = new Map<string, ParsedFile[]>();
  for (const p of parsed) byArticle.set(p.entry.articleId, [...(byArticle.get(p.entry.articleId) ?? []), p]);
  const resultOf = new Map(files.map((f) => [f.display, f]));
  const invalidate = (p: ParsedFile) => {
    const r = resultOf.get(p.entry.display);
    if (r) r.invalid = true;
  };
  const articles: Article[] = [];
  const fileCountByArticle = new Map<string, number>();
  for (const e of entries) fileCountByArticle.set(e.articleId, (fileCountByArticle.get(e.articleId) ?? 0) + 1);

  await runLimited([...byArticle.keys()].sort(), concurrency, async (id) => {
    const group = byArticle.get(id)!.sort((a, b) => (a.entry.display < b.entry.display ? -1 : 1));
    const originals = group.filter((p) => p.fm.translationOf === undefined);
    const folder = group[0]!.entry.display.slice(0, -(group[0]!.entry.localeName.length + 4));
    if (originals.length === 0) {
      // With invalid files in the folder, the original may be among them: they are reported already.
      if (group.length === fileCountByArticle.get(id)) {
        const named = [...new Set(group.map((g) => g.fm.translationOf!))];
        const files = group.map((g) => `${g.entry.localeName}.md`).join(', ');
        diagnostics.push(error(`article "${id}" has no original: ${files} ${group.length === 1 ? 'is a translation' : 'are translations'} of ${named.join(', ')}, but there is no ${named.map((t) => `${t}.md`).join(' or ')}`, {
          file: folder,
          hint: `Add the original as ${path.join(folder, `${named[0]}.md`)}, or remove "translationOf" from the file in the language the article was written in.`,
        }));
      }
      group.forEach(invalidate);
      return;
    }
    if (originals.length > 1) {
      for (const o of originals.slice(1)) {
        diagnostics.push(error(`article "${id}" has two originals: ${originals.map((x) => x.entry.localeName + '.md').join(' and ')} both lack translationOf`, {
          file: o.entry.display, ...o.fmLine('translationOf'),
          hint: `Add "translationOf: ${originals[0]!.locale.tag}" (and "sourceHash") to the translation's front matter.`,
        }));
      }
      group.forEach(invalidate);
      return;
    }
    const op = originals[0]!;
    const problems: Diagnostic[] = [];
    if (!op.fm.title) problems.push(missingField(op, 'title', 'Add a line "title: <headline>" to the front matter.'));
    if (!op.fm.date) problems.push(missingField(op, 'date', 'Add "date: 2015-07-21T18:30:00+06:00" (ISO 8601 with its UTC offset).'));
    if (op.fm.sourceHash) problems.push(error('"sourceHash" belongs in translations only; this file has no translationOf', { file: op.entry.display, ...op.fmLine('sourceHash') }));
    if (problems.length) {
      diagnostics.push(...problems);
      invalidate(op);
      group.forEach(invalidate);
      return;
    }
    const wholeBytes = await op.entry.readAll();
    const whole = decodeUtf8(wholeBytes);
    if (whole === undefined) {
      diagnostics.push(notUtf8(op.entry.display, wholeBytes));
      group.forEach(invalidate);
      return;
    }
    const body = bodyOf(whole);
    const hash = contentHash(op.fm.title!, op.fm.summary, body);
    const original = makeVersion(op, undefined, async () => body);
    const versions = new Map<string, Version>([[op.locale.tag, original]]);
    for (const p of group) {
      if (p === op) continue;
      const problem = (message: string, hint: string) =>
        diagnostics.push(error(message, { file: p.entry.display, ...p.fmLine('translationOf'), hint }));
      if (p.fm.translationOf !== op.locale.tag) {
        const named = registry.byTag.has(p.fm.translationOf!) ? `${p.fm.translationOf}.md` : `"${p.fm.translationOf}"`;
        problem(
          group.some((g) => g.locale.tag === p.fm.translationOf)
            ? `translationOf names ${named}, which is itself a translation; the original is ${op.entry.localeName}.md`
            : `translationOf names ${named}, but article "${id}" has no such file; its original is ${op.entry.localeName}.md`,
          `Write "translationOf: ${op.locale.tag}".`,
        );
        invalidate(p);
        continue;
      }
      if (!p.fm.title) {
        diagnostics.push(missingField(p, 'title', 'A translation needs its own "title:" line, in its language.'));
        invalidate(p);
        continue;
      }
      versions.set(p.locale.tag, makeVersion(p, original, async () => {
        const bytes = await p.entry.readAll();
        const text = decodeUtf8(bytes);
        if (text === undefined) throw new ContentReadError(notUtf8(p.entry.display, bytes));
        return bodyOf(text);
      }));
    }
    articles.push({ id, original, versions, hash });
  });
  articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { articles, files, diagnostics };
}

/** A body that could not be read when it was needed (e.g. it is not UTF-8). */
export class ContentReadError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function missingField(p: ParsedFile, field: string, hint: string): Diagnostic {
  return error(`the front matter has no "${field}"`, { file: p.entry.display, ...p.fmLine(field), hint });
}

/** The Markdown after the front matter (the file was already split once, so this cannot fail). */
function bodyOf(whole: string): string {
  const split = splitFrontMatter(whole);
  return 'problem' in split ? '' : whole.slice(split.bodyIndex);
}

function makeVersion(p: ParsedFile, original: Version | undefined, readBody: () => Promise<string>): Version {
  const fm = p.fm;
  const o = original;
  const image = mergeImage(o?.image, fm.image);
  return {
    articleId: p.entry.articleId,
    locale: p.locale,
    display: p.entry.display,
    isOriginal: !o,
    title: fm.title!,
    ...(fm.summary !== undefined ? { summary: fm.summary } : {}),
    date: fm.date ?? o!.date,
    ...((fm.updated ?? o?.updated) ? { updated: (fm.updated ?? o?.updated)! } : {}),
    authors: fm.authors ?? o?.authors ?? [],
    categories: fm.categories ?? o?.categories ?? [],
    ...(image ? { image } : {}),
    url: fm.url ?? `${p.locale.site}a/${p.entry.articleId}.html`,
    ...(fm.sourceHash !== undefined ? { sourceHash: fm.sourceHash } : {}),
    draft: fm.draft ?? false,
    readBody,
  };
}

function mergeImage(base: ImageRef | undefined, over: Partial<ImageRef> | undefined): ImageRef | undefined {
  const merged = { ...base, ...over };
  return merged.url ? (merged as ImageRef) : undefined;
}

function suggestSlug(id: string): string {
  return id.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'my-article';
}

async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
