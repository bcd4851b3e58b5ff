/**
 * Where content comes from: a folder (`content/<article-id>/<locale>.md`) or, through the
 * library API, files held in memory. Both give the same entries and the same two reads:
 * the head (just the front matter) and the whole text.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics.js';

export interface ContentEntry {
  articleId: string;
  /** The file name without `.md`: the locale tag as written. */
  localeName: string;
  /** How the file is named in messages, e.g. `content/a/en.md`. */
  display: string;
  /** Bytes of the file up to and including the front matter's closing line (or all, if shorter). */
  readHead(): Promise<Uint8Array>;
  /** All bytes of the file. */
  readAll(): Promise<Uint8Array>;
}

export interface MemoryFile {
  /** `<article-id>/<locale>.md` */
  path: string;
  text: string;
}

const HEAD_CHUNK = 16 * 1024;
// The closing delimiter: a line "---" or "..." after the first line. Matched on the bytes
// read as Latin-1, so that string indices are byte offsets.
const CLOSE_LINE = /\n(?:---|\.\.\.)[ \t]*\r?(?:\n|$)/;

/** Lists `<dir>/<article-id>/*.md`. Symbolic links that lead outside `dir` are refused. */
export async function listContentDir(dir: string, displayDir: string): Promise<{ entries: ContentEntry[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const entries: ContentEntry[] = [];
  let root: string;
  let names: string[];
  try {
    root = await realpath(dir);
    names = readdirSync(dir);
  } catch {
    return { entries, diagnostics: [error('cannot read the content folder', { file: displayDir, hint: 'Create it, or point --content at the folder that holds <article-id>/<locale>.md files.' })] };
  }
  const inside = async (p: string, display: string): Promise<boolean> => {
    const real = await realpath(p).catch(() => undefined);
    if (real && (real === root || real.startsWith(root + path.sep))) return true;
    diagnostics.push(error(`is a symbolic link to ${real ?? 'nothing'}, outside ${displayDir}/; refusing to read it`, {
      file: display, hint: 'Copy the file into the content folder instead of linking to it.',
    }));
    return false;
  };
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const abs = path.join(dir, name);
    const display = path.join(displayDir, name);
    const st = lstatSync(abs);
    if (st.isSymbolicLink() && !(await inside(abs, display))) continue;
    const isDir = st.isDirectory() || (st.isSymbolicLink() && lstatSync(await realpath(abs)).isDirectory());
    if (!isDir) {
      diagnostics.push(warning('is not inside an article folder, so it is not read', { file: display, hint: `Content files go in ${displayDir}/<article-id>/<locale>.md.` }));
      continue;
    }
    let files: string[];
    try {
      files = readdirSync(abs).sort();
    } catch {
      diagnostics.push(error('cannot read this folder', { file: display }));
      continue;
    }
    for (const f of files) {
      if (f.startsWith('.') || !f.endsWith('.md')) continue;
      const fileAbs = path.join(abs, f);
      const fileDisplay = path.join(display, f);
      // Directory listing and lstat are synchronous: tens of thousands of tiny calls.
      const fst = lstatSync(fileAbs);
      if (fst.isSymbolicLink() && !(await inside(fileAbs, fileDisplay))) continue;
      if (!fst.isFile() && !fst.isSymbolicLink()) continue;
      entries.push({
        articleId: name,
        localeName: f.slice(0, -3),
        display: fileDisplay,
        readHead: () => readHead(fileAbs),
        readAll: async () => new Uint8Array(await readFile(fileAbs)),
      });
    }
  }
  return { entries, diagnostics };
}

/** Entries for files held in memory (the library API's `files` input). */
export function listMemoryFiles(files: readonly MemoryFile[], displayDir = 'content'): ContentEntry[] {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .flatMap((f) => {
      const parts = f.path.split('/');
      if (parts.length !== 2 || !parts[1]!.endsWith('.md')) return [];
      const bytes = new TextEncoder().encode(f.text);
      return [{
        articleId: parts[0]!,
        localeName: parts[1]!.slice(0, -3),
        display: path.join(displayDir, parts[0]!, parts[1]!),
        readHead: async () => headOf(bytes) ?? bytes,
        readAll: async () => bytes,
      }];
    });
}

/**
 * Reads only as much of a file as its front matter needs. Synchronously: for tens of
 * thousands of small reads, a round trip through the thread pool costs more than the read.
 */
async function readHead(file: string): Promise<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(HEAD_CHUNK);
      const bytesRead = readSync(fd, chunk, 0, HEAD_CHUNK, buf.length);
      buf = buf.length ? Buffer.concat([buf, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      const head = headOf(buf);
      if (head) return head;
      if (bytesRead < HEAD_CHUNK) return buf;
    }
  } finally {
    closeSync(fd);
  }
}

function headOf(bytes: Uint8Array): Uint8Array | undefined {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const m = CLOSE_LINE.exec(latin1);
  return m ? bytes.subarray(0, m.index + m[0].length) : undefined;
}
