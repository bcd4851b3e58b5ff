/**
 * The build index: for each content file, keyed by what identifies its version without
 * reading it (size, times, inode), the record the scan made of it: front matter, where the
 * body starts, content hash, messages. A warm build lists the tree and reads only the files
 * whose key changed. The index is only an optimisation: a missing, truncated, corrupt or
 * foreign one (other polyfeed code) is ignored and rebuilt, and the output is the same with
 * and without it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reviveMessage, storeMessage, type StoredMessage } from '../diagnostics.js';
import { codeVersion } from '../version.js';
import type { ContentEntry, ContentFile } from './scan.js';

const FILE = 'content-index.json';
const SCHEMA = 1;

type StoredRecord = Omit<ContentFile, 'entry' | 'diagnostics'> & { diagnostics: StoredMessage[] };

export interface BuildIndex {
  /** The record of `entry` from an earlier build, if the file has not changed since. */
  get(entry: ContentEntry): ContentFile | undefined;
  put(record: ContentFile): void;
  /** Writes the index back if anything changed (best effort). */
  save(): void;
  readonly hits: number;
  readonly misses: number;
}

export function openBuildIndex(cacheDir: string): BuildIndex {
  const file = path.join(cacheDir, FILE);
  const code = codeVersion();
  let stored: Record<string, [string, StoredRecord]> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { schema?: unknown; code?: unknown; files?: unknown };
    if (parsed.schema === SCHEMA && parsed.code === code && typeof parsed.files === 'object' && parsed.files !== null) {
      stored = parsed.files as typeof stored;
    }
  } catch {
    /* no index yet, or a damaged one: every file is read */
  }
  const next: Record<string, [string, StoredRecord]> = {};
  let changed = false;
  let hits = 0;
  let misses = 0;
  return {
    get(entry) {
      const found = stored[entry.display];
      if (!found || found[0] !== entry.key || !isRecord(found[1])) {
        misses++;
        return undefined;
      }
      hits++;
      next[entry.display] = found;
      const r = found[1];
      return { ...r, entry, diagnostics: r.diagnostics.map(reviveMessage) };
    },
    put(record) {
      changed = true;
      const { entry, diagnostics, ...rest } = record;
      next[entry.display] = [entry.key, { ...rest, diagnostics: diagnostics.map(storeMessage) }];
    },
    save() {
      if (!changed && Object.keys(next).length === Object.keys(stored).length) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ schema: SCHEMA, code, files: next }));
        renameSync(tmp, file);
      } catch {
        /* a read-only or full disk: the next build reads every file again */
      }
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
  };
}

function isRecord(r: unknown): r is StoredRecord {
  const x = r as StoredRecord;
  return typeof x === 'object' && x !== null && typeof x.bodyIndex === 'number' && typeof x.bodyLine === 'number'
    && typeof x.positions === 'object' && Array.isArray(x.diagnostics);
}
