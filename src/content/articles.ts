/**
 * From content files to articles: each file's front matter is read and checked, files are
 * grouped by article, the original is found, translations inherit its shared fields, and
 * each translation is compared with the original's current content hash.
 */
import path from 'node:path';
import { interner } from '../util/object.js';
import { error, type Diagnostic } from '../diagnostics.js';
import { isBcp47, type Locale, type Registry } from '../locales/registry.js';
import type { FeedDate } from './dates.js';
import { fieldPosition, SLUG, type Author, type Correction, type ImageRef, type Rights } from './frontmatter.js';
import type { BuildIndex } from './index-cache.js';
import { scanFile, type ContentEntry, type ContentFile } from './scan.js';

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
  /** False: in no partner feed (`syndication: false`). */
  syndication: boolean;
  rights?: Rights;
  /** After it, the item leaves the public feeds; partner feeds carry a takedown. */
  expires?: FeedDate;
  /** Taken back at `at` (its own date, else the version's `updated`): out of the public feeds at once. */
  withdrawn?: { reason: string; at: FeedDate };
  /** Newest first. */
  corrections: Correction[];
  /** The content file this version was read from (the render stage reads its body). */
  file: ContentFile;
  /** A translation: the original whose fields it inherits where it gives none of its own. */
  inheritsFrom?: Version;
  /** The file each inherited field was written in (the original's, for what a translation inherits): for messages about a field. */
  sourceOf(field: string): ContentFile;
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
  record: ContentFile;
  entry: ContentEntry;
  locale: Locale;
  fm: NonNullable<ContentFile['fm']>;
  /** What the file's line of the listing says (invalid, once a check of its article fails). */
  result: ContentFileResult;
}

/**
 * Scans every entry (one record per file: from `scanned` (see scanAll), else from the build
 * index where the file did not change, else read here) and builds the articles.
 */
