import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseFeedDate } from '../content/dates.js';
import { warning, type Diagnostic } from '../diagnostics.js';
import { build, publish, toPublishFiles } from '../index.js';
import { outFolderProblems } from '../publish/out-folder.js';
import { shownFolder } from '../publish/paths.js';
import { EXIT, parseCommand, printDiagnostics, recoveryWarning, UsageError, type Io } from './run.js';

export async function runBuild(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(args, {
    content: { type: 'string' },
    locales: { type: 'string' },
    out: { type: 'string' },
    now: { type: 'string' },
    'base-url': { type: 'string' },
    limit: { type: 'string' },
    strict: { type: 'boolean' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
  });
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
  const out = String(values.out ?? 'out');
  const content = String(values.content ?? 'content');
  const locales = String(values.locales ?? 'locales');
  // Before anything is read or written: out/ must be a folder of its own.
  const refused = await outFolderProblems({ out, content, locales });
  if (refused.length > 0) {
    printDiagnostics(refused, io);
    return EXIT.inputErrors;
  }
  // Rendered HTML is kept where JavaScript tools keep caches, in a Node project; elsewhere
  // only with --cache DIR.
  const cacheDir = values['no-cache'] ? undefined : values.cache !== undefined ? String(values.cache)
    : existsSync('package.json') ? path.join('node_modules', '.cache', 'polyfeed') : undefined;
  const shown = shownFolder(out);
  const started = process.hrtime.bigint();
  const result = await build({
    content,
    locales,
    ...(now ? { now } : {}),
    ...(limit ? { limit } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    strict: Boolean(values.strict),
    ...(cacheDir ? { cacheDir } : {}),
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  printDiagnostics([...errors, ...warnings], io);
  if (errors.length > 0) {
    io.stderr(`polyfeed: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was published, ${shown} is unchanged.\n`);
    return EXIT.inputErrors;
  }
  const { written, unchanged, removed, kept, recovered } = await publish(toPublishFiles(result.documents), out);
  const notes: Diagnostic[] = [];
  if (recovered) notes.push(recoveryWarning(recovered, shown));
  for (const file of kept) {
    notes.push(warning('is no longer built, but was changed since polyfeed wrote it: left in place, and no longer polyfeed\'s', { file: `${shown}${file}`, ruleId: 'publish-kept' }));
  }
  printDiagnostics(notes, io);
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const localeCount = new Set(result.documents.map((d) => d.locale)).size;
  io.stdout(
    `polyfeed: ${result.documents.length} feeds for ${localeCount} locales in ${shown} ` +
      `(${written.length} written, ${unchanged.length} unchanged${removed.length ? `, ${removed.length} removed` : ''}) in ${ms} ms` +
      (warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '') + '\n',
  );
  return EXIT.ok;
}
