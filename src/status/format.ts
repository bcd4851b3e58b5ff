/** The localization report as text (a terminal table), JSON (for tools) and Markdown (for a pull request). */
import { formatDiagnostic } from '../diagnostics.js';
import { STATES, type State, type StatusReport } from './report.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

const COLORS: Record<State, string> = { original: '36', current: '32', stale: '33', missing: '31', invalid: '35' };

export function statusJson(report: StatusReport): string {
  return `${JSON.stringify(
    {
      articles: report.articles,
      locales: report.locales,
      problems: report.problems.map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message })),
    },
    null,
    2,
  )}\n`;
}

export function statusText(report: StatusReport, options: { color: boolean }): string {
  const paint = (state: State, s: string) => (options.color ? `\u001b[${COLORS[state]}m${s}\u001b[0m` : s);
  const tags = Object.keys(report.locales);
  const width = Math.max(6, ...tags.map((t) => t.length));
  const lines: string[] = [];
  lines.push(`${report.articles.length} article${report.articles.length === 1 ? '' : 's'}, ${tags.length} locales`);
  lines.push('');
  const header = ['locale'.padEnd(width), 'coverage', ...STATES.map((s) => s.padStart(8)), '  strings'];
  lines.push(header.join(' '));
  for (const tag of tags) {
    const l = report.locales[tag]!;
    const cells = STATES.map((s) => {
      const cell = String(l.counts[s]).padStart(8);
      return l.counts[s] && s !== 'current' && s !== 'original' ? paint(s, cell) : cell;
    });
    const strings = l.missingKeys.length ? `${l.missingKeys.length} missing` : 'complete';
    const extra = l.extraKeys.length ? `, ${l.extraKeys.length} not in en` : '';
    lines.push([tag.padEnd(width), pct(l.coverage).padStart(8), ...cells, `  ${strings}${extra}`].join(' '));
  }
  lines.push('');
  for (const a of report.articles) {
    lines.push(`${a.id} (original: ${a.original ?? 'none'})`);
    for (const state of ['stale', 'invalid', 'missing'] as const) {
      const locs = Object.entries(a.locales).filter(([, s]) => s === state).map(([t]) => t);
      if (locs.length) lines.push(`  ${paint(state, state.padEnd(8))} ${locs.join(' ')}`);
    }
    if (a.drafts.length) lines.push(`  ${'draft'.padEnd(8)} ${a.drafts.join(' ')}`);
  }
  const keyed = tags.filter((t) => report.locales[t]!.missingKeys.length || report.locales[t]!.extraKeys.length);
  if (keyed.length) {
    lines.push('');
    lines.push('interface strings');
    for (const t of keyed) {
      const l = report.locales[t]!;
      if (l.missingKeys.length) lines.push(`  ${t.padEnd(width)} missing: ${l.missingKeys.join(', ')}`);
      if (l.extraKeys.length) lines.push(`  ${t.padEnd(width)} not in en: ${l.extraKeys.join(', ')}`);
    }
  }
  if (report.problems.length) {
    lines.push('');
    lines.push('problems');
    for (const d of report.problems) lines.push(`  ${formatDiagnostic(d).replace(/\n/g, '\n  ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function statusMarkdown(report: StatusReport): string {
  const esc = (s: string) => s.replace(/[|\\`*_[\]<>]/g, '\\$&');
  const lines: string[] = [];
  lines.push(`### Translation status: ${report.articles.length} article${report.articles.length === 1 ? '' : 's'}, ${Object.keys(report.locales).length} locales`);
  lines.push('');
  lines.push(`| locale | coverage | ${STATES.join(' | ')} | missing strings |`);
  lines.push(`| --- | ---: | ${STATES.map(() => '---:').join(' | ')} | --- |`);
  for (const [tag, l] of Object.entries(report.locales)) {
    const keys = l.missingKeys.length ? l.missingKeys.map((k) => `\`${k}\``).join(', ') : '—';
    lines.push(`| ${esc(tag)} | ${pct(l.coverage)} | ${STATES.map((s) => (l.counts[s] && (s === 'stale' || s === 'missing' || s === 'invalid') ? `**${l.counts[s]}**` : String(l.counts[s]))).join(' | ')} | ${keys} |`);
  }
  const work = report.articles.filter((a) => Object.values(a.locales).some((s) => s !== 'original' && s !== 'current'));
  if (work.length) {
    lines.push('');
    lines.push('| article | stale | missing | invalid |');
    lines.push('| --- | --- | --- | --- |');
    for (const a of work) {
      const of = (state: State) => Object.entries(a.locales).filter(([, s]) => s === state).map(([t]) => t).join(', ') || '—';
      lines.push(`| \`${a.id}\` | ${of('stale')} | ${of('missing')} | ${of('invalid')} |`);
    }
  }
  if (report.problems.length) {
    lines.push('');
    lines.push('<details><summary>Problems</summary>');
    lines.push('');
    for (const d of report.problems) lines.push(`- \`${d.file ?? ''}${d.line ? `:${d.line}` : ''}\` ${esc(d.message)}`);
    lines.push('');
    lines.push('</details>');
  }
  return `${lines.join('\n')}\n`;
}
