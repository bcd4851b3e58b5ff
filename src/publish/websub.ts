/**
 * WebSub publishing (W3C WebSub, and the PubSubHubbub 0.4 publish request hubs accept): after a
 * publish, the hub is told which feeds changed, one POST per feed URL,
 * `application/x-www-form-urlencoded` with `hub.mode=publish`, `hub.url` and `hub.topic` (hubs
 * read one or the other). A hub that fails is retried a bounded number of times with backoff;
 * once a hub has failed a feed for good with an answer worth retrying (down, timing out, 5xx),
 * the feeds not yet sent are not sent either. Nothing here throws for a hub's failure: the
 * feeds are published already, so failures come back as warnings.
 *
 * A feed the hub did not hear about is not forgotten: the next build's bytes of it are the
 * same, so it would never count as changed again. `out/.polyfeed/websub-pending.json` keeps
 * the feeds a hub failed (with the hub's URL), beside the manifest of the files they are; the
 * next `build --ping` to the same hub announces them with the changed ones, and keeps only
 * what failed again. It lives in out/, not in the cache: deleting a cache must not lose it.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { warning, type Diagnostic } from '../diagnostics.js';
import { isFeedFormat } from '../outputs.js';
import { isObject } from '../util/object.js';
import { GENERATOR } from '../version.js';
import { STATE_DIR } from './paths.js';

export interface PingOptions {
  /** Waits between tries; tries = waits + 1. Default 0.5 s, then 1 s: three tries. */
  backoffMs?: readonly number[];
  /** For one request, from connecting to the end of the answer. Default 10 s. */
  timeoutMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
}

export interface PingResult {
  /** Feed URLs the hub accepted (2xx). */
  notified: string[];
  /** Feed URLs the hub refused or did not answer for, and those not sent after it went down. */
  failed: string[];
  /** One `websub-ping-failed` warning per way the hub failed. */
  diagnostics: Diagnostic[];
}

const DEFAULTS = { backoffMs: [500, 1000], timeoutMs: 10_000, concurrency: 4 } as const;
/** What is kept of an answer's body for the message: a hub's short reason, not a page. */
const BODY_LIMIT = 4096;

/** One try's outcome: accepted, or why not, and whether another try may help. */
type Outcome = { ok: true } | { ok: false; cause: string; retry: boolean };

/** Sends a publish notification for every URL of `topics` to `hub`. */
export async function pingHub(hub: string, topics: readonly string[], options: PingOptions = {}): Promise<PingResult> {
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const hubUrl = new URL(hub);
  const agent = new (hubUrl.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: concurrency });
  const notified: string[] = [];
  /** Failed feeds by cause and number of tries, in the order the causes first appeared. */
  const failures = new Map<string, { cause: string; tries: number; urls: string[] }>();
  let stoppedBy: string | undefined;
  const skipped: string[] = [];
  const queue = [...topics];

  const pingOne = async (topic: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const outcome = await post(hubUrl, topic, timeoutMs, agent);
      if (outcome.ok) {
        notified.push(topic);
        return;
      }
      if (outcome.retry && attempt < backoffMs.length) {
        await sleep(backoffMs[attempt]!);
        continue;
      }
      const key = `${outcome.cause}\u0000${attempt + 1}`;
      const group = failures.get(key) ?? { cause: outcome.cause, tries: attempt + 1, urls: [] };
      group.urls.push(topic);
      failures.set(key, group);
      // A hub that is down or overloaded after every try: asking it about the rest only waits longer.
      if (outcome.retry) stoppedBy ??= key;
      return;
    }
  };
  const worker = async () => {
    for (let topic = queue.shift(); topic !== undefined; topic = queue.shift()) {
      if (stoppedBy) skipped.push(topic);
      else await pingOne(topic);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, topics.length) }, worker));
  } finally {
    agent.destroy();
  }

  const diagnostics: Diagnostic[] = [];
  for (const [key, { cause, tries, urls }] of failures) {
    const notSent = key === stoppedBy && skipped.length ? `; ${skipped.length} more changed feed${skipped.length === 1 ? ' was' : 's were'} not announced` : '';
    diagnostics.push(warning('websub-ping-failed', `WebSub hub ${hub} ${cause} for ${listed(urls)} after ${tries} ${tries === 1 ? 'try' : 'tries'}${notSent}`, {
      hint: `The feeds are published; the next build --ping announces ${urls.length === 1 ? 'it' : 'them'} again. To announce one now: ` +
        `curl -d hub.mode=publish --data-urlencode hub.url=${urls[0]} ${hub}`,
    }));
  }
  const failed = [...[...failures.values()].flatMap((g) => g.urls), ...skipped];
  return { notified, failed, diagnostics };
}

