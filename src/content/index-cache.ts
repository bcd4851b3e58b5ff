/**
 * The build index: for each content file, keyed by what identifies its version without
 * reading it (size, times, inode), the record the scan made of it: front matter, where the
 * body starts, content hash, messages. A warm build lists the tree and reads only the files
 * whose key changed. The index is only an optimisation: a missing, truncated, corrupt or
 * foreign shard (other polyfeed code) is ignored and rebuilt, and the output is the same with
 * and without it.
 *
 * It is kept in `SHARDS` files, a file's record in the shard its path hashes to, so that a
 * build that read a few files again rewrites a few shards, not the whole index (at 88k files
 * the index is about 70 MB of JSON: writing all of it cost an edited article 1.5 s).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reviveMessage, storeMessage, type StoredMessage } from '../diagnostics.js';
import { codeVersion } from '../version.js';
import type { ContentEntry, ContentFile } from './scan.js';

const DIR = 'content-index';
/** The index of polyfeed before it was sharded: removed when the sharded one is written. */
const LEGACY_FILE = 'content-index.json';
const SCHEMA = 3;
const SHARDS = 64;

type StoredRecord = Omit<ContentFile, 'entry' | 'diagnostics'> & { diagnostics: StoredMessage[] };
type Shard = Record<string, [string, StoredRecord]>;
/** Records of one shard that this build made, by file. */
type Records = Record<string, [string, ContentFile]>;

function toStored({ entry: _entry, diagnostics, ...rest }: ContentFile): StoredRecord {
  return { ...rest, diagnostics: diagnostics.map(storeMessage) };
}

export interface BuildIndex {
  /** The record of `entry` from an earlier build, if the file has not changed since. */
  get(entry: ContentEntry): ContentFile | undefined;
  put(record: ContentFile): void;
  /** Writes back the shards in which anything changed (best effort). */
  save(): void;
  readonly hits: number;
  readonly misses: number;
}

/** The shard of a content file: FNV-1a of its path, so that it does not move between builds. */
function shardOf(display: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < display.length; i++) {
    h ^= display.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARDS;
}

function shardFile(cacheDir: string, shard: number): string {
  return path.join(cacheDir, DIR, `${String(shard).padStart(2, '0')}.json`);
}

/**
 * A shard is two lines: a header (schema, code, the SHA-256 of the second line) and the
 * records. A shard changed in place, even to other valid JSON, fails its digest and is read again.
 */
function readShard(file: string, code: string): Shard | undefined {
  try {
    const bytes = readFileSync(file);
    const nl = bytes.indexOf(0x0a);
    if (nl < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', 0, nl)) as { schema?: unknown; code?: unknown; digest?: unknown };
    if (header.schema !== SCHEMA || header.code !== code) return undefined;
    const body = bytes.subarray(nl + 1);
    if (header.digest !== createHash('sha256').update(body).digest('hex')) return undefined;
    const files = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof files === 'object' && files !== null && !Array.isArray(files)) return files as Shard;
  } catch {
    /* no shard yet, or a damaged one: its files are read */
  }
  return undefined;
}

export function openBuildIndex(cacheDir: string): BuildIndex {
  const code = codeVersion();
  /** Each shard as read (undefined: missing or damaged). A record used by this build has its `entry` set. */
  const stored = Array.from({ length: SHARDS }, (_, s) => readShard(shardFile(cacheDir, s), code));
  /** Records this build made (files read again), by shard. */
  const made: Records[] = Array.from({ length: SHARDS }, () => ({}));
  const used = new Array<number>(SHARDS).fill(0);
  const dirty = new Array<boolean>(SHARDS).fill(false);
  let hits = 0;
  let misses = 0;
  return {
    get(entry) {
      const s = shardOf(entry.display);
      const own = dirty[s] ? made[s]![entry.display] : undefined;
      if (own && own[0] === entry.key) return { ...own[1], entry };
      const hit = stored[s]?.[entry.display];
      if (!hit || hit[0] !== entry.key || !isRecord(hit[1])) {
        misses++;
        return undefined;
      }
      // The record read is the record used, not a copy (one object fewer per file in every
      // build); asked again in this build, its messages are revived already.
      const record = hit[1] as unknown as ContentFile;
      if (record.entry) return { ...record, entry };
      hits++;
      used[s]!++;
      record.entry = entry;
      if (hit[1].diagnostics.length) record.diagnostics = hit[1].diagnostics.map(reviveMessage);
      return record;
    },
    put(record) {
      const s = shardOf(record.entry.display);
      dirty[s] = true;
      made[s]![record.entry.display] = [record.entry.key, record];
    },
    save() {
      try {
        mkdirSync(path.join(cacheDir, DIR), { recursive: true });
        rmSync(path.join(cacheDir, LEGACY_FILE), { force: true });
      } catch {
        return; /* a read-only or full disk: the next build reads every file again */
      }
      for (let s = 0; s < SHARDS; s++) {
        // Unchanged: nothing was put in it, and every record it held was used as it was.
        const was = stored[s];
        if (was && !dirty[s] && used[s] === Object.keys(was).length) continue;
        const file = shardFile(cacheDir, s);
        const tmp = `${file}.${process.pid}.tmp`;
        try {
          // The records this build used (a file gone is dropped) and those it made.
          const records: Record<string, [string, StoredRecord]> = {};
          for (const [display, [key, r]] of Object.entries(was ?? {})) {
            const record = r as unknown as ContentFile;
            if (record.entry && !made[s]![display]) records[display] = [key, toStored(record)];
          }
          for (const [display, [key, r]] of Object.entries(made[s]!)) records[display] = [key, toStored(r)];
          const body = Buffer.from(JSON.stringify(records));
          const header = JSON.stringify({ schema: SCHEMA, code, digest: createHash('sha256').update(body).digest('hex') });
          writeFileSync(tmp, Buffer.concat([Buffer.from(`${header}\n`), body]));
          renameSync(tmp, file);
        } catch {
          /* this shard cannot be written (a folder in its place, a full disk): its files are read again next time */
          try {
            rmSync(tmp, { force: true });
          } catch {
            /* nothing left to remove */
          }
        }
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
    && typeof x.positions === 'string' && Array.isArray(x.diagnostics);
}
