/**
 * Every output path comes from `expandPath` (a row's pattern of src/outputs.ts, filled with
 * checked segments), every public URL from `publicUrl`, and every id from `feedId` /
 * `itemId` (tag: URIs, RFC 4151, stable across builds and formats).
 */
import path from 'node:path';
import type { Version } from '../content/articles.js';
import type { Registry } from '../locales/registry.js';

/** The values a path pattern's `{name}` placeholders take (a locale tag, a category slug …). */
export type PathVars = Readonly<Record<string, string>>;

const SAFE_SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** `{locale}/rss.xml` with `{ locale: 'en' }` → `en/rss.xml`; every value must be a safe path segment. */
export function expandPath(pattern: string, vars: PathVars): string {
  return pattern.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    const value = vars[name];
    // Tags and slugs are checked where they come in, but this function is the gate: nothing else can become a path.
    if (value === undefined || !SAFE_SEGMENT.test(value) || value.includes('..')) {
      throw new Error(`not a safe path segment for {${name}}: ${JSON.stringify(value)}`);
    }
    return value;
  });
}

/** The pattern as a regular expression that gives back the placeholders' values. */
export function pathMatcher(pattern: string): (relPath: string) => PathVars | undefined {
  const names: string[] = [];
  const source = pattern
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const m = /^\{([a-z]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)';
    })
    .join('');
  const re = new RegExp(`^${source}$`);
  return (relPath) => {
    const m = re.exec(relPath);
    return m ? Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) : undefined;
  };
}

/** The file a document is written to; always inside `outDir`. */
export function outputFile(outDir: string, relPath: string): string {
  const segments = relPath.split('/');
  if (segments.some((seg) => seg === '' || seg === '.' || seg === '..' || /[\\\0]/.test(seg))) throw new Error(`not a relative output path: ${JSON.stringify(relPath)}`);
  const root = path.resolve(outDir);
  const file = path.resolve(root, ...relPath.split('/'));
  if (!file.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${file}`);
  return file;
}

/** Where a document is published: the registry's base URL plus its path. */
export function publicUrl(registry: Registry, relPath: string): string {
  return new URL(relPath, registry.feeds.baseUrl).href;
}

export function feedId(registry: Registry, scope: string): string {
  return `tag:${registry.feeds.idAuthority}:feeds/${scope}`;
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

/**
 * The link from the document at `from` to the one at `to` (both relative to out/): `feed.css`
 * from `en/rss.xml`, `../ru/index.html` from `en/index.html`. Relative links keep out/ whole
 * wherever it is published or opened (file:// included); segments are safe, so none is encoded.
 */
export function relativeHref(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return rel === '' ? path.posix.basename(to) : rel;
}
