/** The options that say what to build, shared by `polyfeed build` and `polyfeed serve --watch`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseFeedDate } from '../content/dates.js';
import type { BuildOptions } from '../options.js';
import { COMMON_OPTIONS, type OptionSpec, type ParsedArgs } from './command.js';
import { UsageError } from './io.js';

/** The options of `polyfeed build` that say what to build; `polyfeed serve --watch` takes them too. */
export const BUILD_OPTIONS = {
  content: COMMON_OPTIONS.content,
  locales: COMMON_OPTIONS.locales,
  now: { type: 'string', value: 'ISO-8601', help: 'the build clock: articles dated after it are embargoed; fixes the output for reproducible builds (default: now)' },
  'base-url': { type: 'string', value: 'URL', help: 'where out/ is published; overrides feeds.baseUrl of the registry' },
  limit: { type: 'string', value: 'N', help: 'items per feed, newest first; overrides feeds.limit of the registry' },
  strict: { type: 'boolean', help: 'stale or missing translations are errors, not warnings' },
  cache: { type: 'string', value: 'DIR', help: 'keep the build index, rendered HTML and documents here between builds (default: node_modules/.cache/polyfeed in a Node project)' },
  'no-cache': { type: 'boolean', help: 'use no cache: read and render everything' },
} as const satisfies Record<string, OptionSpec>;

/** The library's build options from the command line's (the library checks their values). */
export function buildOptionsFrom(values: ParsedArgs['values']): BuildOptions & { content: string; locales: string } {
  let now: Date | undefined;
  if (values.now !== undefined) {
    const parsed = parseFeedDate(String(values.now));
    if (!parsed.ok) throw new UsageError(`--now: ${parsed.problem}; write e.g. 2026-11-27T12:00:00Z`);
    now = new Date(parsed.date.epochMs);
  }
  // The build index, rendered HTML and documents are kept where JavaScript tools keep caches,
  // in a Node project; elsewhere only with --cache DIR.
  const cacheDir = values['no-cache'] ? undefined : values.cache !== undefined ? String(values.cache)
    : existsSync('package.json') ? path.join('node_modules', '.cache', 'polyfeed') : undefined;
  return {
    content: String(values.content ?? COMMON_OPTIONS.content.default),
    locales: String(values.locales ?? COMMON_OPTIONS.locales.default),
    ...(now ? { now } : {}),
    ...(values.limit !== undefined ? { limit: Number(values.limit) } : {}),
    ...(values['base-url'] !== undefined ? { baseUrl: String(values['base-url']) } : {}),
    strict: Boolean(values.strict),
    ...(cacheDir ? { cacheDir } : {}),
  };
}

/** `out` as messages show it: `out/`. */
export function shownDir(dir: string): string {
  return `${path.normalize(dir).replace(/[\\/]+$/, '') || '.'}/`;
}

