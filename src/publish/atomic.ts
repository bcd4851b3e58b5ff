/**
 * Atomic publish. Changed files are written into a staging folder beside `out/` (never
 * inside it), flushed to disk, then each is moved into place with a rename, so a reader
 * (or a web server) sees either the old bytes or the new ones, never a partial file, even
 * if the process is killed half-way. Files whose bytes did not change are not touched:
 * their modification time stays, which keeps HTTP caches valid.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { outputFile } from './paths.js';

export interface PublishDocument {
  /** Relative to out/, with `/` separators. */
  path: string;
  /** The bytes' SHA-256, when the build knows it without the text (a document reused from an earlier build). */
  digest?: string;
  /** May be computed on first access: publish reads it only when the file in out/ is not already these bytes. */
  readonly text: string;
}

export interface PublishResult {
  written: string[];
  unchanged: string[];
  /** Why nothing was published (out/ is unchanged then). */
  diagnostics: Diagnostic[];
}

const STAGING_MARK = '.polyfeed-staging-';

export interface PublishOptions {
  /**
   * Where to remember what was written (the build's cache folder): then a later publish knows
   * an unchanged file from its size, time, inode and digest, without reading it.
   */
  cacheDir?: string;
}

export async function publish(documents: readonly PublishDocument[], outDir: string, options: PublishOptions = {}): Promise<PublishResult> {
  const root = path.resolve(outDir);
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  const parent = path.dirname(realRoot);
  const prefix = `.${path.basename(realRoot)}${STAGING_MARK}`;
  await removeAbandonedStaging(parent, prefix);
  const staging = path.join(parent, `${prefix}${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    const changed: { staged: string; target: string; path: string; digest: string }[] = [];
    const unchanged: string[] = [];
    const manifestFile = options.cacheDir ? path.join(options.cacheDir, 'out', `${createHash('sha256').update(realRoot).digest('hex').slice(0, 16)}.json`) : undefined;
    const manifest = manifestFile ? readManifest(manifestFile) : {};
    const next: Manifest = {};
    for (const doc of documents) {
      const target = outputFile(realRoot, doc.path);
      // A file polyfeed wrote, not touched since (same size, time and inode), that holds the
      // digest the build wants: unchanged, without reading either side.
      const known = manifest[doc.path];
      if (doc.digest && known && known[0] === doc.digest && sameFile(target, known)) {
        unchanged.push(target);
        next[doc.path] = known;
        continue;
      }
      const bytes = Buffer.from(doc.text, 'utf8');
      const digest = doc.digest ?? createHash('sha256').update(bytes).digest('hex');
      const old = await readFile(target).catch(() => undefined);
      if (old && old.equals(bytes)) {
        unchanged.push(target);
        next[doc.path] = stamp(target, digest);
        continue;
      }
      const staged = path.join(staging, path.relative(realRoot, target));
      await mkdir(path.dirname(staged), { recursive: true });
      const fh = await open(staged, 'w');
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      changed.push({ staged, target, path: doc.path, digest });
    }
    // Every folder is checked before the first file moves: a locale folder that is a
    // symbolic link must not lead a write outside out/.
    const dirs = [...new Set(changed.map((c) => path.dirname(c.target)))];
    for (const dir of dirs) {
      const realDir = await realpath(dir).catch(() => undefined);
      if (realDir !== undefined && realDir !== realRoot && !realDir.startsWith(realRoot + path.sep)) {
        return {
          written: [], unchanged: [],
          diagnostics: [error('out-symlink-outside', `leads outside ${outDir} (to ${realDir}); refusing to write there`, {
            file: path.join(outDir, path.relative(realRoot, dir)),
            hint: 'Replace the symbolic link with a real folder; nothing was published.',
          })],
        };
      }
    }
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    for (const { staged, target } of changed) await rename(staged, target);
    for (const c of changed) next[c.path] = stamp(c.target, c.digest);
    if (manifestFile) writeManifest(manifestFile, next);
    return { written: changed.map((c) => c.target), unchanged, diagnostics: [] };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Staging folders left by builds that were killed (their process is gone). */
async function removeAbandonedStaging(parent: string, prefix: string): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What polyfeed last wrote into an out/ folder: path → [SHA-256, size, mtime, inode] (kept in the cache, not in out/). */
type Manifest = Record<string, [string, number, number, number]>;

function readManifest(file: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { files?: Manifest };
    return typeof m.files === 'object' && m.files !== null ? m.files : {};
  } catch {
    return {};
  }
}

function writeManifest(file: string, files: Manifest): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ files }));
    renameSync(tmp, file);
  } catch {
    /* the manifest only saves reading: without it the next build compares bytes */
  }
}

function stamp(file: string, digest: string): [string, number, number, number] {
  const st = statSync(file);
  return [digest, st.size, st.mtimeMs, st.ino];
}

function sameFile(file: string, known: [string, number, number, number]): boolean {
  try {
    const st = statSync(file);
    return st.size === known[1] && st.mtimeMs === known[2] && st.ino === known[3];
  } catch {
    return false;
  }
}
