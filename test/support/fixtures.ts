/** Throwaway projects: the real locale registry and strings, and content written by the test. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

export interface TempProject {
  dir: string;
  content: string;
  locales: string;
  /** `<dir>/partners`: absent unless a test writes agreements there (so the repository's sample agreements are never read). */
  partners: string;
  out: string;
  /** Writes `content/<id>/<locale>.md`. */
  write(relPath: string, text: string | Buffer): void;
  remove(): void;
}

export function tempProject(options: { sampleContent?: boolean } = {}): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-test-'));
  const content = path.join(dir, 'content');
  const locales = path.join(dir, 'locales');
  cpSync(path.join(ROOT, 'locales'), locales, { recursive: true });
  if (options.sampleContent) cpSync(path.join(ROOT, 'content'), content, { recursive: true });
  else mkdirSync(content);
  return {
    dir,
    content,
    locales,
    partners: path.join(dir, 'partners'),
    out: path.join(dir, 'out'),
    write(relPath, text) {
      const file = path.join(content, relPath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Every file below `dir` with its bytes and modification time, keyed by relative path.
 * `dir/.polyfeed/` (polyfeed's own bookkeeping in out/: its manifest) is left out unless
 * `{ state: true }`: the published output is the rest.
 */
export function snapshot(dir: string, options: { state?: boolean } = {}): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const result = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (d === dir && name === '.polyfeed' && !options.state) continue;
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else result.set(path.relative(dir, p), { bytes: readFileSync(p), mtimeMs: st.mtimeMs });
    }
  };
  try {
    walk(dir);
  } catch {
    /* no folder: empty snapshot */
  }
  return result;
}

/** A minimal original article. */
export function article(fields: Record<string, string>, body = 'Body text.\n'): string {
  const fm = Object.entries({ title: 'A title', date: '2024-05-01T10:00:00+02:00', ...fields })
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\n${fm}\n---\n\n${body}`;
}

/**
 * A locales folder with only some of the registry's locales (fallback chains and related lists cut to them),
 * for fast in-memory builds. Returns its path.
 */
export function smallLocales(tags: string[], edit?: (registry: { feeds: Record<string, unknown>; locales: Record<string, Record<string, unknown>> }) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-locales-'));
  const registry = JSON.parse(readFileSync(path.join(ROOT, 'locales/registry.json'), 'utf8'));
  const locales: Record<string, Record<string, unknown>> = {};
  for (const tag of tags) {
    const l = registry.locales[tag];
    locales[tag] = { ...l, fallback: (l.fallback as string[]).filter((t) => tags.includes(t)) };
    if (Array.isArray(l.related)) locales[tag]!.related = (l.related as string[]).filter((t) => tags.includes(t));
    cpSync(path.join(ROOT, 'locales', tag), path.join(dir, tag), { recursive: true });
  }
  registry.locales = locales;
  edit?.(registry);
  writeFileSync(path.join(dir, 'registry.json'), JSON.stringify(registry, null, 2));
  return dir;
}
