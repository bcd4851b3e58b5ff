/** Runs the real CLI as a child process and kills it with SIGKILL part-way. */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
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
}

export interface KillWhen {
  /** Kill this many milliseconds after the start. */
  afterMs?: number;
  /** Kill as soon as this many file-system events were seen below `watchDir` (e.g. renames into out/). */
  afterEvents?: { watchDir: string; count: number };
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
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      watcher?.close();
      resolve({ pid: child.pid!, signal, code, stdout, stderr, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}
