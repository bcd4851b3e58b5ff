import { loadProject } from '../index.js';
import { statusReport, STATES, type State } from '../status/report.js';
import { statusHtml, statusJson, statusMarkdown, statusText } from '../status/format.js';
import { EXIT, parseCommand, printDiagnostics, UsageError, type Io } from './run.js';

/**
 * `polyfeed status`: which articles and strings are missing or out of date, in which
 * language. Exit 0, or 1 with `--fail-on` when a listed state occurs (for CI).
 */
export async function runStatus(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(args, {
    content: { type: 'string' },
    locales: { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
  });
  const format = String(values.format ?? 'text');
  if (!['text', 'json', 'markdown', 'html'].includes(format)) throw new UsageError(`--format must be text, json, markdown or html, not "${format}"`);
  const failOn = values['fail-on'] === undefined ? [] : String(values['fail-on']).split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of failOn) {
    if (!(STATES as readonly string[]).includes(s) || s === 'original') throw new UsageError(`--fail-on takes a comma-separated list of: current, stale, missing, invalid (not "${s}")`);
  }
  const { project, diagnostics } = await loadProject({ content: String(values.content ?? 'content'), locales: String(values.locales ?? 'locales') });
  if (!project) {
    printDiagnostics(diagnostics, io);
    return EXIT.inputErrors;
  }
  const report = statusReport(project.registry, project.content, project.resources.resources);
  if (format === 'json') io.stdout(statusJson(report));
  else if (format === 'markdown') io.stdout(statusMarkdown(report));
  else if (format === 'html') io.stdout(statusHtml(report, project.registry));
  else io.stdout(statusText(report, { color: io.isTTY && !process.env.NO_COLOR }));
  const found = failOn.filter((s) => report.articles.some((a) => Object.values(a.locales).includes(s as State)));
  if (found.length) {
    io.stderr(`polyfeed status: ${found.join(', ')} translations found (--fail-on ${failOn.join(',')})\n`);
    return EXIT.inputErrors;
  }
  return EXIT.ok;
}
