/**
 * Outputs as data (Hugo's output formats are the model). Every kind of document polyfeed
 * writes is a row of `OUTPUTS`: its name, the path pattern it is written to, the plan it is
 * made from and its format; a format (a row of `FORMATS`) has the media type, the `rel` it
 * is linked with, the serializer and the checks. Output paths, public URLs, the media types
 * a server sends and what `polyfeed validate` checks all come from here: a new kind of
 * output is a new row.
 */
import { renderAtom } from './formats/atom.js';
import { renderJson } from './formats/json.js';
import type { DocumentLink, FeedModel } from './formats/model.js';

export type { DocumentLink } from './formats/model.js';
import { renderRss } from './formats/rss.js';
import { expandPath, pathMatcher, type PathVars } from './publish/paths.js';
import { headersFile } from './serve/headers.js';
import { checkAtom, checkJsonFeed, checkRss, type CheckProblem } from './validate/index.js';

export type FormatName = 'rss' | 'atom' | 'json' | 'headers';

/** What a site-wide document (such as `_headers`) is made from: every other document of the build. */
export interface SiteModel {
  documents: readonly { path: string }[];
}

export interface OutputFormat<M = FeedModel> {
  name: FormatName;
  /** The media type sent and written into links, without parameters. */
  mediaType: string;
  /** Text formats are UTF-8; servers add this to the media type. */
  charset: 'utf-8';
  /** How other documents link to this one. */
  rel: 'alternate';
  serialize(model: M, self: DocumentLink): string;
  /** Problems in a document of this format; `expectedLang` is the registry's feed tag, where known. */
  check(text: string, expectedLang?: string): CheckProblem[];
}

export const FORMATS = {
  rss: { name: 'rss', mediaType: 'application/rss+xml', charset: 'utf-8', rel: 'alternate', serialize: renderRss, check: checkRss },
  atom: { name: 'atom', mediaType: 'application/atom+xml', charset: 'utf-8', rel: 'alternate', serialize: renderAtom, check: checkAtom },
  json: { name: 'json', mediaType: 'application/feed+json', charset: 'utf-8', rel: 'alternate', serialize: renderJson, check: checkJsonFeed },
  // Netlify's and Cloudflare Pages' header rules: the media types below, for hosts that would guess them.
  headers: {
    name: 'headers', mediaType: 'text/plain', charset: 'utf-8', rel: 'alternate',
    serialize: (site: SiteModel) => headersFile(site.documents.map((d) => d.path), mediaTypeOf),
    check: () => [],
  },
} as const satisfies { rss: OutputFormat; atom: OutputFormat; json: OutputFormat; headers: OutputFormat<SiteModel> };

import type { PlanKind } from './plan/plan.js';

export interface OutputKind<M = FeedModel> {
  /** Unique; how messages and tests name the kind. */
  name: string;
  /** Relative to out/, with `{placeholders}` filled from the plan's scope. */
  path: string;
  plan: PlanKind;
  format: OutputFormat<M>;
  /**
   * Link order for the publish transaction: lower ranks are published first, so that what
   * a document links to is in place before it (feeds before the pages that list them).
   */
  rank: number;
}

/** The documents made from feed plans (src/plan/): one per plan and row. */
export const FEED_OUTPUTS: readonly OutputKind[] = [
  { name: 'rss', path: '{locale}/rss.xml', plan: 'locale', format: FORMATS.rss, rank: 0 },
  { name: 'atom', path: '{locale}/atom.xml', plan: 'locale', format: FORMATS.atom, rank: 0 },
  { name: 'json', path: '{locale}/feed.json', plan: 'locale', format: FORMATS.json, rank: 0 },
];

/** The documents made once per build from all the others. */
export const SITE_OUTPUTS: readonly OutputKind<SiteModel>[] = [
  { name: '_headers', path: '_headers', plan: 'site', format: FORMATS.headers, rank: 2 },
];

export const OUTPUTS: readonly (OutputKind | OutputKind<SiteModel>)[] = [...FEED_OUTPUTS, ...SITE_OUTPUTS];

export function outputsOf(plan: PlanKind): OutputKind[] {
  return FEED_OUTPUTS.filter((k) => k.plan === plan);
}

/** The path of a document of `kind` for a plan's scope (e.g. `{ locale: 'en' }`). */
export function outputPath(kind: OutputKind | OutputKind<SiteModel>, vars: PathVars): string {
  return expandPath(kind.path, vars);
}

const matchers = OUTPUTS.map((kind) => ({ kind, match: pathMatcher(kind.path) }));

/** The kind of the document at `relPath` (relative to out/, `/` separators) and its scope. */
export function kindOf(relPath: string): { kind: OutputKind | OutputKind<SiteModel>; vars: PathVars } | undefined {
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
