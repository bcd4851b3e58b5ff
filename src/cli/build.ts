import path from 'node:path';
import { existsSync } from 'node:fs';
import { parseFeedDate } from '../content/dates.js';
import { build, publish } from '../index.js';
import { COMMON_OPTIONS, type Command } from './command.js';
import { EXIT, printDiagnostics, UsageError } from './io.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'build every language\'s RSS, Atom and JSON feeds into out/',
  description:
    'Reads every content file and the locale registry, and writes for every locale out/<locale>/rss.xml, atom.xml and feed.json; ' +
    'for every syndication agreement in partners/, out/partners/<partner-id>/<locale>/ with the feeds it names, checked against its rule presets. ' +
    'All errors of the input are reported together (file:line:column, rule id, hint); with any error nothing is published and out/ is left ' +
    'exactly as it was. Every document passes strict checks before it is published; changed files replace the old ones atomically, ' +
    'unchanged files are not touched.',
  options: {
    ...COMMON_OPTIONS,
    now: { type: 'string', value: 'ISO-8601', help: 'the build clock: articles dated after it are embargoed; fixes the output for reproducible builds (default: now)' },
    'base-url': { type: 'string', value: 'URL', help: 'where out/ is published; overrides feeds.baseUrl of the registry' },
    limit: { type: 'string', value: 'N', help: 'items per feed, newest first; overrides feeds.limit of the registry' },
    partners: { type: 'string', value: 'DIR', default: 'partners', help: 'the folder of syndication agreements (<partner-id>.yaml); a missing folder means no partner feeds' },
    strict: { type: 'boolean', help: 'stale or missing translations, and partner rule violations, are errors, not warnings' },
    cache: { type: 'string', value: 'DIR', help: 'keep rendered HTML here between builds (default: node_modules/.cache/polyfeed in a Node project)' },
    'no-cache': { type: 'boolean', help: 'use no cache: render everything' },
  },
  examples: [
    { command: 'polyfeed build', says: 'builds ./content with ./locales into ./out' },
    { command: 'polyfeed build --now 2026-06-01T00:00:00Z --base-url https://feeds.example.org/', says: 'a reproducible build for another host' },
    { command: 'polyfeed build --strict', says: 'fails (exit 1) while any translation is stale or missing, or a partner feed breaks its agreement\'s rules' },
    { command: 'polyfeed build --partners agreements', says: 'partner feeds for the agreements in ./agreements' },
  ],
  async run({ values }, io) {
    let now: Date | undefined;
    if (values.now !== undefined) {
      const parsed = parseFeedDate(String(values.now));
      if (!parsed.ok) throw new UsageError(`--now: ${parsed.problem}; write e.g. 2026-11-27T12:00:00Z`, 'build');
      now = new Date(parsed.date.epochMs);
    }
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    const out = String(values.out);
    // Rendered HTML is kept where JavaScript tools keep caches, in a Node project; elsewhere only with --cache DIR.
    const cacheDir = values['no-cache'] ? undefined : values.cache !== undefined ? String(values.cache)
      : existsSync('package.json') ? path.join('node_modules', '.cache', 'polyfeed') : undefined;
    const shown = `${path.normalize(out).replace(/[\\/]+$/, '') || '.'}/`;
    const started = process.hrtime.bigint();
    const result = await build({
      content: String(values.content),
      locales: String(values.locales),
      partners: String(values.partners),
      ...(now ? { now } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(values['base-url'] !== undefined ? { baseUrl: String(values['base-url']) } : {}),
      strict: Boolean(values.strict),
      ...(cacheDir ? { cacheDir } : {}),
    });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    printDiagnostics(result.diagnostics, io);
    if (errors.length > 0 && errors.every((d) => d.ruleId === 'option-invalid')) return EXIT.usage;
    if (errors.length > 0) {
      io.stderr(`polyfeed: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was published, ${shown} is unchanged.\n`);
      return EXIT.inputErrors;
    }
    const published = await publish(result.documents, out);
    if (published.diagnostics.length) {
      printDiagnostics(published.diagnostics, io);
      return EXIT.inputErrors;
    }
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const publicDocs = result.documents.filter((d) => d.audience === 'public');
    const partnerDocs = result.documents.filter((d) => d.audience === 'partner');
    const locales = new Set(publicDocs.map((d) => d.locale)).size;
    const partners = new Set(partnerDocs.map((d) => d.partner)).size;
    io.stdout(
      `polyfeed: ${publicDocs.length} feeds for ${locales} locales` +
        (partners ? ` and ${partnerDocs.length} for ${partners} partner${partners === 1 ? '' : 's'}` : '') + ` in ${shown} ` +
        `(${published.written.length} written, ${published.unchanged.length} unchanged) in ${ms} ms` +
        (warnings.length ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '') + '\n',
    );
    return EXIT.ok;
  },
};
