/** Helpers for the tests of publishing: whole states of out/, rule ids in stderr, projects whose every file changes. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { snapshot } from './fixtures.js';

/** Every file of out/, `.polyfeed/` included, with its bytes. */
export type State = Map<string, Buffer>;

export function stateOf(out: string): State {
  return new Map([...snapshot(out, { state: true })].map(([f, { bytes }]) => [f, f === '.polyfeed/manifest.json' ? manifestHashes(bytes) : bytes]));
}

/**
 * The manifest as the files and hashes it names: it also records each file's size, time and
 * inode (so an unchanged file need not be read), which differ from one build to the next.
 */
function manifestHashes(bytes: Buffer): Buffer {
  const files = (JSON.parse(bytes.toString('utf8')) as { files: Record<string, string | unknown[]> }).files;
  return Buffer.from(JSON.stringify(Object.entries(files).map(([p, v]) => [p, Array.isArray(v) ? v[0] : v])));
}

/** Whether `a` and `b` hold the same files with the same bytes. */
export function sameState(a: State, b: State): boolean {
  return a.size === b.size && [...a].every(([f, bytes]) => b.get(f)?.equals(bytes) === true);
}

/** For an assertion message: how `now` differs from `want`. */
export function stateDiff(now: State, want: State): string {
  const missing = [...want.keys()].filter((f) => !now.has(f));
  const extra = [...now.keys()].filter((f) => !want.has(f));
  const differing = [...want.keys()].filter((f) => now.has(f) && !now.get(f)!.equals(want.get(f)!));
  return `missing ${JSON.stringify(missing.slice(0, 5))}, extra ${JSON.stringify(extra.slice(0, 5))}, differing ${differing.length} ${JSON.stringify(differing.slice(0, 5))}`;
}

/** The rule ids printed at the end of `…: error: …` and `…: warning: …` lines. */
export function ruleIds(stderr: string): string[] {
  // What the publish said: the content's translation gaps (one summary warning) are not its business.
  return [...stderr.matchAll(/^\S.*?: (?:error|warning): .* \[([a-z0-9-]+)\]$/gm)].map((m) => m[1]!).filter((id) => id !== 'translations-incomplete');
}

/** Entries of `out/.polyfeed/` (sorted); none when the folder is absent. */
export function stateEntries(out: string): string[] {
  try {
    return readdirSync(path.join(out, '.polyfeed')).sort();
  } catch {
    return [];
  }
}

/** A generated original: long enough that 200 of them make feeds of some size. */
export function generatedArticle(i: number, title: string): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return `---\ntitle: ${title}\ndate: 2025-${month}-${day}T${String(i % 24).padStart(2, '0')}:15:00+06:00\nauthors: [RFE/RL]\ncategories: [kyrgyzstan]\n---\n\n` +
    `Paragraph one of generated story ${i}, with *emphasis* and a [link](/a/${i}.html).\n\n` +
    `Paragraph two: ${'Lorem ipsum dolor sit amet. '.repeat(20)}\n`;
}

/** Appends `suffix` to the title of every content file, so that every feed changes. */
export function editTitles(contentDir: string, suffix: string): void {
  for (const id of readdirSync(contentDir)) {
    for (const f of readdirSync(path.join(contentDir, id))) {
      const file = path.join(contentDir, id, f);
      const text = readFileSync(file, 'utf8');
      const edited = text.replace(/^title: (.*)$/m, `title: $1 ${suffix}`);
      if (edited === text) throw new Error(`no title in ${file}`);
      writeFileSync(file, edited);
    }
  }
}

/** A small deterministic PRNG (mulberry32), so that "random" kill moments can be replayed from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
