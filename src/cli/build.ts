import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseFeedDate } from '../content/dates.js';
import { build, publish, type BuildOptions } from '../index.js';
import { COMMON_OPTIONS, type Command, type OptionSpec, type ParsedArgs } from './command.js';
import { EXIT, printDiagnostics, UsageError } from './io.js';
import { runWatch } from './serve.js';

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

export const buildCommand: Command = {
  name: 'build',
  summary: 'build every language\'s RSS, Atom and JSON feeds into out/',
  description:
    'Reads every content file and the locale registry, and writes for every locale out/<locale>/rss.xml, atom.xml and feed.json. ' +
    'All errors of the input are reported together (file:line:column, rule id, hint); with any error nothing is published and out/ is left ' +
    'exactly as it was. Every document passes strict checks before it is published; changed files replace the old ones atomically, ' +
    'unchanged files are not touched. With --watch, builds again after every change to the content or the locales.',
  options: {
    ...BUILD_OPTIONS,
    out: COMMON_OPTIONS.out,
    watch: { type: 'boolean', help: 'keep running: build again after every change to content/, locales/ or partners/ (Ctrl-C stops)' },
  },
  examples: [
    { command: 'polyfeed build', says: 'builds ./content with ./locales into ./out' },
    { command: 'polyfeed build --now 2026-06-01T00:00:00Z --base-url https://feeds.example.org/', says: 'a reproducible build for another host' },
    { command: 'polyfeed build --strict', says: 'fails (exit 1) while any translation is stale or missing' },
    { command: 'polyfeed build --watch', says: 'rebuilds on every save; a broken file leaves out/ as it was and prints the error' },
  ],
  async run({ values }, io) {
    const options = buildOptionsFrom(values);
    const out = String(values.out);
    if (values.watch) return runWatch({ options, out, io });
    const shown = shownDir(out);
    const started = process.hrtime.bigint();
    const result = await build(options);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    printDiagnostics(result.diagnostics, io);
    if (errors.length > 0 && errors.every((d) => d.ruleId === 'option-invalid')) return EXIT.usage;
    if (errors.length > 0) {
      io.stderr(`polyfeed: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was published, ${shown} is unchanged.\n`);
      return EXIT.inputErrors;
    }
    const published = await publish(result.documents, out, options.cacheDir ? { cacheDir: options.cacheDir } : {});
    if (published.diagnostics.length) {
      printDiagnostics(published.diagnostics, io);
      return EXIT.inputErrors;
    }
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    io.stdout(`polyfeed: ${summaryLine(result.documents, shown, published, ms, warnings.length)}\n`);
    return EXIT.ok;
  },
};

/** `88 documents (87 feeds for 29 locales) in out/ (3 written, 85 unchanged) in 412 ms; 26 warnings` */
export function summaryLine(
  documents: readonly { locale: string; format: string }[], shown: string, published: { written: unknown[]; unchanged: unknown[] }, ms: number, warnings: number,
): string {
  const feeds = documents.filter((d) => d.format === 'rss' || d.format === 'atom' || d.format === 'json');
  const locales = new Set(feeds.map((d) => d.locale)).size;
  return `${documents.length} documents (${feeds.length} feeds for ${locales} locales) in ${shown} ` +
    `(${published.written.length} written, ${published.unchanged.length} unchanged) in ${ms} ms` +
    (warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'}` : '');
}
