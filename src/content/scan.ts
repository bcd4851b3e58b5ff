/**
 * The content scan: one record per content file, each file read once. Content comes from a
 * folder (`content/<article-id>/<locale>.md`) or, through the library API, from memory;
 * both give the same records. A file is read synchronously up to the end of its front
 * matter (in linear time, whatever its size) and, only for an original, on to its end: the
 * content hash covers the original's body. A translation's body is read again only if a
 * feed shows it (src/render/).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, type Dirent, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { error, reviveMessage, warning, type Diagnostic } from '../diagnostics.js';
import type { Jobs } from '../workers/pool.js';
import type { BuildIndex } from './index-cache.js';
import { cleanText } from '../util/clean.js';
import { interner } from '../util/object.js';
import { decodeUtf8, notUtf8 } from '../util/text.js';
import { isContentName, lookAtFolder, versionKey, type FolderLook } from './folder.js';
import { CLOSE, contentHash, packPositions, parseContentText, type FrontMatter, type PackedPositions } from './frontmatter.js';

export interface MemoryFile {
  /** `<article-id>/<locale>.md` */
  path: string;
  text: string;
}

/** Where a content file is, before it is read. */
export interface ContentEntry {
  articleId: string;
  /** The file name without `.md`: the locale tag as written. */
  localeName: string;
  /** How the file is named in messages, e.g. `content/a/en.md`. */
  display: string;
  /** The file on disk (absolute), or its bytes for content held in memory. */
  abs?: string;
  bytes?: Uint8Array;
  /**
   * What identifies this version of the file without reading it: size, modification and
   * change times and inode on disk (as make and rsync judge), a hash of the bytes in memory.
   * The build index and the document cache are keyed by it.
   */
  key: string;
}

/** One content file, read and parsed: everything later stages need, and nothing more. */
export interface ContentFile {
  entry: ContentEntry;
  /** Undefined when the file could not be used; its errors are in `diagnostics`. */
  fm?: FrontMatter;
  /** Where each front matter field is written, for messages (`fieldPosition` reads it). */
  positions: PackedPositions;
  /** UTF-16 index in the decoded text (BOM removed) where the Markdown body starts. */
  bodyIndex: number;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** The content hash of title, summary and body: set for originals (files without translationOf). */
  hash?: string;
  diagnostics: Diagnostic[];
}

export interface ContentSource {
  entries: ContentEntry[];
  diagnostics: Diagnostic[];
}

/** Front matter larger than this is refused: no editor writes it, and it would cost memory. */
export const MAX_FRONT_MATTER_BYTES = 1024 * 1024;
const CHUNK = 16 * 1024;

/** From this many article folders on, a worker thread looks at half of them. */
export const FOLDER_WORKER_FOLDERS = 2000;

/**
 * Lists `<dir>/<article-id>/*.md`. Symbolic links that lead outside `dir` are refused. In a
 * large tree a worker thread looks at folders beside this thread: one `lstat` per content
 * file is most of a warm build.
 */
export function listContentDir(dir: string, displayDir = path.normalize(dir), workerFolders = FOLDER_WORKER_FOLDERS): Promise<ContentSource> {
  return startListing(dir, displayDir, workerFolders).finish();
}

/** A listing begun: its worker thread (in a large tree) already looks at folders while this thread does something else. */
export interface Listing {
  finish(): Promise<ContentSource>;
  /** Stops the worker of a listing that will not be finished. */
  cancel(): void;
}

/**
 * Reads the content folder's names and, in a large tree, starts the worker thread that looks
 * at its folders: a build starts it before it reads the registry and the strings, so that the
 * worker has begun by the time this thread joins it (it takes a fifth of a second to start).
 */
