/**
 * Every output path and public URL comes from `feedPath`: `<locale>/rss.xml`,
 * `<locale>/atom.xml`, `<locale>/feed.json` (DESIGN.md's contract), and every id from
 * `feedId` / `itemId` (tag: URIs, RFC 4151, stable across builds and formats).
 */
import path from 'node:path';
import type { Version } from '../content/articles.js';
import type { Locale, Registry } from '../locales/registry.js';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

const FILE_NAMES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };
const LOCALE_SEGMENT = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

/** The path of a feed relative to the output folder, with `/` separators. */
export function feedPath(localeTag: string, format: FeedFormat): string {
  // Registry tags are BCP 47, but this function is the gate: nothing else can become a path.
  if (!LOCALE_SEGMENT.test(localeTag)) throw new Error(`not a safe path segment: ${JSON.stringify(localeTag)}`);
  return `${localeTag}/${FILE_NAMES[format]}`;
}

/** The file a feed is written to; always inside `outDir`. */
export function outputFile(outDir: string, localeTag: string, format: FeedFormat): string {
  const root = path.resolve(outDir);
  const file = path.resolve(root, ...feedPath(localeTag, format).split('/'));
  if (!file.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${file}`);
  return file;
}

/** Where a feed is published: the registry's base URL plus `feedPath`. */
export function publicUrl(registry: Registry, locale: Locale, format: FeedFormat): string {
  return new URL(feedPath(locale.tag, format), registry.feeds.baseUrl).href;
}

export function feedId(registry: Registry, locale: Locale): string {
  return `tag:${registry.feeds.idAuthority}:feeds/${locale.tag}`;
}

/** One id per language version of an article: the same in RSS, Atom and JSON, build after build. */
export function itemId(registry: Registry, version: Version): string {
  return `tag:${registry.feeds.idAuthority}:articles/${version.articleId}/${version.locale.tag}`;
}

/** polyfeed's own bookkeeping folder inside out/ (lock, journal, manifest); no published file goes there. */
export const STATE_DIR = '.polyfeed';

/**
 * Why `p` cannot be a published file's path, or undefined when it can: a relative POSIX path
 * that stays inside out/ (`en/rss.xml`, `index.html`, `en/categories/x/atom.xml`).
 */
export function relativePathProblem(p: unknown): string | undefined {
  if (typeof p !== 'string' || p === '') return 'is empty';
  if (p.includes('\0')) return 'contains a NUL character';
  if (p.includes('\\')) return 'contains a backslash (folders are separated by /)';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'is absolute';
  const segments = p.split('/');
  if (segments.includes('')) return 'has an empty segment (// or a / at an end)';
  if (segments.some((s) => s === '.' || s === '..')) return 'has a . or .. segment';
  if (segments[0] === STATE_DIR) return `is inside ${STATE_DIR}/, polyfeed's own bookkeeping folder`;
  return undefined;
}

/** out/ as the user typed it, with one trailing `/`: `out/`, `./site/`, `/srv/feeds/`. */
export function shownFolder(dir: string): string {
  const normalized = path.normalize(dir);
  if (normalized === path.parse(normalized).root && normalized !== '') return normalized;
  return `${normalized.replace(/[\\/]+$/, '') || '.'}/`;
}