export function loadArticles(entries: readonly ContentEntry[], registry: Registry, index?: BuildIndex, scanned?: readonly ContentFile[]): ContentSet {
  const diagnostics: Diagnostic[] = [];
  const files: ContentFileResult[] = [];
  const parsed: ParsedFile[] = [];
  const shared = sharedValues();
  const badArticleIds = new Set<string>();

  for (let n = 0; n < entries.length; n++) {
    const entry = entries[n]!;
    const result: ContentFileResult = { articleId: entry.articleId, localeName: entry.localeName, display: entry.display, invalid: true };
    files.push(result);
    const file = entry.display;
    if (!SLUG.test(entry.articleId)) {
      if (!badArticleIds.has(entry.articleId)) {
        badArticleIds.add(entry.articleId);
        diagnostics.push(error('article-id', `article id "${entry.articleId}" is not a valid slug`, {
          file: file.slice(0, file.length - entry.localeName.length - 4),
          hint: `Rename the folder to lowercase letters, digits and hyphens, starting with a letter or digit (e.g. "${suggestSlug(entry.articleId)}").`,
        }));
      }
      continue;
    }
    const locale = registry.byTag.get(entry.localeName);
    if (!locale) {
      const tags = registry.locales.map((l) => l.tag);
      // Only a different spelling of a registry tag is suggested (uz-latn, fa_AF): a near
      // miss between two-letter codes (de, be) names another language.
      const norm = (t: string) => t.toLowerCase().replace(/_/g, '-');
      const near = tags.find((t) => norm(t) === norm(entry.localeName));
      diagnostics.push(error(
        'content-locale',
        isBcp47(entry.localeName)
          ? `"${entry.localeName}" is not a locale of the registry`
          : `"${entry.localeName}" is not a BCP 47 language tag, so the file name names no locale`,
        { file, hint: (near ? `Did you mean ${near}.md? ` : '') + `Name the file <locale>.md with a tag from locales/registry.json: ${tags.join(', ')}.` },
      ));
      continue;
    }
    let record = scanned?.[n] ?? index?.get(entry);
    if (!record) {
      record = scanFile(entry);
      index?.put(record);
    }
    diagnostics.push(...record.diagnostics);
    if (!record.fm) continue;
    // Kept for as long as the build: the same text is one string (most files lay out their
    // fields alike, and name the same few originals).
    record.positions = shared.text(record.positions);
    if (record.fm.translationOf !== undefined) record.fm.translationOf = shared.text(record.fm.translationOf);
    parsed.push({ record, entry, locale, fm: record.fm, result });
    result.invalid = false;
  }

  // Group by article.
  const byArticle = new Map<string, ParsedFile[]>();
  for (const p of parsed) {
    const group = byArticle.get(p.entry.articleId);
    if (group) group.push(p);
    else byArticle.set(p.entry.articleId, [p]);
  }
  const invalidate = (p: ParsedFile) => {
    p.result.invalid = true;
  };
  const articles: Article[] = [];
  const fileCountByArticle = new Map<string, number>();
  for (const e of entries) fileCountByArticle.set(e.articleId, (fileCountByArticle.get(e.articleId) ?? 0) + 1);

  for (const id of [...byArticle.keys()].sort()) {
    const group = byArticle.get(id)!.sort((a, b) => (a.entry.display < b.entry.display ? -1 : 1));
    const originals = group.filter((p) => p.fm.translationOf === undefined);
    const folder = group[0]!.entry.display.slice(0, -(group[0]!.entry.localeName.length + 4));
    if (originals.length === 0) {
      // With invalid files in the folder, the original may be among them: they are reported already.
      if (group.length === fileCountByArticle.get(id)) {
        const named = [...new Set(group.map((g) => g.fm.translationOf!))];
        const list = group.map((g) => `${g.entry.localeName}.md`).join(', ');
        diagnostics.push(error('article-no-original',
          `article "${id}" has no original: ${list} ${group.length === 1 ? 'is a translation' : 'are translations'} of ${named.join(', ')}, ` +
          `but there is no ${named.map((t) => `${t}.md`).join(' or ')}`, {
            file: folder,
            hint: `Add the original as ${path.join(folder, `${named[0]}.md`)}, or remove "translationOf" from the file in the language the article was written in.`,
          }));
      }
      group.forEach(invalidate);
      continue;
    }
    if (originals.length > 1) {
      for (const o of originals.slice(1)) {
        diagnostics.push(error('article-two-originals', `article "${id}" has two originals: ${originals.map((x) => x.entry.localeName + '.md').join(' and ')} both lack translationOf`, {
          file: o.entry.display, ...fieldPosition(o.record.positions, 'translationOf'),
          hint: `Add "translationOf: ${originals[0]!.locale.tag}" (and "sourceHash") to the translation's front matter.`,
        }));
      }
      group.forEach(invalidate);
      continue;
    }
    const op = originals[0]!;
    const problems: Diagnostic[] = [];
    if (!op.fm.title) problems.push(missingField(op, 'title', 'Add a line "title: <headline>" to the front matter.'));
    if (!op.fm.date) problems.push(missingField(op, 'date', 'Add "date: 2015-07-21T18:30:00+06:00" (ISO 8601 with its UTC offset).'));
    if (op.fm.sourceHash) {
      problems.push(error('fm-source-hash-in-original', '"sourceHash" belongs in translations only; this file has no translationOf', {
        file: op.entry.display, ...fieldPosition(op.record.positions, 'sourceHash'),
      }));
    }
    const undatedWithdrawal = (p: ParsedFile, inheritedUpdated: FeedDate | undefined) =>
      p.fm.withdrawn && !p.fm.withdrawn.date && !(p.fm.updated ?? inheritedUpdated)
        ? error('fm-withdrawn', '"withdrawn" needs the time of the withdrawal, and this version has no "updated" to take it from', {
          file: p.entry.display, ...fieldPosition(p.record.positions, 'withdrawn'),
          hint: 'Set "updated" to the time of the withdrawal, or write withdrawn: { reason: …, date: 2026-01-05T10:00:00Z }: partner feeds carry the takedown from then on.',
        })
        : undefined;
    const opUndated = undatedWithdrawal(op, undefined);
    if (opUndated) problems.push(opUndated);
    if (problems.length) {
      diagnostics.push(...problems);
      group.forEach(invalidate);
      continue;
    }
    const original = makeVersion(op, undefined, shared);
    const versions = new Map<string, Version>([[op.locale.tag, original]]);
    for (const p of group) {
      if (p === op) continue;
      if (p.fm.translationOf !== op.locale.tag) {
        const named = registry.byTag.has(p.fm.translationOf!) ? `${p.fm.translationOf}.md` : `"${p.fm.translationOf}"`;
        diagnostics.push(error('translation-of',
          group.some((g) => g.locale.tag === p.fm.translationOf)
            ? `translationOf names ${named}, which is itself a translation; the original is ${op.entry.localeName}.md`
            : `translationOf names ${named}, but article "${id}" has no such file; its original is ${op.entry.localeName}.md`,
          { file: p.entry.display, ...fieldPosition(p.record.positions, 'translationOf', { key: false }), hint: `Write "translationOf: ${op.locale.tag}".` }));
        invalidate(p);
        continue;
      }
      if (!p.fm.title) {
        diagnostics.push(missingField(p, 'title', 'A translation needs its own "title:" line, in its language.'));
        invalidate(p);
        continue;
      }
      const undated = undatedWithdrawal(p, original.updated);
      const date = p.fm.date ?? original.date;
      const expiresEarly = p.fm.expires && !p.fm.date && p.fm.expires.epochMs <= date.epochMs
        ? error('fm-expires', `"expires" is not after the date of the original (${op.entry.localeName}.md): the translation would never be shown`, {
          file: p.entry.display, ...fieldPosition(p.record.positions, 'expires', { key: false }), hint: 'Check the date and its UTC offset; "expires" is when the article leaves the feeds.',
        })
        : undefined;
      if (undated || expiresEarly) {
        diagnostics.push(...[undated, expiresEarly].filter((d): d is Diagnostic => d !== undefined));
        invalidate(p);
        continue;
      }
      versions.set(p.locale.tag, makeVersion(p, original, shared));
    }
    articles.push({ id, original, versions, hash: op.record.hash! });
  }
  files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { articles, files, diagnostics };
}