export function startListing(dir: string, displayDir = path.normalize(dir), workerFolders = FOLDER_WORKER_FOLDERS): Listing {
  let root: string;
  let dirents: Dirent[];
  try {
    root = realpathSync(dir);
    dirents = readdirSync(dir, { withFileTypes: true });
  } catch {
    const diagnostics = [error('content-unreadable', 'cannot read the content folder', {
      file: displayDir, hint: 'Create it, or point --content at the folder that holds <article-id>/<locale>.md files.',
    })];
    return { finish: () => Promise.resolve({ entries: [], diagnostics }), cancel: () => {} };
  }
  const named = dirents.filter((d) => !d.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const folders = named.map((d) => d.name);
  const paths = folders.map((n) => path.join(dir, n));
  // A plain folder (the kernel says so in the listing) needs no lstat of its own.
  const plain = Uint8Array.from(named, (d) => (d.isDirectory() ? 1 : 0));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const theirs = folders.length >= workerFolders ? lookInWorker(paths, next, plain) : undefined;
  return {
    cancel: () => {
      // Every folder taken: the worker ends at once.
      Atomics.store(next, 0, folders.length);
    },
    finish: async () => {
      const looks = await lookAtFolders(paths, next, plain, theirs);
      return listed(dir, displayDir, root, folders, looks);
    },
  };
}

/** The entries of the folders looked at, each not-plain folder or file looked at again here, with every check and message. */
function listed(dir: string, displayDir: string, root: string, folders: readonly string[], looks: readonly (FolderLook | null)[]): ContentSource {
  const diagnostics: Diagnostic[] = [];
  const entries: ContentEntry[] = [];
  // One string per locale name, not one per file (a build keeps every entry).
  const localeName = interner<string>();
  /** The file's stats if it may be read: inside the content folder, and a file (or folder) polyfeed can read. */
  const admit = (abs: string, display: string, want: 'file' | 'dir'): Stats | undefined => {
    let st: Stats;
    try {
      st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        const real = realpathSync(abs);
        if (real !== root && !real.startsWith(root + path.sep)) {
          diagnostics.push(error('content-symlink-outside', `is a symbolic link to ${real}, outside ${displayDir}/; refusing to read it`, {
            file: display, hint: 'Copy the file into the content folder instead of linking to it.',
          }));
          return undefined;
        }
        st = lstatSync(real);
      }
    } catch {
      diagnostics.push(error('content-unreadable', 'is a symbolic link that leads nowhere, or cannot be read', {
        file: display, hint: 'Remove the broken link, or make the file readable.',
      }));
      return undefined;
    }
    if (want === 'dir' ? st.isDirectory() : st.isFile()) return st;
    if (want === 'file') {
      diagnostics.push(error('content-not-a-file', st.isDirectory() ? 'is a folder, not a content file' : 'is not a regular file (a pipe, socket or device?)', {
        file: display, hint: 'Content files are regular files named <locale>.md; remove or rename this one.',
      }));
    } else {
      diagnostics.push(warning('content-stray-file', 'is not inside an article folder, so it is not read', {
        file: display, hint: `Content files go in ${displayDir}/<article-id>/<locale>.md.`,
      }));
    }
    return undefined;
  };
  folders.forEach((name, i) => {
    const abs = path.join(dir, name);
    const display = path.join(displayDir, name);
    let look = looks[i];
    if (!look) {
      // Not a plain folder (a link, a file, unreadable): looked at again, with messages.
      if (!admit(abs, display, 'dir')) return;
      try {
        const files = readdirSync(abs).filter(isContentName).sort();
        look = { files, keys: files.map(() => null) };
      } catch {
        diagnostics.push(error('content-unreadable', 'cannot read this folder', { file: display, hint: 'Check its permissions.' }));
        return;
      }
    }
    // Paths are joined by hand: path.join builds its result from many pieces, and at 88k
    // files the listing then held 80 MB of string fragments (20 MB as plain strings).
    const absPrefix = abs + path.sep;
    const displayPrefix = display === abs ? absPrefix : display + path.sep;
    look.files.forEach((f, j) => {
      const fileAbs = absPrefix + f;
      const fileDisplay = displayPrefix === absPrefix ? fileAbs : displayPrefix + f;
      if (f.includes('\uFFFD')) {
        diagnostics.push(error('content-file-name', 'has a file name that is not UTF-8', {
          file: fileDisplay, hint: 'Rename the file to <locale>.md with a tag from locales/registry.json.',
        }));
        return;
      }
      let key = look.keys[j];
      if (!key) {
        const st = admit(fileAbs, fileDisplay, 'file');
        if (!st) return;
        key = versionKey(st);
      }
      entries.push({ articleId: name, localeName: localeName(f, () => f.slice(0, -3)), display: fileDisplay, abs: fileAbs, key });
    });
  });
  return { entries, diagnostics };
}

/**
 * `lookAtFolder` of each folder: here, and with `theirs` by a worker thread too, each taking
 * the next folder neither has taken (a counter both see), so that neither waits for the other
 * at the end (a fixed half each left this thread idle for a fifth of a warm build while the
 * worker, which starts later, finished its half).
 */
async function lookAtFolders(folders: readonly string[], next: Int32Array, plain: Uint8Array, theirs?: Promise<[number, FolderLook | null][]>): Promise<(FolderLook | null)[]> {
  const looks = new Array<FolderLook | null>(folders.length).fill(null);
  for (let i = Atomics.add(next, 0, 1); i < folders.length; i = Atomics.add(next, 0, 1)) looks[i] = lookAtFolder(folders[i]!, plain[i] === 1);
  for (const [i, look] of (await theirs) ?? []) looks[i] = look;
  return looks;
}

