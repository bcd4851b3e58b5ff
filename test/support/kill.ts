/** Runs the real CLI as a child process and kills it with SIGKILL part-way. */
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from './cli.js';

export interface KilledRun {
  pid: number;
  /** null when the process ended on its own before the kill. */
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  elapsedMs: number;
  /** With `afterAppears`: milliseconds from spawn until the file appeared (undefined: it never did). */
  appearedMs?: number;
}

export interface KillWhen {
  /** Kill this many milliseconds after the start. */
  afterMs?: number;
  /** Kill as soon as this many file-system events were seen below `watchDir` (e.g. renames into out/). */
  afterEvents?: { watchDir: string; count: number };
  /**
   * Kill `delayMs` after `file` appears (its folder must exist); `delayMs: Infinity` only
   * records when it appeared. E.g. `out/.polyfeed/lock`: the publish has begun.
   */
  afterAppears?: { file: string; delayMs: number };
}

export function runAndKill(args: string[], when: KillWhen): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const kill = () => child.kill('SIGKILL');
    const timer = when.afterMs !== undefined ? setTimeout(kill, when.afterMs) : undefined;
    let events = 0;
    const watcher = when.afterEvents
      ? watch(when.afterEvents.watchDir, { recursive: true }, () => {
          if (++events === when.afterEvents!.count) kill();
        })
      : undefined;
    const sinceStart = () => Number(process.hrtime.bigint() - started) / 1e6;
    let appearedMs: number | undefined;
    let delayed: NodeJS.Timeout | undefined;
    const appears = when.afterAppears;
    const onAppear = () => {
      if (appearedMs !== undefined || !existsSync(appears!.file)) return;
      appearedMs = sinceStart();
      if (Number.isFinite(appears!.delayMs)) delayed = setTimeout(kill, appears!.delayMs);
    };
    const appearWatcher = appears
      ? watch(path.dirname(appears.file), (_event, name) => {
          if (name === path.basename(appears.file)) onAppear();
        })
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (delayed) clearTimeout(delayed);
      watcher?.close();
      appearWatcher?.close();
      resolve({ pid: child.pid!, signal, code, stdout, stderr, elapsedMs: sinceStart(), ...(appearedMs !== undefined ? { appearedMs } : {}) });
    });
  });
}
