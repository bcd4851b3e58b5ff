/** The localization report as text (a terminal table), JSON (for tools), Markdown (for a pull request) and HTML (a page for the localization team). */
import { formatDiagnostic } from '../diagnostics.js';
import { escapeHtml } from '../formats/html.js';
import type { Registry } from '../locales/registry.js';
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

/** Letter and class of each state in the HTML grid: colour is never the only cue. */
const CELL: Record<State, { letter: string; className: string; meaning: string }> = {
  original: { letter: 'O', className: 'o', meaning: 'the article was written in this locale' },
  current: { letter: 'C', className: 'c', meaning: 'translated from the original as it is now' },
  stale: { letter: 'S', className: 's', meaning: 'the original changed since it was translated' },
  missing: { letter: 'M', className: 'm', meaning: 'no file in this locale' },
  invalid: { letter: 'I', className: 'i', meaning: 'the file has errors (see Problems)' },
};
/** A draft keeps its state's letter, followed by this one, on its own colour. */
const DRAFT = { letter: 'd', className: 'd', meaning: 'draft, not in the feeds yet: its state’s letter, then d' };

/**
 * Articles per block of the grid. Each block is its own table in a box with
 * `content-visibility: auto`, so the browser lays out only the blocks on screen: one table
 * of 2,000 × 29 cells takes seconds of layout (containment does not apply to row groups).
 */
const ROWS_PER_BLOCK = 100;

/** Widths of the grid's columns, in rem: narrow enough for 29 locales on a 1280-pixel screen. */
const GRID = { article: 16, locale: 2 };

