/**
 * One article folder as the listing sees it at first, without judging it: its `.md` file
 * names in order, and each one's version key if it is a plain regular file. The listing
 * (src/content/scan.ts) looks again, with every check and message, at whatever is not plain.
 * Loads nothing but node:fs and node:path, so that a worker thread that runs it starts at once.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';

export interface FolderLook {
  /** The names that may be content files (`*.md`, not hidden), sorted. */
  files: string[];
  /** Each file's version key; null where it is not a plain regular file. */
  keys: (string | null)[];
}

/** What identifies a version of a content file without reading it: size, modification and change times, inode (as make and rsync judge). */
export function versionKey(st: Stats): string {
  const key = `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
  // One flat string (converting it to a number makes V8 flatten it in place): a string
  // built from pieces keeps every piece, at 88k files megabytes of them.
  Number(key);
  return key;
}

export function isContentName(name: string): boolean {
  return !name.startsWith('.') && name.endsWith('.md');
}

/**
 * Null where the folder is not a plain folder, or cannot be read. `plain`: the listing of its
 * parent says it is a folder (not a link to one), so it needs no lstat of its own.
 */
export function lookAtFolder(abs: string, plain = false): FolderLook | null {
  try {
    if (!plain && !lstatSync(abs).isDirectory()) return null;
    const files = readdirSync(abs).filter(isContentName).sort();
    const prefix = abs + path.sep;
    return {
      files,
      keys: files.map((f) => {
        try {
          const st = lstatSync(prefix + f);
          return st.isFile() ? versionKey(st) : null;
        } catch {
          return null;
        }
      }),
    };
  } catch {
    return null;
  }
}
