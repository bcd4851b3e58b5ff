/**
 * The parts of HTTP that `polyfeed serve` decides on, as pure functions of header values:
 * which file a request path names (or why it names none), which content coding to send,
 * and whether a conditional request is answered with 304.
 */

export type ParsedPath =
  | { ok: true; segments: string[]; trailingSlash: boolean; query: string }
  | { ok: false; status: 400 | 404; reason: string };

/**
 * Turns a request target into decoded path segments below out/. Anything that could name a
 * file outside out/ — `..` (however encoded), an encoded `/` or `\`, a backslash, NUL or
 * another control character, bad percent-encoding — is a 400; empty segments (`//`) and
 * names starting with a dot (`.polyfeed/`, `.env`, staging folders) are a 404.
 */
export function parseRequestPath(target: string): ParsedPath {
  let rest = target;
  // absolute-form (RFC 9112 3.2.2): a server must accept it; only the path matters here.
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length) || '/';
  if (!rest.startsWith('/')) return bad(400, 'the request target is not a path');
  const q = rest.search(/[?#]/);
  const query = q >= 0 && rest[q] === '?' ? rest.slice(q).replace(/#.*$/s, '') : '';
  const raw = q >= 0 ? rest.slice(0, q) : rest;
  if (raw.includes('\\')) return bad(400, 'a backslash in the path');
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) return bad(400, 'bad percent-encoding');
  if (/%(?:2f|5c|00)/i.test(raw)) return bad(400, 'an encoded slash, backslash or NUL in the path');
  const parts = raw.split('/').slice(1);
  const trailingSlash = parts[parts.length - 1] === '';
  if (trailingSlash) parts.pop();
  const segments: string[] = [];
  for (const part of parts) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return bad(400, 'bad percent-encoding');
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f/\\]/.test(s)) return bad(400, 'a control character or separator in the path');
    if (s === '.' || s === '..') return bad(400, 'a dot segment in the path');
    if (s === '') return bad(404, 'an empty path segment');
    if (s.startsWith('.')) return bad(404, 'a hidden file or folder');
    segments.push(s);
  }
  return { ok: true, segments, trailingSlash, query };
}

function bad(status: 400 | 404, reason: string): ParsedPath {
  return { ok: false, status, reason };
}

/** The path of `segments` as a URL path, each segment percent-encoded again. */
export function encodePath(segments: readonly string[], trailingSlash: boolean): string {
  return '/' + segments.map(encodeURIComponent).join('/') + (trailingSlash && segments.length > 0 ? '/' : '');
}

export type Coding = 'br' | 'gzip' | 'identity';

/**
 * Chooses the content coding from Accept-Encoding (RFC 9110 12.5.3): the highest q-value
 * wins, ties go to br, then gzip, then identity. No header, or an empty one, means
 * identity. identity is acceptable unless `identity;q=0`, or `*;q=0` without an identity
 * entry, excludes it. `null` when nothing acceptable is left (the answer is 406). Not
 * `compressible`: identity, or null if the client refuses it.
 */
export function chooseCoding(header: string | undefined, compressible: boolean): Coding | null {
  if (header === undefined || header.trim() === '') return 'identity';
  const q = new Map<string, number>();
  for (const item of header.split(',')) {
    const [name, ...params] = item.split(';').map((p) => p.trim());
    if (!name) continue;
    let weight = 1;
    let valid = true;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (!m) continue;
      weight = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(m[1]!) ? Number(m[1]) : NaN;
      if (Number.isNaN(weight)) valid = false;
    }
    if (!valid) continue;
    const coding = name.toLowerCase() === 'x-gzip' ? 'gzip' : name.toLowerCase();
    // The first entry for a coding counts (a repeated one is ambiguous; keep the earlier).
    if (!q.has(coding)) q.set(coding, weight);
  }
  const star = q.get('*');
  // A coding the client names (or `*` covers) competes by its q-value, ties going to br, then
  // gzip; identity competes only when named. Unnamed, it is the fallback: acceptable unless
  // `*;q=0` excludes it, but never preferred to a coding the client asked for.
  let best: Coding | null = null;
  let bestWeight = 0;
  for (const c of compressible ? (['br', 'gzip'] as const) : []) {
    const w = q.get(c) ?? star ?? 0;
    if (w > bestWeight) {
      best = c;
      bestWeight = w;
    }
  }
  const identity = q.get('identity');
  if (identity !== undefined) return identity > bestWeight ? 'identity' : best;
  if (best) return best;
  return star === 0 ? null : 'identity';
}

/**
 * If-None-Match (RFC 9110 13.1.2): `*`, or a list of entity tags compared weakly (`W/"x"`
 * matches `"x"`) with the ETag of the representation that would be sent.
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  const tags = header.match(/(?:W\/)?"[^"]*"/g) ?? [];
  return tags.some((t) => t.replace(/^W\//, '') === opaque);
}

/**
 * If-Modified-Since (RFC 9110 13.1.3), used only when there is no If-None-Match: true when
 * the file has not changed since that date (HTTP dates have whole seconds). An unparsable
 * date, or one in the future, is ignored.
 */
export function notModifiedSince(header: string, mtimeMs: number, nowMs: number): boolean {
  const since = Date.parse(header);
  if (Number.isNaN(since) || since > nowMs) return false;
  return Math.floor(mtimeMs / 1000) * 1000 <= since;
}
