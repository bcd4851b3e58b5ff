/**
 * Outputs as data (Hugo's output formats are the model). Every kind of document polyfeed
 * writes is a row of `OUTPUTS`: its name, the path pattern it is written to, the plan it is
 * made from and its format; a format (a row of `FORMATS`) has the media type, the label it is
 * shown with; its serializer and check are in src/formats/code.ts, loaded only to make or check
 * a document (`formatCode()`). Output paths, public URLs, the media types a
 * server sends, the feeds a page and an OPML list, and what `polyfeed validate` checks all
 * come from here: a new kind of output is a new row.
 */
import type { DocumentLinks } from './formats/model.js';
import { headersFile } from './serve/headers.js';
import type { PlanKind } from './plan/plan.js';
import { expandPath, pathMatcher, type PathVars } from './publish/paths.js';
import type { CheckProblem } from './validate/index.js';

export type { DocumentLink, DocumentLinks } from './formats/model.js';

export type FormatName = 'rss' | 'atom' | 'json' | 'html' | 'opml' | 'feed-css' | 'page-css' | 'headers';

export interface OutputFormat {
  name: FormatName;
  /** The media type sent and written into links, without parameters. */
  mediaType: string;
  /** Text formats are UTF-8; servers add this to the media type. */
  charset: 'utf-8';
  /** How other documents link to this one. */
  rel: 'alternate' | 'stylesheet';
  /** How pages and OPML name the format to readers. */
  label: string;
  /** OPML 2.0's `version` attribute for a feed in this format, where OPML defines one. */
  opmlVersion?: string;
  /** A feed format: counted as a feed, announced to a WebSub hub. */
  feed?: true;
}

export const FORMATS = {
  rss: { name: 'rss', mediaType: 'application/rss+xml', charset: 'utf-8', rel: 'alternate', label: 'RSS 2.0', opmlVersion: 'RSS', feed: true },
  atom: { name: 'atom', mediaType: 'application/atom+xml', charset: 'utf-8', rel: 'alternate', label: 'Atom 1.0', feed: true },
  json: { name: 'json', mediaType: 'application/feed+json', charset: 'utf-8', rel: 'alternate', label: 'JSON Feed 1.1', feed: true },
  html: { name: 'html', mediaType: 'text/html', charset: 'utf-8', rel: 'alternate', label: 'HTML' },
  opml: { name: 'opml', mediaType: 'text/x-opml', charset: 'utf-8', rel: 'alternate', label: 'OPML 2.0' },
  'feed-css': { name: 'feed-css', mediaType: 'text/css', charset: 'utf-8', rel: 'stylesheet', label: 'CSS' },
  'page-css': { name: 'page-css', mediaType: 'text/css', charset: 'utf-8', rel: 'stylesheet', label: 'CSS' },
} as const satisfies Record<Exclude<FormatName, 'headers'>, OutputFormat>;

/** The serializers and checks of the formats (src/formats/code.ts), loaded on first use (`import()` loads a module once). */
export async function formatCode(): Promise<(typeof import('./formats/code.js'))['FORMAT_CODE']> {
  return (await import('./formats/code.js')).FORMAT_CODE;
}

/** True for the formats that are feeds (RSS, Atom, JSON Feed): `feed` in their row. */
export function isFeedFormat(name: string): boolean {
  return name in FORMATS && 'feed' in FORMATS[name as keyof typeof FORMATS];
}

/** What `_headers` is made from: every other document of the build. */
export interface SiteDocuments {
  documents: readonly { path: string }[];
}

/**
 * `out/_headers`: Netlify's and Cloudflare Pages' header rules, the media types below for
 * hosts that would guess them. Made once per build, after every other document.
 */
export const HEADERS_OUTPUT = {
  name: '_headers', path: '_headers', rank: 3, audience: 'public',
  format: {
    name: 'headers', mediaType: 'text/plain', charset: 'utf-8', rel: 'alternate', label: 'Netlify/Cloudflare headers',
    serialize: (site: SiteDocuments, _links: DocumentLinks) => headersFile(site.documents.map((d) => d.path), mediaTypeOf),
    check: (): CheckProblem[] => [],
  },
} as const satisfies { name: string; path: string; rank: number; audience: 'public'; format: OutputFormat & { serialize(site: SiteDocuments, links: DocumentLinks): string; check(): CheckProblem[] } };

export interface OutputKind<K extends PlanKind = PlanKind> {
  /** Unique; how messages and tests name the kind. */
  name: string;
  /** Relative to out/, with `{placeholders}` filled from the plan's scope. */
  path: string;
  plan: K;
  /** Its serializer takes a `ModelOf[K]` (src/formats/code.ts). */
  format: OutputFormat;
  /**
   * Link order for the publish transaction: lower ranks are published first, so that what
   * a document links to is in place before it (style sheets before the feeds that use them,
   * feeds before the OPML and pages that list them). Pages link each other, so they share a
   * rank; within a rank, documents are published in build order (language pages, then the root).
   */
  rank: number;
  /** The row of the style sheet the document links to (resolved for the same scope). */
  stylesheet?: string;
  /**
   * Who the document is for. Pages and OPML list only `public` documents: a partner's feeds
   * are its own (out/partners/<partner-id>/…), linked from nothing polyfeed publishes.
   */
  audience: 'public' | 'partner';
}

