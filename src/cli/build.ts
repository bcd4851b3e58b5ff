import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseFeedDate } from '../content/dates.js';
import { build, publish, siteFiles, type BuildOptions } from '../index.js';
import { EXIT, parseCommand, printDiagnostics, UsageError, type Io } from './run.js';
import { runWatch } from './serve.js';

/** The options of `polyfeed build`, also taken by `polyfeed serve --watch` (all but --out). */
export const BUILD_OPTIONS = {
  content: { type: 'string' },
  locales: { type: 'string' },
  now: { type: 'string' },
  'base-url': { type: 'string' },
  limit: { type: 'string' },
  strict: { type: 'boolean' },
  cache: { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

/** Checks the build options' values; usage errors for bad ones. */
export function buildOptionsFrom(values: Record<string, string | boolean | (string | boolean)[] | undefined>): BuildOptions & { content: string; locales: string } {
  let now: Date | undefined;
  if (values.now !== undefined) {
    const parsed = parseFeedDate(String(values.now));
    if (!parsed.ok) throw new UsageError(`--now: ${parsed.problem}; write e.g. 2026-11-27T12:00:00Z`);
    now = new Date(parsed.date.epochMs);
  }
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number above 0');
  }
  const baseUrl = values['base-url'] as string | undefined;
  if (baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new UsageError('--base-url must be an absolute http(s) URL');
  // Rendered HTML is kept where JavaScript tools keep caches, in a Node project; elsewhere
  // only with --cache DIR.
  const cacheDir = values['no-cache'] ? undefined : values.cache !== undefined ? String(values.cache)
    : existsSync('package.json') ? path.join('node_modules', '.cache', 'polyfeed') : undefined;
  return {
    content: String(values.content ?? 'content'),
    locales: String(values.locales ?? 'locales'),
    ...(now ? { now } : {}),
    ...(limit ? { limit } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    strict: Boolean(values.strict),
    ...(cacheDir ? { cacheDir } : {}),
  };
}

/** `out` as messages show it: `out/`. */
export function shownDir(dir: string): string {
  return `${path.normalize(dir).replace(/[\\/]+$/, '') || '.'}/`;
}

export async function runBuild(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(args, { ...BUILD_OPTIONS, out: { type: 'string' }, watch: { type: 'boolean' } });
  const options = buildOptionsFrom(values);
  const out = String(values.out ?? 'out');
  if (values.watch) return runWatch({ options, out, io });
  const shown = shownDir(out);
  const started = process.hrtime.bigint();
  const result = await build(options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  printDiagnostics([...errors, ...warnings], io);
  if (errors.length > 0) {
    io.stderr(`polyfeed: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was published, ${shown} is unchanged.\n`);
    return EXIT.inputErrors;
  }
  const { written, unchanged } = await publish(result.documents, out, siteFiles(result.documents));
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const locales = new Set(result.documents.map((d) => d.locale)).size;
  io.stdout(
    `polyfeed: ${result.documents.length} feeds for ${locales} locales in ${shown}, with _headers ` +
      `(${written.length} written, ${unchanged.length} unchanged) in ${ms} ms` +
      (warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '') + '\n',
  );
  return EXIT.ok;
}