/** `https://…/en/rss.xml`, or `3 feeds (https://…/en/rss.xml, https://…/en/atom.xml and 1 more)`. */
function listed(urls: readonly string[]): string {
  if (urls.length === 1) return urls[0]!;
  const shown = urls.slice(0, 2);
  const more = urls.length - shown.length;
  return `${urls.length} feeds (${shown.join(more ? ', ' : ' and ')}${more ? ` and ${more} more` : ''})`;
}

/** One POST; never rejects. */
function post(hub: URL, topic: string, timeoutMs: number, agent: http.Agent): Promise<Outcome> {
  const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic, 'hub.topic': topic }).toString();
  const request = hub.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = request(hub, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'user-agent': `${GENERATOR.name}/${GENERATOR.version} (WebSub publisher)`,
      },
    }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < BODY_LIMIT) chunks.push(c);
        size += c.length;
      });
      res.on('error', () => settle(failure(status, res.headers, '')));
      res.on('end', () => {
        const text = Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString('utf8');
        settle(status >= 200 && status < 300 ? { ok: true } : failure(status, res.headers, text));
      });
    });
    const timer = setTimeout(() => {
      settle({ ok: false, cause: `did not answer within ${timeoutMs / 1000} s`, retry: true });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => settle({ ok: false, cause: `could not be reached (${networkProblem(e)})`, retry: true }));
    req.end(body);
  });
}

/** A non-2xx answer: 5xx, 429 and 408 may pass; a redirect or another 4xx will not. */
function failure(status: number, headers: http.IncomingHttpHeaders, body: string): Outcome {
  const location = status >= 300 && status < 400 && headers.location ? ` (redirect to ${headers.location})` : '';
  const reason = /^text\/plain\b/i.test(headers['content-type'] ?? '') ? shortReason(body) : '';
  return { ok: false, cause: `answered ${status}${location}${reason ? ` ("${reason}")` : ''}`, retry: status >= 500 || status === 429 || status === 408 };
}

/** The first line of a plain-text answer, without control characters, at most 100 characters. */
function shortReason(body: string): string {
  const line = body.split(/\r?\n/).map((l) => l.replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim()).find(Boolean) ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

const NETWORK_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

/** In words, with the system's code: `connection refused (ECONNREFUSED)`. */
function networkProblem(e: NodeJS.ErrnoException): string {
  const code = e.code ?? '';
  if (NETWORK_PROBLEMS[code]) return `${NETWORK_PROBLEMS[code]}, ${code}`;
  if (/CERT|SSL|TLS/.test(code)) return `its TLS certificate was not accepted: ${e.message}`;
  return e.message || code || 'unknown network error';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The public URLs of the feed documents among `written` (paths relative to out/), in publish order. */
export function changedFeedUrls(documents: readonly { path: string; format: string; url: string }[], written: readonly string[]): string[] {
  const byPath = new Map(documents.map((d) => [d.path, d]));
  return written.flatMap((p) => {
    const d = byPath.get(p);
    // Every feed (public, category, partner alike) is announced.
    return d && isFeedFormat(d.format) ? [d.url] : [];
  });
}

/** Where the feeds a hub has not heard about yet are kept, relative to out/. */
export const PENDING_FILE = `${STATE_DIR}/websub-pending.json`;

/**
 * The feed URLs an earlier `build --ping` failed to announce to `hub`, that are still among
 * `published` (a feed no longer built is not announced). None for another hub, or without a
 * readable record.
 */
export function pendingTopics(outDir: string, hub: string, published: readonly string[]): string[] {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(path.join(outDir, PENDING_FILE), 'utf8'));
  } catch {
    return [];
  }
  if (!isObject(record) || record.hub !== hub || !Array.isArray(record.topics)) return [];
  const live = new Set(published);
  return record.topics.filter((t): t is string => typeof t === 'string' && live.has(t));
}

/** Records the feeds `hub` has still not heard about (none: the record is removed). Best effort: a failure here only means no retry. */
export function savePendingTopics(outDir: string, hub: string, topics: readonly string[]): void {
  const file = path.join(outDir, PENDING_FILE);
  try {
    if (topics.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    // `.tmp`: what a killed write leaves is removed by the next command's recovery (src/publish/transaction.ts).
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ hub, topics: [...new Set(topics)] }, null, 2)}\n`);
    renameSync(tmp, file);
  } catch {
    /* the warning about the failed ping has been given; without the record, no retry */
  }
}

/** The public URLs of every feed document of a build. */
export function feedUrls(documents: readonly { format: string; url: string }[]): string[] {
  return documents.filter((d) => isFeedFormat(d.format)).map((d) => d.url);
}
