/**
 * What every command shares: its I/O, exit codes, usage errors and the reporter that prints
 * messages as `file:line:column: error: message [rule-id]`, the offending source line with a
 * caret under the column, and the hint.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
  /** Whether stderr is a terminal (for the progress line). */
  errIsTTY?: boolean;
}

export const EXIT = { ok: 0, inputErrors: 1, usage: 2 } as const;

export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** Errors first, then warnings; each with file:line:column, the source line and the hint. */
export function printDiagnostics(diags: readonly Diagnostic[], io: Io): void {
  const lines = new SourceLines();
  const ordered = [...diags.filter((d) => d.severity === 'error'), ...diags.filter((d) => d.severity === 'warning')];
  for (const d of ordered) io.stderr(`${formatDiagnostic(d, d.line !== undefined ? lines.get(d.file ?? "", d.line) : undefined)}\n`);
}

/** Lines of the files messages point into, read once each (only the first MiB of a file). */
class SourceLines {
  private readonly files = new Map<string, string[] | undefined>();

  get(file: string, line: number): string | undefined {
    if (!file) return undefined;
    if (!this.files.has(file)) this.files.set(file, read(file));
    const text = this.files.get(file)?.[line - 1];
    return text?.replace(/\r$/, '').replace(/^\uFEFF/, '');
  }
}

function read(file: string): string[] | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(1024 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString('utf8').split('\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
