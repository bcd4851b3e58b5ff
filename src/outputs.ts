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
import { checkAtom, checkJsonFeed, checkRss, type CheckProblem } from './validate/index.js';

export type FormatName = 'rss' | 'atom' | 'json';

export interface OutputFormat {
  name: FormatName;
  /** The media type sent and written into links, without parameters. */
  mediaType: string;
  /** Text formats are UTF-8; servers add this to the media type. */
  charset: 'utf-8';
  /** How other documents link to this one. */
  rel: 'alternate';
  serialize(model: FeedModel, self: DocumentLink): string;
  /** Problems in a document of this format; `expectedLang` is the registry's feed tag, where known. */
  check(text: string, expectedLang?: string): CheckProblem[];
}

export const FORMATS: Readonly<Record<FormatName, OutputFormat>> = {
  rss: { name: 'rss', mediaType: 'application/rss+xml', charset: 'utf-8', rel: 'alternate', serialize: renderRss, check: checkRss },
  atom: { name: 'atom', mediaType: 'application/atom+xml', charset: 'utf-8', rel: 'alternate', serialize: renderAtom, check: checkAtom },
  json: { name: 'json', mediaType: 'application/feed+json', charset: 'utf-8', rel: 'alternate', serialize: renderJson, check: checkJsonFeed },
};

import type { PlanKind } from './plan/plan.js';

export interface OutputKind {
  /** Unique; how messages and tests name the kind. */
  name: string;
  /** Relative to out/, with `{placeholders}` filled from the plan's scope. */
  path: string;
  plan: PlanKind;
  format: OutputFormat;
  /**
   * Link order for the publish transaction: lower ranks are published first, so that what
   * a document links to is in place before it (feeds before the pages that list them).
   */
  rank: number;
  /**
   * Who the document is for. Pages and OPML list only `public` documents: a partner's feeds
   * are its own (out/partners/<partner-id>/…), linked from nothing polyfeed publishes.
   */
  audience: 'public' | 'partner';
}

export const OUTPUTS: readonly OutputKind[] = [
  { name: 'rss', path: '{locale}/rss.xml', plan: 'locale', format: FORMATS.rss, rank: 0, audience: 'public' },
  { name: 'atom', path: '{locale}/atom.xml', plan: 'locale', format: FORMATS.atom, rank: 0, audience: 'public' },
  { name: 'json', path: '{locale}/feed.json', plan: 'locale', format: FORMATS.json, rank: 0, audience: 'public' },
  { name: 'partner-rss', path: 'partners/{partner}/{locale}/rss.xml', plan: 'partner', format: FORMATS.rss, rank: 0, audience: 'partner' },
  { name: 'partner-atom', path: 'partners/{partner}/{locale}/atom.xml', plan: 'partner', format: FORMATS.atom, rank: 0, audience: 'partner' },
  { name: 'partner-json', path: 'partners/{partner}/{locale}/feed.json', plan: 'partner', format: FORMATS.json, rank: 0, audience: 'partner' },
];

/** The rows a plan of `plan` kind is made into; with `formats`, only the rows of those formats. */
export function outputsOf(plan: PlanKind, formats?: readonly FormatName[]): OutputKind[] {
  return OUTPUTS.filter((k) => k.plan === plan && (formats === undefined || formats.includes(k.format.name)));
}

/** The path of a document of `kind` for a plan's scope (e.g. `{ locale: 'en' }`). */
export function outputPath(kind: OutputKind, vars: PathVars): string {
  return expandPath(kind.path, vars);
}

const matchers = OUTPUTS.map((kind) => ({ kind, match: pathMatcher(kind.path) }));

/** The kind of the document at `relPath` (relative to out/, `/` separators) and its scope. */
export function kindOf(relPath: string): { kind: OutputKind; vars: PathVars } | undefined {
  for (const { kind, match } of matchers) {
    const vars = match(relPath);
    if (vars) return { kind, vars };
  }
  return undefined;
}

/** The Content-Type to serve `relPath` with, or undefined for a file polyfeed does not write. */
export function mediaTypeOf(relPath: string): string | undefined {
  const found = kindOf(relPath);
  return found ? `${found.kind.format.mediaType}; charset=${found.kind.format.charset}` : undefined;
}
