/**
 * `out/_headers`: the media type (and cache policy) of every file a build publishes, in the
 * format Netlify and Cloudflare Pages read from the root of a deploy. Static hosts guess a
 * type from the extension and get feeds wrong (`rss.xml` as `text/xml` or
 * `application/xml`, `feed.json` as `application/json`); this says what `polyfeed serve`
 * says, from the same `mediaTypeOf`.
 *
 * Rules use one `*` each at most (Cloudflare allows no more, and at most 100 rules). The two
 * hosts read `*` differently — Netlify within one path segment, Cloudflare across `/` — so a
 * rule with `*` is only used when it matches the same published files either way. Both read
 * a `:placeholder` as exactly one segment, so nested files of one kind in many folders
 * (`/:a/categories/:b/rss.xml`) take one rule, not one per folder. No file is matched by two
 * Content-Type rules (both hosts would join the two values with a comma).
 */
import { cacheControlOf } from './policy.js';

export const HEADERS_FILE = '_headers';

interface Candidate {
  pattern: string;
  /** 0: the first segment (the locale) is the splat; 1: folders are placeholders; 2: the file name is the splat; 3: the exact path. */
  kind: number;
  /** Files it matches when `*` stays within one segment (Netlify). */
  narrow: Set<string>;
  /** Files it matches when `*` crosses `/` (Cloudflare). */
  broad: Set<string>;
}

/** `dirs` joined with `/`, once as they are and then with every non-empty set of them as `:a`, `:b` … (in that order). */
function placeheld(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (let mask = 0; mask < 1 << dirs.length; mask++) {
    let n = 0;
    out.push(dirs.map((d, i) => (mask & (1 << i) ? `:${String.fromCharCode(97 + n++)}` : d)).join('/'));
  }
  return out;
}

/**
 * The text of `_headers` for the published files `paths` (relative to out/, `/`-separated).
 * Pure: the same paths give the same bytes, in any order.
 */
export function headersFile(paths: readonly string[], mediaTypeOf: (relPath: string) => string | undefined): string {
  const files = [...new Set(paths)].filter((p) => p !== HEADERS_FILE && !p.split('/').some((s) => s === '' || s.startsWith('.'))).sort();
  const typeOf = new Map(files.map((p) => [p, mediaTypeOf(p)]));
  const candidates = new Map<string, Candidate>();
  const add = (pattern: string, kind: number, file: string, narrow: boolean) => {
    let c = candidates.get(pattern);
    if (!c) candidates.set(pattern, (c = { pattern, kind, narrow: new Set(), broad: new Set() }));
    c.broad.add(file);
    if (narrow) c.narrow.add(file);
  };
  for (const file of files) {
    const segs = file.split('/');
    const name = segs[segs.length - 1]!;
    // `/*/<rest>`: Netlify's splat is the first segment; Cloudflare's is any run of segments.
    for (let i = 1; i < segs.length; i++) add(`/*/${segs.slice(i).join('/')}`, 0, file, i === 1);
    // `/<dir>/*<suffix>`: the splat is the start of the file name (Cloudflare: or anything below dir).
    // Folders of dir may be `:placeholders` too (`/:a/archive/*.json`: every locale's archives, whatever the months).
    const suffixes = [...name.matchAll(/\./g)].map((m) => name.slice(m.index)).filter((s) => s.length < name.length);
    for (let d = 0; d < segs.length; d++) {
      const rest = segs.slice(d);
      for (const dir of d <= 4 ? placeheld(segs.slice(0, d)) : [segs.slice(0, d).join('/')]) {
        for (const suffix of suffixes) add(`/${dir ? `${dir}/` : ''}*${suffix}`, 2, file, rest.length === 1);
      }
    }
    // Some folders as `:placeholders` (one segment on both hosts); at most four folders deep.
    const dirs = segs.slice(0, -1);
    if (dirs.length <= 4) for (const parts of placeheld(dirs).slice(1)) add(`/${parts ? `${parts}/` : ''}${name}`, 1, file, true);
    add(`/${file}`, 3, file, true);
  }

  // Usable: the same files either way, all of one media type (one that is sent at all).
  const usable = [...candidates.values()].filter((c) => {
    if (c.narrow.size !== c.broad.size) return false;
    const types = new Set([...c.narrow].map((f) => typeOf.get(f)));
    return types.size === 1 && !types.has(undefined);
  });
  // The widest first; of equals, the kind order above, then the fewest placeholders.
  const holes = (c: Candidate) => c.pattern.split(':').length;
  usable.sort((a, b) => b.narrow.size - a.narrow.size || a.kind - b.kind || holes(a) - holes(b) || (a.pattern < b.pattern ? -1 : 1));
  const covered = new Set<string>();
  const rules: { pattern: string; type: string }[] = [];
  for (const c of usable) {
    if ([...c.narrow].some((f) => covered.has(f))) continue;
    for (const f of c.narrow) covered.add(f);
    rules.push({ pattern: c.pattern, type: typeOf.get([...c.narrow][0]!)! });
  }
  rules.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));

  const lines = [
    '# Written by polyfeed build: media types and cache policy of the files in this folder,',
    '# for Netlify and Cloudflare Pages. The same as `polyfeed serve` sends.',
    '/*',
    '  X-Content-Type-Options: nosniff',
  ];
  for (const r of rules) {
    lines.push('', r.pattern, `  Content-Type: ${r.type}`, `  Cache-Control: ${cacheControlOf(r.type)}`);
  }
  return lines.join('\n') + '\n';
}
