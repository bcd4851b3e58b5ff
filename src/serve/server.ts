/**
 * `polyfeed serve`: out/ over HTTP on node:http, the way a feed reader will see it once it
 * is hosted — media types from `mediaTypeOf`, strong ETags, 304s, gzip and brotli — and
 * nothing outside out/: the request path is decoded segment by segment (src/serve/request.ts),
 * hidden names are not served, and every file's real path must lie inside out/.
 */
import { createHash } from 'node:crypto';
import { open, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { mediaTypeOf } from '../outputs.js';
import { HEADERS_FILE } from './headers.js';
import { cacheControlOf, isCompressible } from './policy.js';
import { chooseCoding, encodePath, ifNoneMatchMatches, notModifiedSince, parseRequestPath, type Coding } from './request.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface ServeOptions {
  /** The folder to serve (out/). */
  root: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Called once per answered request: `GET /en/rss.xml 304`. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://127.0.0.1:8080/` */
  url: string;
  host: string;
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

export const ALLOW = 'GET, HEAD';

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const files = new FileCache();
  const server = createServer((req, res) => {
    handle(req, res, options.root, files).catch((e: unknown) => {
      if (!res.headersSent) plain(res, req, 500, 'Internal Server Error');
      else res.destroy(e as Error);
    });
  });
  if (options.log) {
    const log = options.log;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => log(`${req.method} ${printable(req.url ?? '')} ${res.statusCode}`));
    });
  }
  await listen(server, options.port ?? 8080, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, root: string, files: FileCache): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', ALLOW);
    return plain(res, req, 405, 'Method Not Allowed');
  }
  const parsed = parseRequestPath(req.url ?? '');
  if (!parsed.ok) return plain(res, req, parsed.status, parsed.status === 400 ? 'Bad Request' : 'Not Found');
  const { segments, trailingSlash, query } = parsed;
  // The hosts' own configuration: Netlify and Cloudflare Pages do not serve it either.
  if (segments.length === 1 && segments[0] === HEADERS_FILE) return plain(res, req, 404, 'Not Found');

  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return plain(res, req, 404, 'Not Found');
  let file = await confined(realRoot, path.join(realRoot, ...segments));
  if (!file) return plain(res, req, 404, 'Not Found');
  let rel = segments.join('/');
  const st = await stat(file).catch(() => undefined);
  if (!st) return plain(res, req, 404, 'Not Found');
  if (st.isDirectory()) {
    if (!trailingSlash && segments.length > 0) {
      res.setHeader('Location', encodePath(segments, true) + query);
      return plain(res, req, 301, 'Moved Permanently');
    }
    file = await confined(realRoot, path.join(file, 'index.html'));
    if (!file) return plain(res, req, 404, 'Not Found');
    rel = rel ? `${rel}/index.html` : 'index.html';
  } else if (trailingSlash) {
    return plain(res, req, 404, 'Not Found');
  }

  const opened = await files.open(file);
  if (!opened) return plain(res, req, 404, 'Not Found');
  try {
    await answer(req, res, rel, opened, files);
  } finally {
    await opened.close();
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, rel: string, opened: OpenFile, files: FileCache): Promise<void> {
  const { entry } = opened;
  const type = mediaTypeOf(rel);
  const compressible = isCompressible(type);
  const coding = chooseCoding(header(req, 'accept-encoding'), compressible);
  if (compressible) res.setHeader('Vary', 'Accept-Encoding');
  if (coding === null) return plain(res, req, 406, 'Not Acceptable: this file is available in br, gzip or identity coding');
  const etag = coding === 'identity' ? `"${entry.hash}"` : `"${entry.hash}-${coding}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', new Date(entry.mtimeMs).toUTCString());
  res.setHeader('Cache-Control', cacheControlOf(type));

  const inm = header(req, 'if-none-match');
  const ims = header(req, 'if-modified-since');
  if (inm !== undefined ? ifNoneMatchMatches(inm, etag) : ims !== undefined && notModifiedSince(ims, entry.mtimeMs, Date.now())) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = await files.body(opened, coding);
  if (type !== undefined) res.setHeader('Content-Type', type);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The real path of `p` if it exists and lies inside out/ with no hidden name on the way. */
async function confined(realRoot: string, p: string): Promise<string | undefined> {
  const real = await realpath(p).catch(() => undefined);
  if (real === undefined) return undefined;
  if (real === realRoot) return real;
  if (!real.startsWith(realRoot + path.sep)) return undefined;
  // A link inside out/ may lead to .polyfeed/ or another hidden name inside it: still hidden.
  if (path.relative(realRoot, real).split(path.sep).some((s) => s.startsWith('.'))) return undefined;
  return real;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A plain-text answer (errors, redirects); HEAD gets the headers only. */
function plain(res: ServerResponse, req: IncomingMessage, status: number, text: string): void {
  const body = Buffer.from(`${status} ${text}\n`, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The request target as it may be printed on one line of a terminal. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\s]/g, (c) => encodeURIComponent(c));
}

interface FileEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  /** sha-256 of the bytes, base64url. */
  hash: string;
}

/** A file opened for one request: what is known of it, and its bytes read from that descriptor. */
interface OpenFile {
  entry: FileEntry;
  read(): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Hashes keyed by (path, size, mtime, inode), so that repeated requests — and every 304 —
 * cost one open and fstat, not a read and a hash. Bytes are read through the descriptor that
 * was stat'ed, so a feed replaced by a rename mid-request still gives the bytes of the version
 * whose hash was sent. Bodies (plain and compressed) are kept by content hash, within a
 * byte budget, least recently used first out.
 */
class FileCache {
  private readonly entries = new Map<string, FileEntry>();
  private readonly bodies = new Map<string, Buffer>();
  private bodyBytes = 0;
  private static readonly BODY_BUDGET = 32 * 1024 * 1024;

  async open(file: string): Promise<OpenFile | undefined> {
    const fh = await open(file, 'r').catch(() => undefined);
    if (!fh) return undefined;
    try {
      const st = await fh.stat();
      if (!st.isFile()) {
        await fh.close();
        return undefined;
      }
      let bytes: Buffer | undefined;
      const read = async () => (bytes ??= await fh.readFile());
      let entry = this.entries.get(file);
      if (!entry || entry.size !== st.size || entry.mtimeMs !== st.mtimeMs || entry.ino !== st.ino) {
        const b = await read();
        entry = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, hash: createHash('sha256').update(b).digest('base64url') };
        this.entries.set(file, entry);
        this.remember(`${entry.hash}:identity`, b);
      }
      return { entry, read, close: () => fh.close() };
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async body(f: OpenFile, coding: Coding): Promise<Buffer> {
    const key = `${f.entry.hash}:${coding}`;
    const cached = this.bodies.get(key);
    if (cached) {
      this.remember(key, cached);
      return cached;
    }
    const identity = this.bodies.get(`${f.entry.hash}:identity`) ?? (await f.read());
    const out = coding === 'identity' ? identity
      : coding === 'gzip' ? await gzipAsync(identity, { level: 9 })
      : await brotli(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } });
    this.remember(key, out);
    return out;
  }

  private remember(key: string, bytes: Buffer): void {
    const old = this.bodies.get(key);
    if (old) {
      this.bodies.delete(key);
      this.bodyBytes -= old.length;
    }
    if (bytes.length > FileCache.BODY_BUDGET / 8) return;
    this.bodies.set(key, bytes);
    this.bodyBytes += bytes.length;
    for (const [k, v] of this.bodies) {
      if (this.bodyBytes <= FileCache.BODY_BUDGET) break;
      this.bodies.delete(k);
      this.bodyBytes -= v.length;
    }
  }
}
