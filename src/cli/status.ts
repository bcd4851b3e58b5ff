import { loadProject } from '../index.js';
import type { Registry } from '../locales/registry.js';
import { statusReport, STATES, type State, type StatusReport } from '../status/report.js';
import { statusHtml, statusJson, statusMarkdown, statusText } from '../status/format.js';
import { COMMON_OPTIONS, type Command } from './command.js';
import { EXIT, printDiagnostics, UsageError } from './io.js';

const FORMATS: Readonly<Record<string, (report: StatusReport, options: { color: boolean; registry: Registry }) => string>> = {
  text: statusText,
  json: statusJson,
  markdown: statusMarkdown,
  html: (report, { registry }) => statusHtml(report, registry),
};

/**
 * `polyfeed status`: which articles and strings are missing or out of date, in which
 * language. Exit 0, or 1 with `--fail-on` when a listed state occurs (for CI).
 */
export const statusCommand: Command = {
  name: 'status',
  summary: 'what is missing or stale, in which language (text, json, markdown, html)',
  description:
    'For every article and locale one state: original, current, stale (the original changed since the translation\'s sourceHash), ' +
    'missing, or invalid (the file has errors); per locale the coverage and the interface strings missing compared with en. ' +
    'Exit 0, or 1 with --fail-on when one of the listed states occurs.',
  options: {
    content: COMMON_OPTIONS.content,
    locales: COMMON_OPTIONS.locales,
    format: { type: 'string', value: 'FORMAT', default: 'text', help: `one of ${Object.keys(FORMATS).join(', ')}` },
    'fail-on': { type: 'string', value: 'STATES', help: 'exit 1 when any of these comma-separated states occurs: current, stale, missing, invalid' },
  },
  examples: [
    { command: 'polyfeed status', says: 'a table for the terminal' },
    { command: 'polyfeed status --format markdown > status.md', says: 'a pull-request comment' },
    { command: 'polyfeed status --format html > status.html', says: 'one self-contained page for the localization team: a grid of articles × locales' },
    { command: 'polyfeed status --fail-on stale,missing', says: 'for CI: fails while a translation is stale or missing' },
  ],
  async run({ values }, io) {
    const format = String(values.format);
    if (!(format in FORMATS)) throw new UsageError(`--format must be ${Object.keys(FORMATS).join(', ')}, not "${format}"`, 'status');
    const failOn = values['fail-on'] === undefined ? [] : String(values['fail-on']).split(',').map((s) => s.trim()).filter(Boolean);
    for (const s of failOn) {
      if (!(STATES as readonly string[]).includes(s) || s === 'original') {
        throw new UsageError(`--fail-on takes a comma-separated list of: current, stale, missing, invalid (not "${s}")`, 'status');
      }
    }
    const { project, diagnostics } = await loadProject({ content: String(values.content), locales: String(values.locales) });
    if (!project) {
      printDiagnostics(diagnostics, io);
      return EXIT.inputErrors;
    }
    const report = statusReport(project.registry, project.content, project.resources.resources);
    io.stdout(FORMATS[format]!(report, { color: io.isTTY && !process.env.NO_COLOR, registry: project.registry }));
    const found = failOn.filter((s) => report.articles.some((a) => Object.values(a.locales).includes(s as State)));
    if (found.length) {
      io.stderr(`polyfeed status: ${found.join(', ')} translations found (--fail-on ${failOn.join(',')})\n`);
      return EXIT.inputErrors;
    }
    return EXIT.ok;
  },
};
