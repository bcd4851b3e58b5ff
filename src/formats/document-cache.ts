/**
 * Documents of earlier builds, by the fingerprint of everything that went into them: a plan
 * whose inputs did not change is neither rendered, serialized nor checked again; its bytes
 * come from the previous build. Only an optimisation, like the build index: a missing or
 * damaged entry is made again, and entries no build uses any more are removed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { error, PolyfeedError, reviveMessage, storeMessage, type Diagnostic, type StoredMessage } from '../diagnostics.js';
import { itemsShown, type Plan, type PlanItem } from '../plan/plan.js';

export interface CachedDocuments {
  /** SHA-256 of each document's bytes, by row name. */
  digests: Record<string, string>;
  /** The text of one of them, read (and decompressed) only when asked for. */
  text(kind: string): string;
}

export interface DocumentCache {
  /** A plan's documents from an earlier build made from the same inputs, if any. */
  get(fingerprint: string): CachedDocuments | undefined;
  put(fingerprint: string, texts: Record<string, string>, digests: Record<string, string>): void;
  /** Removes the entries this build did not use. */
  prune(): void;
}

/**
 * Entries unused by a build are removed only once no build has used them for this long: a
 * build reads the texts it reuses when it publishes, and another build with the same cache
 * folder (a watcher beside a manual build, two checkouts sharing node_modules) must not
 * remove them in between.
 */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/** Entries whose texts are kept decompressed at once: a publish reads a plan's formats one after another. */
const RECENT_ENTRIES = 8;

