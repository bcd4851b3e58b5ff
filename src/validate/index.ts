/**
 * Checking a build's documents while it makes them: each check runs as a job (on a worker
 * where there are workers), and a check a document's bytes passed before is not run again
 * (a record of passed checks in the cache folder). The checks themselves, a format each, are
 * in ./documents.ts.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormatName } from '../outputs.js';
import { GENERATOR } from '../version.js';
import type { Jobs } from '../workers/pool.js';
import { error, type Diagnostic } from '../diagnostics.js';
import type { CheckProblem } from './documents.js';

export type { CheckProblem } from './documents.js';

/** A document to check: how it is named, its format (whose row has the check), its text. */
export interface CheckedDocument {
  path: string;
  text: string;
  /** SHA-256 of `text`, hex (the build has it already): with the path and language, the key of a passed check. */
  digest: string;
  format: FormatName;
  expectedLang?: string;
}

/** Byte strings known to pass (the checks are a pure function of the bytes and the expected language). */
export interface PassedChecks {
  has(key: string): Promise<boolean>;
  add(key: string): Promise<void>;
}

export interface Checks {
  /**
   * True when there is no record of passed checks to consult: a document is then best checked
   * by the job that made it (its bytes are there already), and its problems handed to `report`.
   */
  readonly whereMade: boolean;
  /** Starts checking a document (on the build's jobs), unless it passed before; resolves when it is checked. */
  add(doc: CheckedDocument): Promise<void>;
  /** The problems a document was found to have where it was made. */
  report(path: string, problems: readonly CheckProblem[]): void;
  /** The problems of every document, in the order they were added; any problem is an error. */
  done(): Promise<Diagnostic[]>;
}

function failures(path: string, problems: readonly CheckProblem[]): Diagnostic[] {
  return problems.map((p) => error(p.ruleId, `generated document fails its check: ${p.message}`, {
    file: path,
    hint: 'Nothing was published. The input passed every check, so this is a bug in polyfeed; please report it with the content that caused it.',
  }));
}

/** Checks generated documents before they are published, while the build makes the next ones. */
export function startChecks(jobs: Jobs, passed?: PassedChecks): Checks {
  const results: Promise<Diagnostic[]>[] = [];
  const check = async (doc: CheckedDocument): Promise<Diagnostic[]> => {
    const key = passed ? createHash('sha256').update(`${CHECKS}\u0000${doc.path}\u0000${doc.expectedLang ?? ''}\u0000${doc.digest}`).digest('hex') : '';
    // Without a record of passed checks the job is handed out at once (no await before it).
    if (passed && (await passed.has(key))) return [];
    const problems = await jobs.run('check', { format: doc.format, text: doc.text, ...(doc.expectedLang ? { expectedLang: doc.expectedLang } : {}) });
    if (problems.length === 0) await passed?.add(key);
    return failures(doc.path, problems);
  };
  return {
    whereMade: !passed,
    add: (doc) => {
      const result = check(doc);
      results.push(result);
      return result.then(() => undefined);
    },
    report: (path, problems) => void results.push(Promise.resolve(failures(path, problems))),
    done: async () => (await Promise.all(results)).flat(),
  };
}

/** Passed checks remembered as empty files named by hash (best effort, like the render cache). */
export function diskPassedChecks(dir: string): PassedChecks {
  const file = (key: string) => path.join(dir, key.slice(0, 2), key);
  return {
    has: (key) => access(file(key)).then(() => true, () => false),
    add: async (key) => {
      await mkdir(path.dirname(file(key)), { recursive: true }).catch(() => undefined);
      await writeFile(file(key), '').catch(() => undefined);
    },
  };
}

// Bump with any change to what the checks accept (schemas, rules).
const CHECKS = `${GENERATOR.version}/4`;
