/**
 * The publish stage's entry: documents into out/ as one transaction (src/publish/transaction.ts),
 * its refusals returned as messages like every other stage's, not thrown.
 */
import { PolyfeedError, warning, type Diagnostic } from '../diagnostics.js';
import { publish as transaction, recover as recoverTransaction, type PublishFile, type PublishOptions, type PublishResult, type RecoveryReport } from './transaction.js';
import { shownFolder } from './paths.js';

export type { PublishFile, PublishOptions, RecoveryReport } from './transaction.js';

export interface Published extends PublishResult {
  /** Why nothing (or, said so, not everything) was published; warnings about what an earlier build left. */
  diagnostics: Diagnostic[];
}

export async function publish(files: readonly PublishFile[], outDir: string, options: PublishOptions = {}): Promise<Published> {
  try {
    const r = await transaction(files, outDir, options);
    const shown = shownFolder(outDir);
    return {
      ...r,
      diagnostics: [
        ...(r.recovered ? [recoveryWarning(r.recovered, shown)] : []),
        ...r.kept.map((file) => warning('publish-kept', 'is no longer built, but was changed since polyfeed wrote it: left in place, and no longer polyfeed\'s', { file: `${shown}${file}` })),
      ],
    };
  } catch (e) {
    if (e instanceof PolyfeedError) return { written: [], unchanged: [], removed: [], kept: [], diagnostics: e.diagnostics };
    throw e;
  }
}

/** Completes or undoes a publish that was killed half-way; every command that reads or writes out/ calls it first. */
export async function recover(outDir: string, options: PublishOptions = {}): Promise<{ recovered?: RecoveryReport; diagnostics: Diagnostic[] }> {
  try {
    const recovered = await recoverTransaction(outDir, options);
    return recovered ? { recovered, diagnostics: [recoveryWarning(recovered, shownFolder(outDir))] } : { diagnostics: [] };
  } catch (e) {
    if (e instanceof PolyfeedError) return { diagnostics: e.diagnostics };
    throw e;
  }
}

/** An earlier publish into out/ was interrupted (its process killed) and has been finished or undone. */
function recoveryWarning(r: RecoveryReport, shown: string): Diagnostic {
  const what = r.outcome === 'completed' ? 'completed it' : 'undid it';
  return warning('publish-recovered', `the publish of an earlier build (pid ${r.pid}) was interrupted; polyfeed ${what} (${r.files} file${r.files === 1 ? '' : 's'}), so ${shown} is whole`);
}