/** A row of any plan kind. */
export type AnyOutputKind = { [K in PlanKind]: OutputKind<K> }[PlanKind];

export const OUTPUTS: readonly AnyOutputKind[] = [
  { name: 'feed-css', path: '{locale}/feed.css', plan: 'page', format: FORMATS['feed-css'], rank: -1, audience: 'public' },
  { name: 'style', path: 'style.css', plan: 'site', format: FORMATS['page-css'], rank: -1, audience: 'public' },
  { name: 'rss', path: '{locale}/rss.xml', plan: 'locale', format: FORMATS.rss, rank: 0, stylesheet: 'feed-css', audience: 'public' },
  { name: 'atom', path: '{locale}/atom.xml', plan: 'locale', format: FORMATS.atom, rank: 0, stylesheet: 'feed-css', audience: 'public' },
  { name: 'json', path: '{locale}/feed.json', plan: 'locale', format: FORMATS.json, rank: 0, audience: 'public' },
  { name: 'category-rss', path: '{locale}/categories/{category}/rss.xml', plan: 'category', format: FORMATS.rss, rank: 0, stylesheet: 'feed-css', audience: 'public' },
  { name: 'category-atom', path: '{locale}/categories/{category}/atom.xml', plan: 'category', format: FORMATS.atom, rank: 0, stylesheet: 'feed-css', audience: 'public' },
  { name: 'category-json', path: '{locale}/categories/{category}/feed.json', plan: 'category', format: FORMATS.json, rank: 0, audience: 'public' },
  { name: 'partner-rss', path: 'partners/{partner}/{locale}/rss.xml', plan: 'partner', format: FORMATS.rss, rank: 0, audience: 'partner' },
  { name: 'partner-atom', path: 'partners/{partner}/{locale}/atom.xml', plan: 'partner', format: FORMATS.atom, rank: 0, audience: 'partner' },
  { name: 'partner-json', path: 'partners/{partner}/{locale}/feed.json', plan: 'partner', format: FORMATS.json, rank: 0, audience: 'partner' },
  // RFC 5005 archives, one set per locale and month (registry feeds.archives); linked from the locale feeds, not listed on pages.
  { name: 'archive-rss', path: '{locale}/archive/{month}.rss.xml', plan: 'archive', format: FORMATS.rss, rank: 0, stylesheet: 'feed-css', audience: 'public' },
  { name: 'archive-atom', path: '{locale}/archive/{month}.atom.xml', plan: 'archive', format: FORMATS.atom, rank: 0, stylesheet: 'feed-css', audience: 'public' },
  { name: 'archive-json', path: '{locale}/archive/{month}.json', plan: 'archive', format: FORMATS.json, rank: 0, audience: 'public' },
  { name: 'opml', path: '{locale}/feeds.opml', plan: 'page', format: FORMATS.opml, rank: 1, audience: 'public' },
  { name: 'site-opml', path: 'feeds.opml', plan: 'site', format: FORMATS.opml, rank: 1, audience: 'public' },
  { name: 'page', path: '{locale}/index.html', plan: 'page', format: FORMATS.html, rank: 2, stylesheet: 'style', audience: 'public' },
  { name: 'site', path: 'index.html', plan: 'site', format: FORMATS.html, rank: 2, stylesheet: 'style', audience: 'public' },
];

/** The rows a plan of `plan` kind is made into; with `formats`, only the rows of those formats. */
export function outputsOf<K extends PlanKind>(plan: K, formats?: readonly FormatName[]): OutputKind<K>[] {
  return OUTPUTS.filter((k): k is OutputKind<K> & AnyOutputKind => k.plan === plan && (formats === undefined || formats.includes(k.format.name)));
}

/** The row called `name` (a page links the documents of named rows). */
export function outputNamed(name: string): AnyOutputKind {
  const kind = OUTPUTS.find((k) => k.name === name);
  if (!kind) throw new Error(`polyfeed bug: no output row called ${JSON.stringify(name)}`);
  return kind;
}

/** The path of a document of `kind` for a plan's scope (e.g. `{ locale: 'en' }`). */
export function outputPath(kind: { path: string }, vars: PathVars): string {
  return expandPath(kind.path, vars);
}

const matchers = [...OUTPUTS, HEADERS_OUTPUT].map((kind) => ({ kind, match: pathMatcher(kind.path) }));

/** The kind of the document at `relPath` (relative to out/, `/` separators) and its scope. */
export function kindOf(relPath: string): { kind: AnyOutputKind | typeof HEADERS_OUTPUT; vars: PathVars } | undefined {
  for (const { kind, match } of matchers) {
    const vars = match(relPath);
    if (vars) return { kind, vars };
  }
  return undefined;
}

/**
 * The Content-Type to serve `relPath` with (relative to out/, `/`-separated): its row's media
 * type; for a file no row writes, `application/octet-stream` (a host must not guess).
 */
export function mediaTypeOf(relPath: string): string {
  const found = kindOf(relPath);
  return found ? `${found.kind.format.mediaType}; charset=${found.kind.format.charset}` : 'application/octet-stream';
}