/**
 * `lookAtFolder` on a worker thread, of every folder (each index with its look), or with
 * `next` of those it takes first from that shared counter. None if the worker fails: what it
 * took is looked at here again, with every check.
 */
export function lookInWorker(folders: readonly string[], next = new Int32Array(new SharedArrayBuffer(4)), plain = new Uint8Array(folders.length)): Promise<[number, FolderLook | null][]> {
  return new Promise((resolve) => {
    const none = () => resolve([]);
    try {
      const worker = new Worker(new URL('./folder-worker.js', import.meta.url), { workerData: { folders, next, plain } });
      worker.once('message', (looks: [number, FolderLook | null][]) => {
        resolve(looks);
        void worker.terminate();
      });
      worker.once('error', none);
      worker.once('exit', none);
    } catch {
      none();
    }
  });
}

/** Entries for files held in memory (the library API's `files` input). */
export function listMemoryFiles(files: readonly MemoryFile[], displayDir = 'content'): ContentSource {
  const encoder = new TextEncoder();
  const entries = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .flatMap((f): ContentEntry[] => {
      const parts = f.path.split('/');
      if (parts.length !== 2 || !parts[1]!.endsWith('.md')) return [];
      const bytes = encoder.encode(f.text);
      const key = `mem:${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}`;
      return [{ articleId: parts[0]!, localeName: parts[1]!.slice(0, -3), display: path.join(displayDir, parts[0]!, parts[1]!), bytes, key }];
    });
  return { entries, diagnostics: [] };
}

/**
 * Reads and parses one content file: its front matter (with positions) and, for an
 * original, its body, to hash it. `sent`: the record goes to another thread, which copies
 * it anyway, so it is not copied here.
 */
export function scanFile(entry: ContentEntry, sent = false): ContentFile {
  const record: ContentFile = { entry, positions: '', bodyIndex: 0, bodyLine: 1, diagnostics: [] };
  const fail = (d: Diagnostic) => {
    record.diagnostics.push(d);
    return record;
  };
  let reader: FileReader;
  try {
    reader = new FileReader(entry);
  } catch (e) {
    return fail(readError(entry.display, e));
  }
  try {
    const head = reader.readHead();
    if (head.tooLarge) {
      return fail(error('fm-too-large', `has a front matter larger than ${MAX_FRONT_MATTER_BYTES / 1024 / 1024} MiB (or one that is never closed in a file that large)`, {
        file: entry.display, line: 1, column: 1, hint: 'Front matter holds a few fields; move long text into the Markdown body.',
      }));
    }
    const headText = decodeUtf8(head.bytes);
    if (headText === undefined) return fail(notUtf8(entry.display, head.bytes));
    const parsed = parseContentText(headText, entry.display);
    record.positions = packPositions(parsed.positions);
    record.diagnostics.push(...parsed.diagnostics);
    if (!parsed.fm) return record;
    // A copy: values sliced from the head text would keep the whole head alive (V8 sliced strings).
    record.fm = sent ? parsed.fm : structuredClone(parsed.fm);
    record.bodyIndex = parsed.bodyIndex;
    record.bodyLine = parsed.bodyLine;
    if (parsed.fm.translationOf === undefined) {
      const whole = reader.readRest(head.bytes);
      const text = decodeUtf8(whole);
      if (text === undefined) {
        record.fm = undefined;
        return fail(notUtf8(entry.display, whole));
      }
      record.hash = contentHash(parsed.fm.title ?? '', parsed.fm.summary, text.slice(parsed.bodyIndex));
    }
    return record;
  } catch (e) {
    record.fm = undefined;
    return fail(readError(entry.display, e));
  } finally {
    reader.close();
  }
}

/** Files per job when the scan is spread over worker threads. */
const SCAN_SHARD = 400;

/**
 * Every entry's record (in the order of `entries`), the files that changed since the build
 * index was written read by the build's jobs (on worker threads in a large build,
 * `SCAN_SHARD` files a job) and put in the index. The records are what `scanFile` makes,
 * wherever it ran.
 */