export function openDocumentCache(dir: string): DocumentCache {
  const used = new Set<string>();
  // The texts of the entries read last (not of every entry read: at 5k with archives, gigabytes).
  const recent = new Map<string, Record<string, string>>();
  const textsOf = (fp: string): Record<string, string> => {
    let texts = recent.get(fp);
    if (texts) recent.delete(fp);
    else texts = JSON.parse(gunzipSync(readFileSync(body(fp))).toString('utf8')) as Record<string, string>;
    recent.set(fp, texts);
    if (recent.size > RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
    return texts;
  };
  const meta = (fp: string) => path.join(dir, `${fp}.json`);
  const body = (fp: string) => path.join(dir, `${fp}.texts.gz`);
  return {
    get(fp) {
      used.add(fp);
      try {
        const v = JSON.parse(readFileSync(meta(fp), 'utf8')) as { fingerprint?: unknown; digests?: unknown; size?: unknown };
        if (v.fingerprint !== fp || typeof v.digests !== 'object' || v.digests === null) return undefined;
        const digests = v.digests as Record<string, string>;
        if (!Object.values(digests).every((d) => typeof d === 'string' && /^[0-9a-f]{64}$/.test(d))) return undefined;
        // The texts are read only if the publish needs them; a file of another size is damaged.
        if (statSync(body(fp)).size !== v.size) return undefined;
        // In use: no other build prunes it for the next hour.
        const now = new Date();
        utimesSync(meta(fp), now, now);
        utimesSync(body(fp), now, now);
        return {
          digests,
          text(kind) {
            let t: unknown;
            try {
              t = textsOf(fp)[kind];
            } catch {
              /* damaged: below */
            }
            if (typeof t !== 'string' || createHash('sha256').update(t).digest('hex') !== digests[kind]) throw new CacheDamaged(dir);
            return t;
          },
        };
      } catch {
        return undefined;
      }
    },
    put(fp, texts, digests) {
      used.add(fp);
      try {
        mkdirSync(dir, { recursive: true });
        // The texts first, then the entry that points at them: a half-written entry is never found.
        const gz = gzipSync(JSON.stringify(texts), { level: 1 });
        writeAtomic(body(fp), gz);
        writeAtomic(meta(fp), JSON.stringify({ fingerprint: fp, digests, size: gz.length }));
      } catch {
        /* a read-only or full disk: build without the cache */
      }
    },
    prune() {
      try {
        const before = Date.now() - PRUNE_AFTER_MS;
        for (const name of readdirSync(dir)) {
          if (used.has(name.replace(/\.(json|texts\.gz)$/, ''))) continue;
          const file = path.join(dir, name);
          try {
            if (statSync(file).mtimeMs < before) rmSync(file, { force: true });
          } catch {
            /* removed meanwhile */
          }
        }
      } catch {
        /* nothing to prune */
      }
    },
  };
}

/**
 * A text the cache promised cannot be read back (its bytes were changed in place): the build
 * that reused it must be made again without the cache's documents (`polyfeed build` does so, once).
 */
export class CacheDamaged extends PolyfeedError {
  constructor(readonly dir: string) {
    super([error('cache-damaged', 'a document stored in the cache folder was changed since it was written', {
      file: dir, hint: `Build again with --no-cache, or delete ${dir}: it is only an optimisation.`,
    })]);
  }
}

/** Forgets every document of earlier builds (after a CacheDamaged): the next build makes them all. */
export function forgetDocuments(cacheDir: string): void {
  rmSync(path.join(cacheDir, 'documents'), { recursive: true, force: true });
  rmSync(path.join(cacheDir, 'last-build.json'), { force: true });
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Everything a plan's documents are made of: the plan's kind and scope, and for each item the
 * file of the version shown (by its version key), what a translation inherits from its
 * original, and the language, URL and title of each version it links to; with `global`
 * (registry, strings, code, options), and the RFC 5005 links of a feed with archives. An edit
 * to one article's body changes only the fingerprints of the plans that show that version.
 */
export function planFingerprint(plan: Plan, global: string, otherLanguages: readonly string[]): string {
  const hash = createHash('sha256').update(global).update('\u0000')
    .update(JSON.stringify([plan.kind, plan.scope, 'idScope' in plan ? plan.idScope : null, plan.locale.tag, otherLanguages]))
    // RFC 5005 links: an archive's neighbours in the chain, a locale feed's newest archive.
    .update(JSON.stringify('history' in plan ? plan.history ?? null : null));
  for (const item of itemsShown(plan)) hash.update(itemPart(item));
  return hash.digest('hex').slice(0, 32);
}

/**
 * An item's part of the fingerprints (a digest of what it shows), made once a build: a
 * locale's feed, its category feeds, its page and the site share their item objects (one
 * selection per locale). A digest, not the text: at 5k articles the texts of the items of
 * every category feed would be a hundred megabytes.
 */
const itemParts = new WeakMap<PlanItem, string>();

function itemPart(item: PlanItem): string {
  let part = itemParts.get(item);
  if (part === undefined) {
    const v = item.version;
    const o = item.article.original;
    part = createHash('sha256').update(JSON.stringify([
      v.file.entry.key, v.locale.tag, item.isFallback,
      v.isOriginal ? null : [o.date, o.updated, o.authors, o.categories, o.image],
      item.alternates.map((a) => [a.locale.tag, a.url, a.title]),
    ])).digest('base64');
    itemParts.set(item, part);
  }
  return part;
}

/** The parts of a built document that say what and where it is (everything but its text). */
export interface DocumentMeta {
  kind: string;
  format: string;
  locale: string;
  path: string;
  url: string;
  mediaType: string;
  rank: number;
  /** `partner`: a partner's own feed (out/partners/<partner-id>/…), listed on no public page. */
  audience: 'public' | 'partner';
  /** The partner id, for a partner's feed. */
  partner?: string;
  digest: string;
}

interface StoredSummary {
  key: string;
  window: [number | null, number | null];
  documents: (DocumentMeta & { fingerprint: string })[];
  diagnostics: StoredMessage[];
}

export interface BuildSummaries {
  /** The last build's documents (texts read on demand) and messages, if it had the same key and `now` selects the same items. */
  reuse(key: string, now: number): { documents: (DocumentMeta & { readonly text: string })[]; diagnostics: Diagnostic[] } | undefined;
  save(key: string, window: [number, number], documents: readonly (DocumentMeta & { fingerprint: string })[], diagnostics: readonly Diagnostic[]): void;
}

/** The last successful build, in the cache folder: a warm build with nothing changed is a lookup. */
export function buildSummaries(cacheDir: string): BuildSummaries {
  const file = path.join(cacheDir, 'last-build.json');
  const docs = openDocumentCache(path.join(cacheDir, 'documents'));
  return {
    reuse(key, now) {
      let s: StoredSummary;
      try {
        s = JSON.parse(readFileSync(file, 'utf8')) as StoredSummary;
      } catch {
        return undefined;
      }
      const [lo, hi] = s.window ?? [];
      if (s.key !== key || !Array.isArray(s.documents) || !Array.isArray(s.diagnostics)) return undefined;
      if (!((lo ?? -Infinity) <= now && now < (hi ?? Infinity))) return undefined;
      const cached = new Map<string, CachedDocuments>();
      for (const d of s.documents) {
        const c = cached.get(d.fingerprint) ?? docs.get(d.fingerprint);
        if (!c || c.digests[d.kind] !== d.digest) return undefined;
        cached.set(d.fingerprint, c);
      }
      const documents = s.documents.map(({ fingerprint, ...meta }) => {
        const c = cached.get(fingerprint)!;
        return { ...meta, get text() { return c.text(meta.kind); } };
      });
      return { documents, diagnostics: s.diagnostics.map(reviveMessage) };
    },
    save(key, window, documents, diagnostics) {
      const summary: StoredSummary = {
        key,
        window: [Number.isFinite(window[0]) ? window[0] : null, Number.isFinite(window[1]) ? window[1] : null],
        documents: documents.map((d) => ({
          kind: d.kind, format: d.format, locale: d.locale, path: d.path, url: d.url, mediaType: d.mediaType, rank: d.rank,
          audience: d.audience, ...(d.partner ? { partner: d.partner } : {}), digest: d.digest, fingerprint: d.fingerprint,
        })),
        diagnostics: diagnostics.map(storeMessage),
      };
      try {
        writeAtomic(file, JSON.stringify(summary));
      } catch {
        /* the next build does the work again */
      }
    },
  };
}
