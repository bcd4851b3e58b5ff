/**
 * URLs where they come in (front matter, the registry, options): http or https, absolute
 * (after resolution against `base`, where one is given), and written the way feeds need them,
 * percent-encoded. Each problem is said in words the user can act on.
 */
export type UrlCheck = { ok: true; href: string } | { ok: false; problem: string };

export function checkUrl(text: string, base?: string): UrlCheck {
  const s = text.trim();
  if (!s) return { ok: false, problem: 'is empty' };
  if (/[\s<>"{}|\\^`\u0000-\u001F\u007F]/.test(s)) {
    return { ok: false, problem: `"${s}" contains a space or one of < > " { } | \\ ^ \` (write them percent-encoded, e.g. %20)` };
  }
  let u: URL;
  try {
    u = base ? new URL(s, base) : new URL(s);
  } catch {
    return { ok: false, problem: `"${s}" is not ${base ? 'a URL' : 'an absolute URL'}` };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, problem: `"${s}" is a ${u.protocol.slice(0, -1)}: URL; only http and https are published` };
  if (!u.hostname) return { ok: false, problem: `"${s}" has no host name` };
  return { ok: true, href: u.href };
}

/** An absolute http(s) URL, as feeds need for every link. */
export function isHttpUrl(s: string): boolean {
  return checkUrl(s).ok;
}

/**
 * `url` with query parameters added (an existing parameter of the same name is replaced):
 * tracking parameters for a partner's links. Never used on ids.
 */
export function withParams(url: string, params: readonly (readonly [string, string])[]): string {
  if (params.length === 0) return url;
  const u = new URL(url);
  for (const [k, v] of params) u.searchParams.set(k, v);
  return u.href;
}
