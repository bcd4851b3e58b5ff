/**
 * One publish per out/ at a time: `out/.polyfeed/lock`, created with O_EXCL, holds the pid
 * and host name of its owner. A lock whose owner is dead (killed, crashed) is stale and taken
 * over; a live owner is waited for a short while, then refused with its pid.
 *
 * Taking over is itself guarded by `lock.takeover` (O_EXCL too), and the stale lock is read
 * again under that guard before it is removed, so two processes that both find a stale lock
 * cannot remove each other's fresh one.
 */
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { error, PolyfeedError } from '../diagnostics.js';
import { fsDiagnostic, isErrno } from './fs-errors.js';

export const LOCK_FILE = 'lock';
const POLL_MS = 40;
/** A lock or guard file that is still empty or unreadable after this long was left by a killed process. */
const UNREADABLE_STALE_MS = 2_000;
const GUARD_STALE_MS = 5_000;

export interface Holder {
  pid: number;
  host: string;
}

export interface Lock {
  release(): Promise<void>;
}

/**
 * Takes the lock in `stateDir` (which exists), waiting up to `waitMs` for a live owner.
 * `shownOut` is out/ as the user typed it, with a trailing `/`.
 */
export async function acquireLock(stateDir: string, shownOut: string, waitMs: number): Promise<Lock> {
  const file = path.join(stateDir, LOCK_FILE);
  const mine = `${process.pid}\n${os.hostname()}\n`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fh = await open(file, 'wx');
      try {
        await fh.writeFile(mine);
      } catch (e) {
        // E.g. a full disk: no half-written lock may stay behind.
        await fh.close().catch(() => undefined);
        await unlink(file).catch(() => undefined);
        throw e;
      }
      await fh.close();
      return { release: () => releaseLock(file, mine) };
    } catch (e) {
      if (isErrno(e) && e.code === 'ENOENT' && Date.now() < deadline) {
        // A first build that failed removed its empty state folder just now.
        await mkdir(stateDir, { recursive: true }).catch(() => undefined);
        continue;
      }
      if (!isErrno(e) || e.code !== 'EEXIST') throw lockFailure(e, shownOut);
    }
    const seen = await readHolder(file);
    if (seen === 'gone') continue;
    if (await lockIsStale(file)) {
      await takeOver(file, seen);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = seen === 'unreadable' ? 'another polyfeed process' : `another polyfeed process (pid ${seen.pid}${seen.host !== os.hostname() ? ` on ${seen.host}` : ''})`;
      throw new PolyfeedError([error('publish-locked', `${shownOut} is being published by ${who}; waited ${Math.round(waitMs / 100) / 10} s`, {
        hint: `Build again when it has finished; if no such process runs, remove ${shownOut}.polyfeed/lock. Nothing was published; ${shownOut} is unchanged.`,
      })]);
    }
    await sleep(POLL_MS);
  }
}

async function releaseLock(file: string, mine: string): Promise<void> {
  const now = await readFile(file, 'utf8').catch(() => undefined);
  if (now === mine) await unlink(file).catch(() => undefined);
}

/** Removes a stale lock, unless someone else is doing so or it changed meanwhile. */
async function takeOver(file: string, seen: Holder | 'unreadable'): Promise<void> {
  const guard = `${file}.takeover`;
  let fh;
  try {
    fh = await open(guard, 'wx');
  } catch (e) {
    if (isErrno(e) && e.code === 'EEXIST') {
      if (await olderThan(guard, GUARD_STALE_MS)) await unlink(guard).catch(() => undefined);
      else await sleep(POLL_MS);
      return;
    }
    throw e;
  }
  try {
    await fh.writeFile(`${process.pid}\n`);
    await fh.close();
    fh = undefined;
    const again = await readHolder(file);
    const same = again === 'unreadable' ? seen === 'unreadable' : again !== 'gone' && seen !== 'unreadable' && again.pid === seen.pid && again.host === seen.host;
    if (same) await unlink(file).catch(() => undefined);
  } finally {
    await fh?.close();
    await unlink(guard).catch(() => undefined);
  }
}

/** Whether the lock file is there and its owner is gone (or it is unreadable and old). */
export async function lockIsStale(file: string): Promise<boolean> {
  const holder = await readHolder(file);
  if (holder === 'gone') return false;
  return holder === 'unreadable' ? olderThan(file, UNREADABLE_STALE_MS) : !isAlive(holder);
}

export async function readHolder(file: string): Promise<Holder | 'unreadable' | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e) && e.code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  const m = /^(\d+)\n(.*)\n$/.exec(text);
  return m ? { pid: Number(m[1]), host: m[2]! } : 'unreadable';
}

/**
 * Whether the lock's owner may still run. On another host polyfeed cannot tell, so it waits.
 * Our own pid in a lock we do not hold was left by an earlier process that had the same pid.
 */
export function isAlive(holder: Holder): boolean {
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (killed, not yet reaped by its parent) is dead for our purpose.
  try {
    const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch {
    return false;
  }
}

function lockFailure(e: unknown, shownOut: string): unknown {
  if (!isErrno(e)) return e;
  return new PolyfeedError([fsDiagnostic({ action: 'lock', shown: `${shownOut}.polyfeed/lock`, code: e.code! }, `nothing was published, ${shownOut} is unchanged.`, { out: shownOut, folder: `${shownOut}.polyfeed/` })]);
}
