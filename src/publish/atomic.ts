/**
 * Atomic publish. Changed files are written into a staging folder beside `out/` (never
 * inside it), flushed to disk, then each is moved into place with a rename, so a reader
 * (or a web server) sees either the old bytes or the new ones, never a partial file, even
 * if the process is killed half-way. Files whose bytes did not change are not touched:
 * their modification time stays, which keeps HTTP caches valid.
 */
import { mkdir, open, readFile, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { outputFile } from './paths.js';

export interface PublishDocument {
  /** Relative to out/, with `/` separators. */
  path: string;
  text: string;
  /** Link order: lower ranks are moved into place first (src/outputs.ts); default 0. */
  rank?: number;
}

export interface PublishResult {
  written: string[];
  unchanged: string[];
  /** Why nothing was published (out/ is unchanged then). */
  diagnostics: Diagnostic[];
}

const STAGING_MARK = '.polyfeed-staging-';

export async function publish(documents: readonly PublishDocument[], outDir: string): Promise<PublishResult> {
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
    const changed: { staged: string; target: string }[] = [];
    const unchanged: string[] = [];
    const ordered = documents.map((doc, i) => ({ doc, i })).sort((a, b) => (a.doc.rank ?? 0) - (b.doc.rank ?? 0) || a.i - b.i).map((x) => x.doc);
    for (const doc of ordered) {
      const target = outputFile(realRoot, doc.path);
      const bytes = Buffer.from(doc.text, 'utf8');
      const old = await readFile(target).catch(() => undefined);
      if (old && old.equals(bytes)) {
        unchanged.push(target);
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
      changed.push({ staged, target });
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
    // What a document links to is in place before it: style sheets, then feeds, then OPML
    // and pages (stable within a rank).
    for (const { staged, target } of changed) await rename(staged, target);
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