const HTML_STYLE = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 "Noto Sans",system-ui,sans-serif;color:#1a1a1a;background:#fff}
header{padding:.75rem 1.5rem 1rem;border-bottom:1px solid #d1d5db;background:#f9fafb}
main{padding:0 1.5rem 3rem}
h1{font-size:1.6rem;margin:.25rem 0 .75rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
p{max-width:48rem}
a{color:#1d4ed8}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.skip{position:absolute;left:-100vw;top:.5rem;background:#fff;padding:.25rem .5rem}
.skip:focus{left:1rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.totals{display:flex;flex-wrap:wrap;gap:.5rem 2.5rem;margin:0}
.totals dt{font-size:.85rem;color:#4b5563}
.totals dd{margin:0;font-size:1.4rem;font-weight:600}
table{border-collapse:collapse}
.num{text-align:right;font-variant-numeric:tabular-nums}
.locales th,.locales td,.strings th,.strings td{padding:.2rem .6rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
.locales thead th,.strings thead th{border-bottom:2px solid #9ca3af;font-size:.85rem}
.locales td.num,.locales th.num{text-align:right}
.bar{display:inline-block;width:8rem;height:.85rem;margin-right:.5rem;vertical-align:-.1rem;background:#e5e7eb;border:1px solid #6b7280}
.bar span{display:block;height:100%;background:#15803d}
.cov{display:inline-block;min-width:3rem;text-align:right;font-variant-numeric:tabular-nums}
code{font:.9em ui-monospace,"Noto Sans Mono",monospace}
.keys code{white-space:nowrap}
.problems li{margin:.25rem 0}
.problems .hint{display:block;color:#4b5563}
.legend{display:flex;flex-wrap:wrap;gap:.35rem 1.5rem;list-style:none;padding:0;margin:.5rem 0}
.legend .k{display:inline-block;width:2rem;margin-right:.35rem;text-align:center;font:13px/1.5rem ui-monospace,"Noto Sans Mono",monospace}
.filter{margin:.5rem 0 1rem}
.grid{table-layout:fixed;font:13px/1.2 ui-monospace,"Noto Sans Mono",monospace}
.grid col.a{width:${GRID.article}rem}
.grid col.l{width:${GRID.locale}rem}
.grid th,.grid td{padding:0;border:1px solid #fff;text-align:center;height:1.5rem}
.grid thead th{position:sticky;top:0;z-index:2;height:5.5rem;vertical-align:bottom;background:#fff;border-bottom:2px solid #9ca3af}
.grid thead abbr{display:inline-block;writing-mode:vertical-rl;transform:rotate(180deg);padding:.25rem 0;text-decoration:none}
.grid thead th:first-child{left:0;z-index:3;text-align:left;padding:0 .5rem;font:600 14px/1.2 "Noto Sans",system-ui,sans-serif}
.block{width:max-content;content-visibility:auto;contain-intrinsic-size:auto ${ROWS_PER_BLOCK * 1.7 + 8}rem;margin-bottom:1rem}
.grid caption{text-align:left;padding:.25rem .5rem;font:600 14px/1.2 "Noto Sans",system-ui,sans-serif;color:#374151}
.grid tbody th{position:sticky;left:0;z-index:1;background:#fff;text-align:left;padding:0 .5rem;font-weight:400;overflow-wrap:anywhere}
.grid tbody tr:hover th{background:#e5e7eb}
.articles:has(#only-work:checked) :is(.done,.grid tbody tr:not(.w)){display:none}
.o{background:#dbeafe;color:#1e3a8a}
.c{background:#dcfce7;color:#14532d}
.s{background:#fde68a;color:#713f12}
.m{background:#fecaca;color:#7f1d1d}
.i{background:#991b1b;color:#fff}
.d{background:#ede9fe;color:#4c1d95;outline:1px dashed #6d28d9;outline-offset:-3px}
@media print{.block{content-visibility:visible}.grid thead th,.grid tbody th{position:static}.skip,.filter{display:none}}
`;

/**
 * The localization report as one self-contained HTML page (inline CSS, no script, nothing
 * fetched, and a Content-Security-Policy that forbids both): a summary, coverage per locale, missing interface strings, problems, then the
 * grid of articles × locales, one letter per cell on its state's colour. `registry` gives
 * the locales' own names; without it the tags stand alone. Every text from the report
 * passes through `escapeHtml`.
 */
export function statusHtml(report: StatusReport, registry?: Registry): string {
  const e = escapeHtml;
  const tags = Object.keys(report.locales);
  const n = report.articles.length;
  const count = (x: number, one: string, many = `${one}s`) => `${x.toLocaleString('en-US')} ${x === 1 ? one : many}`;
  const num = (x: number) => x.toLocaleString('en-US');
  const names = (tag: string) => {
    const l = registry?.byTag.get(tag);
    return l ? { name: l.name, english: l.englishName, lang: l.feedTag, dir: l.dir } : undefined;
  };
  const totals = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
  for (const tag of tags) for (const s of STATES) totals[s] += report.locales[tag]!.counts[s];
  const cells = n * tags.length;
  const overall = cells ? (totals.original + totals.current) / cells : 1;
  const drafts = report.articles.reduce((sum, a) => sum + a.drafts.length, 0);
  const draftsByLocale = new Map<string, number>();
  for (const a of report.articles) for (const t of a.drafts) draftsByLocale.set(t, (draftsByLocale.get(t) ?? 0) + 1);
  const gapped = tags.filter((t) => report.locales[t]!.missingKeys.length || report.locales[t]!.extraKeys.length);
  const missingStrings = tags.reduce((sum, t) => sum + report.locales[t]!.missingKeys.length, 0);
  // Bar widths are classes (inline styles are not allowed), one rule per width used.
  const widths = new Set<number>();
  const bar = (x: number) => {
    const w = Math.round(x * 100);
    widths.add(w);
    return `<span class="bar" aria-hidden="true"><span class="p${w}"></span></span><span class="cov">${pct(x)}</span>`;
  };

  const out: string[] = [];
  out.push('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n');
  // Nothing to fetch and no script to run, even if a file name were ever to slip through unescaped.
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n`);
  out.push(`<title>Translation status: ${count(n, 'article')}, ${count(tags.length, 'locale')}</title>\n`);
  const style = out.length;
  out.push('', '</head>\n<body>\n');
  out.push('<a class="skip" href="#articles">Skip to the articles</a>\n');
  out.push('<header>\n<h1>Translation status</h1>\n<dl class="totals">\n');
  const total = (label: string, value: string) => out.push(`<div><dt>${label}</dt><dd>${value}</dd></div>\n`);
  total('Articles', num(n));
  total('Locales', num(tags.length));
  total('Overall coverage', pct(overall));
  total('Stale', num(totals.stale));
  total('Missing', num(totals.missing));
  total('Invalid', num(totals.invalid));
  total('Drafts', num(drafts));
  total('Missing strings', num(missingStrings));
  total('Problems', report.problems.length ? `<a href="#problems">${num(report.problems.length)}</a>` : '0');
  out.push('</dl>\n</header>\n<main>\n');

  // Coverage per locale.
  out.push('<section aria-labelledby="coverage-h">\n<h2 id="coverage-h">Coverage by locale</h2>\n');
  out.push('<p>Coverage is the share of articles that are original or current in the locale.</p>\n');
  out.push('<table class="locales">\n<thead><tr><th scope="col">Locale</th><th scope="col">Language</th><th scope="col">Coverage</th>');
  for (const s of STATES) out.push(`<th scope="col" class="num">${s[0]!.toUpperCase()}${s.slice(1)}</th>`);
  out.push('<th scope="col" class="num">Drafts</th><th scope="col">Interface strings</th></tr></thead>\n<tbody>\n');
  tags.forEach((tag, i) => {
    const l = report.locales[tag]!;
    const nm = names(tag);
    const language = nm ? `<span lang="${e(nm.lang)}" dir="${nm.dir}">${e(nm.name)}</span>${nm.english !== nm.name ? ` (${e(nm.english)})` : ''}` : '';
    const strings = l.missingKeys.length || l.extraKeys.length
      ? `<a href="#strings-${i}">${[l.missingKeys.length ? `${num(l.missingKeys.length)} missing` : '', l.extraKeys.length ? `${num(l.extraKeys.length)} not in en` : ''].filter(Boolean).join(', ')}</a>`
      : 'complete';
    out.push(`<tr><th scope="row"><code>${e(tag)}</code></th><td>${language}</td><td>${bar(l.coverage)}</td>`);
    for (const s of STATES) out.push(`<td class="num">${num(l.counts[s])}</td>`);
    out.push(`<td class="num">${num(draftsByLocale.get(tag) ?? 0)}</td><td>${strings}</td></tr>\n`);
  });
  out.push('</tbody>\n</table>\n</section>\n');

  // Interface strings.
  out.push('<section aria-labelledby="strings-h">\n<h2 id="strings-h">Missing interface strings</h2>\n');
  if (!gapped.length) out.push('<p>Every locale has every interface string that <code>en</code> has.</p>\n');
  else {
    out.push('<p>Keys (<code>namespace:key</code>) missing or empty compared with <code>en</code>, and keys <code>en</code> does not have.</p>\n');
    out.push('<table class="strings">\n<thead><tr><th scope="col">Locale</th><th scope="col">Missing</th><th scope="col">Not in en</th></tr></thead>\n<tbody>\n');
    const keys = (ks: string[]) => (ks.length ? ks.map((k) => `<code>${e(k)}</code>`).join(', ') : '—');
    for (const tag of gapped) {
      const l = report.locales[tag]!;
      out.push(`<tr id="strings-${tags.indexOf(tag)}"><th scope="row"><code>${e(tag)}</code></th><td class="keys">${keys(l.missingKeys)}</td><td class="keys">${keys(l.extraKeys)}</td></tr>\n`);
    }
    out.push('</tbody>\n</table>\n');
  }
  out.push('</section>\n');

  // Problems.
  if (report.problems.length) {
    out.push('<section aria-labelledby="problems">\n<h2 id="problems">Problems</h2>\n<p>The errors that make files invalid.</p>\n<ul class="problems">\n');
    for (const d of report.problems) {
      const where = d.file === undefined ? undefined : d.file + (d.line !== undefined ? `:${d.line}` + (d.column !== undefined ? `:${d.column}` : '') : '');
      out.push(`<li>${where !== undefined ? `<code>${e(where)}</code> ` : ''}${e(d.message)}${d.hint !== undefined ? `<span class="hint">${e(d.hint)}</span>` : ''}</li>\n`);
    }
    out.push('</ul>\n</section>\n');
  }

  // The grid.
  out.push('<section class="articles" aria-labelledby="articles">\n<h2 id="articles" tabindex="-1">Articles × locales</h2>\n');
  out.push('<h3 class="vh">Legend</h3>\n<ul class="legend">\n');
  for (const s of STATES) out.push(`<li><span class="k ${CELL[s].className}">${CELL[s].letter}</span>${s}: ${CELL[s].meaning}</li>\n`);
  out.push(`<li><span class="k c ${DRAFT.className}">${CELL.current.letter}${DRAFT.letter}</span>${DRAFT.meaning}</li>\n</ul>\n`);
  if (!n) out.push('<p>There are no articles yet.</p>\n');
  else {
    out.push('<p class="filter"><label><input type="checkbox" id="only-work"> Show only the articles that need work (stale, missing, invalid or draft somewhere)</label></p>\n');
    const head = [`<colgroup><col class="a">${'<col class="l">'.repeat(tags.length)}</colgroup>\n<thead><tr><th scope="col">Article</th>`];
    for (const tag of tags) {
      const nm = names(tag);
      head.push(`<th scope="col"><abbr${nm ? ` title="${e(nm.english !== nm.name ? `${nm.name} (${nm.english})` : nm.name)}"` : ''}>${e(tag)}</abbr></th>`);
    }
    head.push('</tr></thead>\n');
    const thead = head.join('');
    for (let first = 0; first < n; first += ROWS_PER_BLOCK) {
      const rows: string[] = [];
      let blockWork = false;
      for (const a of report.articles.slice(first, first + ROWS_PER_BLOCK)) {
        const draft = new Set(a.drafts);
        const row: string[] = [];
        let work = draft.size > 0;
        for (const tag of tags) {
          const state = a.locales[tag] ?? 'missing';
          if (state === 'stale' || state === 'missing' || state === 'invalid') work = true;
          const c = CELL[state];
          row.push(draft.has(tag) ? `<td class="${c.className} ${DRAFT.className}">${c.letter}${DRAFT.letter}</td>` : `<td class="${c.className}">${c.letter}</td>`);
        }
        blockWork ||= work;
        rows.push(`<tr${work ? ' class="w"' : ''}><th scope="row">${e(a.id)}</th>${row.join('')}</tr>\n`);
      }
      const last = Math.min(n, first + ROWS_PER_BLOCK);
      out.push(`<div class="block${blockWork ? '' : ' done'}">\n<table class="grid">\n<caption>Articles ${num(first + 1)}–${num(last)} of ${num(n)}</caption>\n${thead}<tbody>\n${rows.join('')}</tbody>\n</table>\n</div>\n`);
    }
  }
  out.push('</section>\n</main>\n</body>\n</html>\n');
  const rules = [...widths].sort((a, b) => a - b).map((w) => `.p${w}{width:${w}%}`);
  rules.push(`.grid{width:${GRID.article + GRID.locale * tags.length}rem}`);
  out[style] = `<style>${HTML_STYLE}${rules.join('\n')}\n</style>\n`;
  return out.join('');
}
