/**
 * CLI glue for `polyfeed serve [OUT] [--port N] [--host H] [--watch] [--log]` and
 * `polyfeed build --watch`: options and messages only; the server is src/serve/server.ts,
 * the watcher src/serve/watch.ts.
 */
import { stat } from 'node:fs/promises';
import { startServer, type RunningServer } from '../serve/server.js';
import { Watcher } from '../serve/watch.js';
import type { BuildOptions } from '../index.js';
import { BUILD_OPTIONS, buildOptionsFrom, shownDir } from './build-options.js';
import { COMMON_OPTIONS, type Command, type OptionSpec, type ParsedArgs } from './command.js';
import { EXIT, UsageError, type Io } from './io.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'preview out/ over HTTP with the headers a real host should send; --watch rebuilds on save',
  description:
    'Serves a folder of published documents (default out/) on 127.0.0.1 with the media types of the outputs table, strong ETags, ' +
    'Last-Modified, 304 Not Modified, HEAD, gzip and brotli, and no way out of the folder. With --watch it builds first, then rebuilds on ' +
    'every change to content/, locales/ or partners/, and keeps serving the last good build while a rebuild fails.',
  positionals: { usage: '[OUT]', min: 0, max: 1 },
  options: {
    port: { type: 'string', value: 'N', default: '8080', help: 'the port to listen on; 0 picks a free one' },
    host: { type: 'string', value: 'ADDRESS', default: '127.0.0.1', help: 'the address to listen on' },
    log: { type: 'boolean', help: 'print one line per request: method, path, status' },
    watch: { type: 'boolean', help: 'build first, then rebuild on every change (takes the build options)' },
    ...BUILD_OPTIONS,
  },
  examples: [
    { command: 'polyfeed serve', says: 'http://127.0.0.1:8080/ serves ./out' },
    { command: 'polyfeed serve --watch --port 0', says: 'builds, serves on a free port, rebuilds on save' },
  ],
  run: runServe,
};

async function runServe({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  const out = positionals[0] ?? COMMON_OPTIONS.out.default;
  const port = Number(values.port);
  if (!/^\d+$/.test(String(values.port)) || port > 65535) throw new UsageError('--port must be a port number from 0 to 65535 (0 picks a free one)', 'serve');
  const host = String(values.host);
  if (host === '') throw new UsageError('--host must name an address, e.g. 127.0.0.1 or ::1', 'serve');
  if (!values.watch) {
    const stray = Object.keys(BUILD_OPTIONS).find((k) => values[k] !== undefined && values[k] !== (BUILD_OPTIONS as Record<string, OptionSpec>)[k]!.default);
    if (stray) throw new UsageError(`--${stray} is a build option: it is only used with --watch`, 'serve');
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
