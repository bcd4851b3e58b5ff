/**
 * CLI glue for `polyfeed serve [OUT] [--port N] [--host H] [--watch] [--log]` and
 * `polyfeed build --watch`: options and messages only; the server is src/serve/server.ts,
 * the watcher src/serve/watch.ts.
 */
import { stat } from 'node:fs/promises';
import { startServer, type RunningServer } from '../serve/server.js';
import { Watcher } from '../serve/watch.js';
import type { BuildOptions } from '../index.js';
import { BUILD_OPTIONS, buildOptionsFrom, shownDir } from './build.js';
import { EXIT, parseCommand, UsageError, type Io } from './run.js';

export async function runServe(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    ...BUILD_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    watch: { type: 'boolean' },
    log: { type: 'boolean' },
  }, 1);
  const out = positionals[0] ?? 'out';
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!/^\d+$/.test(String(values.port ?? '8080')) || port > 65535) throw new UsageError('--port must be a port number from 0 to 65535 (0 picks a free one)');
  const host = values.host === undefined ? '127.0.0.1' : String(values.host);
  if (host === '') throw new UsageError('--host must name an address, e.g. 127.0.0.1 or ::1');
  if (!values.watch) {
    const stray = Object.keys(BUILD_OPTIONS).find((k) => values[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} is a build option: it is only used with --watch`);
  }

  let watcher: Watcher | undefined;
  if (values.watch) {
    watcher = new Watcher({ options: buildOptionsFrom(values), out, io, afterFailure: 'still serving the last good build', ...pollFromEnv() });
    const dirs = await watcher.start();
    await watcher.rebuild(true);
    io.stdout(watchingLine(dirs));
  } else if (!(await stat(out).catch(() => undefined))?.isDirectory()) {
    io.stderr(`polyfeed serve: cannot read ${shownDir(out)}\n  Build first (polyfeed build), name the folder of published feeds, or use --watch.\n`);
    return EXIT.inputErrors;
  }

  let server: RunningServer;
  try {
    server = await startServer({ root: out, host, port, ...(values.log ? { log: (line: string) => io.stdout(`${line}\n`) } : {}) });
  } catch (e) {
    await watcher?.close();
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(code === 'EADDRINUSE' ? `polyfeed serve: port ${port} on ${host} is in use\n  Choose another with --port N (--port 0 picks a free one).\n`
      : `polyfeed serve: cannot listen on ${host}:${port}: ${code ?? (e as Error).message}\n  --host takes an address of this machine, e.g. 127.0.0.1 or ::1.\n`);
    return EXIT.inputErrors;
  }
  io.stdout(`polyfeed serve: ${server.url} (serving ${shownDir(out)})\n`);
  const signal = await untilSignal();
  await server.close();
  await watcher?.close();
  io.stdout(`polyfeed serve: stopped (${signal})\n`);
  return EXIT.ok;
}

/** `polyfeed build --watch`: the first build, then one more after every change, until SIGINT or SIGTERM. */
export async function runWatch({ options, out, io }: { options: BuildOptions & { content: string; locales: string }; out: string; io: Io }): Promise<number> {
  const watcher = new Watcher({ options, out, io, afterFailure: `${shownDir(out)} keeps the last good build`, ...pollFromEnv() });
  const dirs = await watcher.start();
  await watcher.rebuild(true);
  io.stdout(watchingLine(dirs));
  const signal = await untilSignal();
  await watcher.close();
  io.stdout(`polyfeed: stopped watching (${signal})\n`);
  return EXIT.ok;
}

function watchingLine(dirs: string[]): string {
  return `polyfeed: watching ${dirs.map(shownDir).join(', ') || 'nothing (no content or locales folder)'} for changes; Ctrl-C stops\n`;
}

/** POLYFEED_WATCH=poll scans folders instead of file-system events (network file systems, some containers). */
function pollFromEnv(): { pollMs?: number } {
  return process.env.POLYFEED_WATCH === 'poll' ? { pollMs: 300 } : {};
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process the default way. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
