/**
 * File-system refusals (a full disk, permissions, an immutable folder …) as messages for a
 * user: what polyfeed was doing, to which file, what the system said in words and by its
 * code, a rule id, and what to do. Never a stack trace.
 */
import { error, type Diagnostic, type RuleId } from '../diagnostics.js';

/** What polyfeed was doing when the system refused. */
export type FsAction = 'read' | 'write' | 'replace' | 'move' | 'remove' | 'restore' | 'create folder' | 'lock' | 'sync';

interface Where {
  /** The file, as the user sees it. */
  file: string;
  /** Its folder, with a trailing `/`. */
  folder: string;
  /** The output folder, with a trailing `/`. */
  out: string;
}

interface Known {
  words: string;
  ruleId: RuleId;
  hint(w: Where): string;
}

const KNOWN: Record<string, Known> = {
  ENOSPC: { words: 'no space left on device', ruleId: 'publish-no-space', hint: (w) => `Free some space on the file system that holds ${w.out} (df -h ${w.out}) and build again` },
  EDQUOT: { words: 'disk quota exceeded', ruleId: 'publish-no-space', hint: (w) => `Free some of your disk quota on the file system that holds ${w.out} and build again` },
  EACCES: { words: 'permission denied', ruleId: 'publish-permission', hint: (w) => `Check that you may write to ${w.folder} (ls -ld ${w.folder})` },
  EPERM: { words: 'operation not permitted', ruleId: 'publish-permission', hint: (w) => `Check the permissions of ${w.folder}, and that it is not immutable or append-only (lsattr -d ${w.folder}; chattr -i removes the attribute)` },
  EROFS: { words: 'read-only file system', ruleId: 'publish-read-only', hint: (w) => `${w.out} is on a file system mounted read-only; remount it read-write or choose another --out` },
  EXDEV: { words: 'not on the same file system', ruleId: 'publish-cross-device', hint: (w) => `${w.folder} is a separate mount inside ${w.out}; polyfeed moves files within one file system only` },
  EISDIR: { words: 'a folder is in the way', ruleId: 'publish-path-conflict', hint: (w) => `Move the folder ${w.file} away; polyfeed writes a file there` },
  ENOTDIR: { words: 'a file is in the way of a folder', ruleId: 'publish-path-conflict', hint: (w) => `A file stands where polyfeed needs a folder on the way to ${w.file}; move it away` },
  EEXIST: { words: 'a file is in the way', ruleId: 'publish-path-conflict', hint: (w) => `Something already stands at ${w.file}; move it away` },
  ENOTEMPTY: { words: 'a folder is in the way', ruleId: 'publish-path-conflict', hint: (w) => `Move the folder ${w.file} away; polyfeed writes a file there` },
  ENAMETOOLONG: { words: 'the name is too long', ruleId: 'publish-path-too-long', hint: () => 'Choose a shorter --out' },
  ELOOP: { words: 'too many symbolic links', ruleId: 'publish-symlink-loop', hint: (w) => `Replace the symbolic links on the way to ${w.file} with real folders` },
  EMFILE: { words: 'too many open files', ruleId: 'publish-too-many-files', hint: () => 'Raise the limit of open files (ulimit -n) and build again' },
  ENFILE: { words: 'too many open files in the system', ruleId: 'publish-too-many-files', hint: () => 'Close other programs or raise the system limit and build again' },
  EIO: { words: 'input/output error', ruleId: 'publish-io-error', hint: (w) => `The disk that holds ${w.out} reported an error; check it (dmesg) before building again` },
  EBUSY: { words: 'the file or folder is busy', ruleId: 'publish-busy', hint: (w) => `Another program holds ${w.file}; close it and build again` },
  ENOENT: { words: 'no such file or folder', ruleId: 'publish-vanished', hint: (w) => `Something else removed it while polyfeed was publishing; make sure only polyfeed writes to ${w.out}` },
};

export interface FsFailure {
  action: FsAction;
  /** The file as the user sees it, e.g. `out/en/rss.xml`. */
  shown: string;
  code: string;
}

export function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

export function fsWords(code: string): string {
  return KNOWN[code]?.words ?? 'the file system refused';
}

/**
 * `cannot write out/en/rss.xml: no space left on device (ENOSPC) [publish-no-space]` and a hint
 * that ends with `outcome` (e.g. "nothing was published, out/ is unchanged.").
 */
export function fsDiagnostic(f: FsFailure, outcome: string, where: Omit<Where, 'file'>): Diagnostic {
  const known = KNOWN[f.code];
  const hint = known ? known.hint({ file: f.shown, ...where }) : `The system refused with ${f.code}`;
  return error(known?.ruleId ?? 'publish-fs-error', `cannot ${f.action} ${f.shown}: ${fsWords(f.code)} (${f.code})`, {
    hint: `${hint}; ${outcome}`,
  });
}
