/**
 * Errors and warnings are values: each names the file (relative to the folder the user
 * gave), the line and column where there is one, what is wrong and what to do.
 * They are collected over a whole build and reported together, sorted by file.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Path shown to the user, relative to the current directory (e.g. `content/a/en.md`). */
  file?: string;
  line?: number;
  column?: number;
  message: string;
  /** What to do about it. */
  hint?: string;
  /** A stable identifier of the kind of problem (e.g. `publish-no-space`), for scripts and tests. */
  ruleId?: string;
}

export function error(message: string, where: Partial<Pick<Diagnostic, 'file' | 'line' | 'column' | 'hint' | 'ruleId'>> = {}): Diagnostic {
  return { severity: 'error', message, ...where };
}

export function warning(message: string, where: Partial<Pick<Diagnostic, 'file' | 'line' | 'column' | 'hint' | 'ruleId'>> = {}): Diagnostic {
  return { severity: 'warning', message, ...where };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Sorted by file, then line and column; diagnostics without a file come first. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      cmp(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `content/a/en.md:3:7: error: missing title (add a "title:" line to the front matter)`;
 * a rule id, when there is one, ends the first line: `… (ENOSPC) [publish-no-space]`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? 'polyfeed';
  if (d.file && d.line !== undefined) where += `:${d.line}` + (d.column !== undefined ? `:${d.column}` : '');
  return `${where}: ${d.severity}: ${d.message}` + (d.ruleId ? ` [${d.ruleId}]` : '') + (d.hint ? `\n  ${d.hint}` : '');
}

/** Thrown for a user's mistake that stops a stage at once; the CLI prints it without a stack. */
export class PolyfeedError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'PolyfeedError';
  }
}
