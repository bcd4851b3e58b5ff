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
  partners: { type: 'string', value: 'DIR', help: 'the folder of syndication agreements (<partner-id>.yaml; default: partners/ beside the content folder); a missing folder means no partner feeds' },
  strict: { type: 'boolean', help: 'stale or missing translations, and partner rule violations, are errors, not warnings' },
  cache: { type: 'string', value: 'DIR', help: 'keep the build index, rendered HTML and documents here between builds (default: node_modules/.cache/polyfeed in a Node project)' },
  'no-cache': { type: 'boolean', help: 'use no cache: read and render everything' },
  verbose: { type: 'boolean', help: 'one warning line per locale with stale or missing translations (else one line for all)' },
  quiet: { type: 'boolean', help: 'no progress line on the terminal' },
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
    ...(values.partners !== undefined ? { partners: String(values.partners) } : {}),
    ...(now ? { now } : {}),
    ...(values.limit !== undefined ? { limit: Number(values.limit) } : {}),
    ...(values['base-url'] !== undefined ? { baseUrl: String(values['base-url']) } : {}),
    strict: Boolean(values.strict),
    verbose: Boolean(values.verbose),
    ...(cacheDir ? { cacheDir } : {}),
  };
}

/** `out` as messages show it: `out/`. */
export function shownDir(dir: string): string {
  return `${path.normalize(dir).replace(/[\\/]+$/, '') || '.'}/`;
}


/**
 * A live line on stderr for a person at a terminal, once a build has taken a second: what it
 * is doing. Nothing when stderr is no terminal, or with --quiet.
 */
export function progressLine(io: { stderr(s: string): void; errIsTTY?: boolean }, quiet: boolean): { report: NonNullable<BuildOptions['progress']>; done(): void } {
  const started = Date.now();
  let shown = false;
  const show = (text: string) => {
    if (quiet || !io.errIsTTY || Date.now() - started < 1000) return;
    shown = true;
    io.stderr(`\r\u001b[K${text}`);
  };
  return {
    report(e) {
      if (e.stage === 'scan') show(`polyfeed: ${e.files} files listed, reading what changed…`);
      else if (e.stage === 'render') show(`polyfeed: rendering ${e.items} items…`);
      else show(`polyfeed: making ${e.made} feeds' documents (${e.reused} unchanged)…`);
    },
    done() {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
