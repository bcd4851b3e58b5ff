/**
 * Every message polyfeed gives is a VFileMessage (unified's message type): a place (file,
 * line, column), a `ruleId` from the table below, `source: 'polyfeed'`, the hint as its
 * `note`, and `fatal` (true for an error, false for a warning). Stages return them in one
 * channel, a list; they are reported together, sorted by file. Tests assert rule ids, not
 * wording; README lists every rule.
 */
import { VFileMessage } from 'vfile-message';
import { RULES, type RuleId } from './rules.js';

export { RULES, type RuleId } from './rules.js';

export type Severity = 'error' | 'warning';

export interface Where {
  /** Path shown to the user, relative to the current directory (e.g. `content/a/en.md`). */
  file?: string;
  line?: number;
  column?: number;
  /** What to do about it. */
  hint?: string;
}

export class Diagnostic extends VFileMessage {
  declare ruleId: RuleId;

  constructor(readonly severity: Severity, ruleId: RuleId, reason: string, where: Where = {}) {
    super(reason, {
      ruleId,
      source: 'polyfeed',
      ...(where.line !== undefined ? { place: { line: where.line, column: where.column ?? 1 } } : {}),
    });
    this.fatal = severity === 'error';
    this.file = where.file ?? '';
    if (where.line === undefined) this.line = undefined;
    if (where.column === undefined) this.column = undefined;
    if (where.hint !== undefined) this.note = where.hint;
    this.name = 'PolyfeedMessage';
    this.stack = '';
  }

  get hint(): string | undefined {
    return this.note;
  }
}

export function error(ruleId: RuleId, reason: string, where: Where = {}): Diagnostic {
  return new Diagnostic('error', ruleId, reason, where);
}

export function warning(ruleId: RuleId, reason: string, where: Where = {}): Diagnostic {
  return new Diagnostic('warning', ruleId, reason, where);
}

/** The same message at another place (e.g. a check run on text that sits inside a file). */
export function moved(d: Diagnostic, where: Where): Diagnostic {
  return new Diagnostic(d.severity, d.ruleId, d.reason, { file: d.file, line: d.line, column: d.column, hint: d.hint, ...where });
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * Sorted by file, then line and column, then rule; diagnostics without a file come first.
 * A message that two stages both report about one place is kept once.
 */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diags.filter((d) => {
    const key = `${d.severity}\u0000${d.ruleId}\u0000${d.file}\u0000${d.line ?? ''}\u0000${d.column ?? ''}\u0000${d.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      cmp(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.reason, b.reason),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `content/a/en.md:3:7: error: "date" has no UTC offset [date-no-offset]`, then, when the
 * source text is given, the offending line with a caret under the column (as Hugo does),
 * then the hint, indented.
 */
export function formatDiagnostic(d: Diagnostic, sourceLine?: string): string {
  let where = d.file || 'polyfeed';
  if (d.file && d.line !== undefined) where += `:${d.line}` + (d.column !== undefined ? `:${d.column}` : '');
  const lines = [`${where}: ${d.severity}: ${d.reason} [${d.ruleId}]`];
  if (sourceLine !== undefined && d.line !== undefined) {
    const shown = sourceLine.replace(/\t/g, ' ');
    if (shown.length <= 200) {
      const gutter = `${d.line} | `;
      lines.push(`  ${gutter}${shown}`);
      if (d.column !== undefined) lines.push(`  ${' '.repeat(gutter.length)}${caretPad(shown, d.column)}^`);
    }
  }
  if (d.hint) lines.push(`  ${d.hint}`);
  return lines.join('\n');
}

/** Spaces up to `column` (1-based, in UTF-16 units as YAML and saxes count), kept under wide text. */
function caretPad(line: string, column: number): string {
  return line.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
}

/** A rule id's one-line description, for README and `polyfeed help rules`. */
export function describeRule(id: RuleId): string {
  return RULES[id];
}

/** A message as plain data, for caches (the build index, the last build's summary). */
export type StoredMessage = [Severity, RuleId, string, string | undefined, number | undefined, number | undefined, string | undefined];

export function storeMessage(d: Diagnostic): StoredMessage {
  return [d.severity, d.ruleId, d.reason, d.file, d.line, d.column, d.hint];
}

export function reviveMessage(m: StoredMessage): Diagnostic {
  const [severity, ruleId, reason, file, line, column, hint] = m;
  return new Diagnostic(severity, ruleId, reason, {
    ...(file ? { file } : {}), ...(typeof line === 'number' ? { line } : {}), ...(typeof column === 'number' ? { column } : {}), ...(hint ? { hint } : {}),
  });
}

/**
 * Thrown inside the publish transaction (src/publish/) to stop it at once; `publish` catches
 * it and returns its messages, so callers get one channel like every other stage.
 */
export class PolyfeedError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'PolyfeedError';
  }
}
