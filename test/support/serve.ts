/**
 * Long-running CLI processes (`polyfeed serve`, `build --watch`) and plain HTTP clients for
 * them: requests go out exactly as written (no path normalisation, no decompression), over
 * 127.0.0.1 only. Every process started here is remembered, so `stopAll` in an `after` hook
 * kills what a failed test left running.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { BIN, ROOT } from './cli.js';

export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the match once `re` matches stdout (or stderr, with `stream`), after `from` characters; rejects after `ms`. */
  waitFor(re: RegExp, options?: { stream?: 'stdout' | 'stderr'; ms?: number; from?: number }): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves when the process has ended (SIGKILL after `ms`). */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Running>();

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    for (const l of [...listeners]) l();
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(r);
      for (const l of [...listeners]) l();
      resolve({ code, signal });
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  const r: Running = {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(re, { stream = 'stdout', ms = 30_000, from = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (stream === 'stdout' ? out : err).slice(from).match(re);
          if (m) {
            done();
            resolve(m);
          } else if (ended) {
            done();
            reject(new Error(`process ended before ${re} appeared on ${stream}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${re} did not appear on ${stream} within ${ms} ms\nstdout:\n${out}\nstderr:\n${err}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', ms = 10_000) {
      if (!ended) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  running.add(r);
  return r;
}

/** Kills every process `startCli` started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((r) => r.stop('SIGKILL')));
}

/** Starts `polyfeed serve …` and waits for its `polyfeed serve: http://…/` line. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}, ms = 60_000): Promise<{ proc: Running; url: URL }> {
  const proc = startCli(['serve', ...args], env);
  const m = await proc.waitFor(/^polyfeed serve: (http:\/\/127\.0\.0\.1:\d+\/) \(serving .*\/\)$/m, { ms });
  return { proc, url: new URL(m[1]!) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came, still compressed if they were. */
  body: Buffer;
}

/** One request with the path exactly as given and nothing added but Host. */
export function request(url: URL, rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  if (url.hostname !== '127.0.0.1') throw new Error(`tests talk to 127.0.0.1 only, not ${url.hostname}`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, path: rawPath, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${rawPath} within 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Writes `head` (request line and headers, CRLF-separated) on a raw socket and returns every byte that comes back until the server closes. */
export function rawExchange(url: URL, head: string): Promise<Buffer> {
  if (url.hostname !== '127.0.0.1') throw new Error(`tests talk to 127.0.0.1 only, not ${url.hostname}`);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(url.port) }, () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no end of the answer within 10 s')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined; undefined after `ms`. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, ms: number, everyMs = 50): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