function missingField(p: ParsedFile, field: string, hint: string): Diagnostic {
  return error('fm-required', `the front matter has no "${field}"`, { file: p.entry.display, ...fieldPosition(p.record.positions, field), hint });
}

/**
 * One array for all versions with the same authors or categories (they are not changed once
 * read), one string for the same positions or tag: each file's parse made its own, at 88k
 * files 40 % of what the articles held.
 */
interface Shared {
  authors(list: Author[]): Author[];
  categories(list: string[]): string[];
  text(text: string): string;
}

/** The corrections of every version that has none. */
const NO_CORRECTIONS = Object.freeze([]) as unknown as Correction[];

function sharedValues(): Shared {
  const authors = interner<Author[]>();
  const categories = interner<string[]>();
  const texts = interner<string>();
  return {
    authors: (list) => authors(JSON.stringify(list), () => list),
    categories: (list) => categories(list.join('\u0000'), () => list),
    text: (text) => texts(text, () => text),
  };
}

/** Where a field of this version is written: its own file, or (inherited) its original's. A method of every version, not a closure per version. */
function sourceOf(this: Version, field: string): ContentFile {
  const fm = this.file.fm ?? {};
  const [top, sub] = field.split('.') as [keyof typeof fm, string | undefined];
  const own = sub === undefined ? fm[top] : (fm[top] as Record<string, unknown> | undefined)?.[sub];
  return !this.inheritsFrom || own !== undefined ? this.file : this.inheritsFrom.sourceOf(field);
}

function makeVersion(p: ParsedFile, original: Version | undefined, shared: Shared): Version {
  const fm = p.fm;
  const o = original;
  const image = mergeImage(o?.image, fm.image);
  const rights = mergeRights(o?.rights, fm.rights);
  // Checked by loadArticles: a withdrawal without a date has an `updated` to take it from.
  const withdrawn = fm.withdrawn
    ? { reason: fm.withdrawn.reason, at: (fm.withdrawn.date ?? fm.updated ?? o?.updated)! }
    : o?.withdrawn;
  // Built field by field (in the order of the Version type; an optional field only where it
  // has a value): spreading a small object for each optional field cost a third of loading
  // 88k files' articles.
  const v = { articleId: p.entry.articleId, locale: p.locale, display: p.entry.display, isOriginal: !o, title: fm.title! } as Version;
  if (fm.summary !== undefined) v.summary = fm.summary;
  v.date = fm.date ?? o!.date;
  const updated = fm.updated ?? o?.updated;
  if (updated) v.updated = updated;
  // The record's own lists are replaced too: it is kept (in \`file\`) as long as the version.
  if (fm.authors) fm.authors = shared.authors(fm.authors);
  if (fm.categories) fm.categories = shared.categories(fm.categories);
  v.authors = fm.authors ?? o?.authors ?? [];
  v.categories = fm.categories ?? o?.categories ?? [];
  if (image) v.image = image;
  v.url = fm.url ?? `${p.locale.site}a/${p.entry.articleId}.html`;
  if (fm.sourceHash !== undefined) v.sourceHash = fm.sourceHash;
  v.draft = fm.draft ?? false;
  v.syndication = fm.syndication ?? o?.syndication ?? true;
  if (rights) v.rights = rights;
  const expires = fm.expires ?? o?.expires;
  if (expires) v.expires = expires;
  if (withdrawn) v.withdrawn = withdrawn;
  const corrections = fm.corrections ?? o?.corrections ?? NO_CORRECTIONS;
  v.corrections = corrections.length > 1 ? [...corrections].sort((a, b) => b.date.epochMs - a.date.epochMs) : corrections.length ? [...corrections] : NO_CORRECTIONS;
  v.file = p.record;
  if (o) v.inheritsFrom = o;
  v.sourceOf = sourceOf;
  return v;
}

function mergeRights(base: Rights | undefined, over: Rights | undefined): Rights | undefined {
  return base || over ? { ...base, ...over } : undefined;
}

function mergeImage(base: ImageRef | undefined, over: Partial<ImageRef> | undefined): ImageRef | undefined {
  const merged = { ...base, ...over };
  return merged.url ? (merged as ImageRef) : undefined;
}

function suggestSlug(id: string): string {
  return id.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'my-article';
}