export async function scanAll(entries: readonly ContentEntry[], jobsFor: (files: number) => Jobs, index?: BuildIndex): Promise<ContentFile[]> {
  const records = new Array<ContentFile>(entries.length);
  const todo: number[] = [];
  entries.forEach((entry, i) => {
    const hit = index?.get(entry);
    if (hit) records[i] = hit;
    else todo.push(i);
  });
  const jobs = jobsFor(todo.length);
  const shards: number[][] = [];
  for (let i = 0; i < todo.length; i += SCAN_SHARD) shards.push(todo.slice(i, i + SCAN_SHARD));
  await Promise.all(shards.map(async (shard) => {
    const scanned = await jobs.run('scan', { entries: shard.map((i) => entries[i]!) });
    scanned.forEach((r, j) => {
      const entry = entries[shard[j]!]!;
      // The object received (or made here) becomes the record: one object fewer per file.
      const record = Object.assign(r, { entry, diagnostics: r.diagnostics.map(reviveMessage) }) as ContentFile;
      records[shard[j]!] = record;
      index?.put(record);
    });
  }));
  return records;
}

/** The Markdown body of a scanned file, read again (for the items a feed shows). */
export function readBody(file: ContentFile): { body?: string; diagnostic?: Diagnostic } {
  let reader: FileReader | undefined;
  try {
    reader = new FileReader(file.entry);
    const bytes = reader.readRest(new Uint8Array(0));
    const text = decodeUtf8(bytes);
    if (text === undefined) return { diagnostic: notUtf8(file.entry.display, bytes) };
    // Cleaned where it comes in: no character XML cannot carry reaches the renderer.
    return { body: cleanText(text.slice(file.bodyIndex)) };
  } catch (e) {
    return { diagnostic: readError(file.entry.display, e) };
  } finally {
    reader?.close();
  }
}

function readError(display: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  return error('content-unreadable', `cannot be read (${code})`, {
    file: display, hint: code === 'EACCES' ? 'Make the file readable.' : 'Check that it is a regular, readable file.',
  });
}

/** The end of the front matter's closing line (after its line feed) in `text`, bytes read as Latin-1; -1 if none. */
function headEnd(text: string, complete: boolean): number {
  const m = CLOSE.exec(text);
  if (!m) return -1;
  const end = m.index + m[0].length;
  // The line feed that ends the closing line may still be unread.
  if (end < text.length) return end + 1;
  return complete ? end : -1;
}

/** Sequential reads of one file (or of bytes in memory), without reading anything twice. */
class FileReader {
  private readonly fd?: number;
  private position = 0;

  constructor(private readonly entry: ContentEntry) {
    if (entry.bytes) return;
    // O_NONBLOCK: a FIFO that slipped past the listing's checks must not hang the build.
    this.fd = openSync(entry.abs!, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(this.fd).isFile()) {
      closeSync(this.fd);
      this.fd = undefined;
      throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    }
  }

  /** Bytes up to and including the front matter's closing line (or all of a short file). */
  readHead(): { bytes: Uint8Array; tooLarge: boolean } {
    if (this.entry.bytes) {
      const scanned = Math.min(this.entry.bytes.length, MAX_FRONT_MATTER_BYTES);
      const end = headEnd(latin1(this.entry.bytes, 0, scanned), scanned === this.entry.bytes.length);
      return { bytes: end < 0 ? this.entry.bytes : this.entry.bytes.subarray(0, end), tooLarge: end < 0 && this.entry.bytes.length > MAX_FRONT_MATTER_BYTES };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let carry = '';
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(this.fd!, chunk, 0, CHUNK, this.position);
      this.position += n;
      chunks.push(chunk.subarray(0, n));
      // Only the new bytes are searched, with a few bytes of the previous chunk before them
      // (a closing line may span two chunks): linear in the size of the head.
      const text = carry + latin1(chunk, 0, n);
      const at = headEnd(text, n < CHUNK);
      if (at >= 0) {
        const end = total - carry.length + at;
        total += n;
        const all = Buffer.concat(chunks, total);
        this.rest = all.subarray(end);
        return { bytes: all.subarray(0, end), tooLarge: false };
      }
      total += n;
      carry = text.slice(-256);
      if (n < CHUNK) return { bytes: Buffer.concat(chunks, total), tooLarge: false };
      if (total > MAX_FRONT_MATTER_BYTES) return { bytes: new Uint8Array(0), tooLarge: true };
    }
  }

  private rest: Uint8Array = new Uint8Array(0);

  /** The whole file, given what `readHead` returned. */
  readRest(head: Uint8Array): Uint8Array {
    if (this.entry.bytes) return this.entry.bytes;
    const chunks: Buffer[] = [Buffer.from(head.buffer, head.byteOffset, head.byteLength), Buffer.from(this.rest.buffer, this.rest.byteOffset, this.rest.byteLength)];
    let total = head.length + this.rest.length;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(CHUNK, 64 * 1024));
      const n = readSync(this.fd!, chunk, 0, chunk.length, this.position);
      if (n === 0) break;
      this.position += n;
      chunks.push(chunk.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
