import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { error, formatDiagnostic, PolyfeedError, warning, type Diagnostic } from '../diagnostics.js';
import type { RecoveryReport } from '../publish/transaction.js';
import { fsWords } from '../publish/fs-errors.js';
import { runBuild } from './build.js';
import { runStatus } from './status.js';
import { runStrings } from './strings.js';
import { runTranslate } from './translate.js';
import { runValidate } from './validate.js';

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
}

export const EXIT = { ok: 0, inputErrors: 1, usage: 2 } as const;

export const USAGE = `Usage:
  polyfeed build  [--content DIR] [--locales DIR] [--out DIR] [--now ISO-8601] [--base-url URL] [--limit N] [--strict] [--cache DIR | --no-cache]
  polyfeed status [--content DIR] [--locales DIR] [--format text|json|markdown] [--fail-on STATES]
  polyfeed translate [--refresh [--accept]] <article-id> <locale> [--content DIR] [--locales DIR]
  polyfeed strings export <locale> [--locales DIR] [--output FILE]
  polyfeed strings import <file.xlf> [--locales DIR]
  polyfeed validate [OUT] [--locales DIR]
  polyfeed help

Defaults: --content content, --locales locales, --out out.
Exit codes: 0 success, 1 errors in the input (nothing in out/ changes), 2 usage error.
`;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's options; unknown options and stray arguments are usage errors. */
export function parseCommand(args: string[], options: Options, allowPositionals = 0) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: allowPositionals > 0 });
    if (parsed.positionals.length > allowPositionals) throw new UsageError(`unexpected argument "${parsed.positionals[allowPositionals]}"`);
    return parsed;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'build':
        return await runBuild(rest, io);
      case 'status':
        return await runStatus(rest, io);
      case 'strings':
        return await runStrings(rest, io);
      case 'translate':
        return await runTranslate(rest, io);
      case 'validate':
        return await runValidate(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return EXIT.ok;
      case undefined:
        io.stderr(USAGE);
        return EXIT.usage;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`polyfeed: ${e.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof PolyfeedError) {
      printDiagnostics(e.diagnostics, io);
      return EXIT.inputErrors;
    }
    const sys = e as NodeJS.ErrnoException;
    if (sys.code && sys.syscall) {
      // The file system said no (permissions, a full disk …): the user's to fix, not a bug.
      // (Publishing reports its own refusals, with what became of out/.)
      const file = sys.path ? path.relative(process.cwd(), sys.path) || sys.path : '';
      printDiagnostics([error(`cannot ${sys.syscall} ${file}: ${fsWords(sys.code)} (${sys.code})`, {
        ruleId: 'fs-refused',
        hint: 'Check that the path exists and that you may read and write it, then run the command again.',
      })], io);
      return EXIT.inputErrors;
    }
    throw e;
  }
}

/** Errors first, then warnings; each with file:line:column. */
export function printDiagnostics(diags: readonly Diagnostic[], io: Io): void {
  for (const d of diags) io.stderr(`${formatDiagnostic(d)}\n`);
}

/** An earlier publish into out/ was interrupted (its process killed) and has been finished or undone. */
export function recoveryWarning(r: RecoveryReport, shown: string): Diagnostic {
  const what = r.outcome === 'completed' ? 'completed it' : 'undid it';
  return warning(`the publish of an earlier build (pid ${r.pid}) was interrupted; polyfeed ${what} (${r.files} file${r.files === 1 ? '' : 's'}), so ${shown} is whole`, { ruleId: 'publish-recovered' });
}
