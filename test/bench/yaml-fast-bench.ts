/**
 * How much of a corpus the front matter fast path answers, and what a file's front matter
 * costs on each path:
 *
 *   npx tsc && node dist/test/bench/yaml-fast-bench.js content /tmp/yaml-corpus
 *
 * Every `.md` file below each folder is split as a build splits it; the fast path's answers
 * are checked against the full parser's (value and the position of every value and key),
 * and a few of the files it leaves are shown, so that a low hit rate says why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { splitFrontMatter } from '../../src/content/frontmatter.js';
import { parseSimpleYaml } from '../../src/util/yaml-fast.js';
import { parseYamlSource, type YamlSource } from '../../src/util/yaml-source.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Every path to a value in `value`, the root included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function agrees(fast: YamlSource, full: YamlSource): boolean {
  if (!isDeepStrictEqual(fast.value, full.value)) return false;
  return paths(full.value).every((p) =>
    isDeepStrictEqual(fast.locate(p), full.locate(p)) && isDeepStrictEqual(fast.locate(p, { key: true }), full.locate(p, { key: true })));
}

/**
 * Processor µs a file (not the clock's, which other work on the machine stretches), the best
 * of five loops over the files.
 */
function timePerFile(yamls: { yaml: string; offset: number }[], parse: (yaml: string, offset: number) => unknown): number {
  const rounds = Math.max(1, Math.ceil(20_000 / yamls.length));
  for (const { yaml, offset } of yamls) parse(yaml, offset); // warm up
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    const start = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const { yaml, offset } of yamls) parse(yaml, offset);
    const { user, system } = process.cpuUsage(start);
    best = Math.min(best, (user + system) / (rounds * yamls.length));
  }
  return best;
}

for (const dir of process.argv.slice(2)) {
  const yamls: { file: string; yaml: string; offset: number }[] = [];
  for (const file of markdownFiles(dir)) {
    const split = splitFrontMatter(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    if ('yaml' in split) yamls.push({ file, yaml: split.yaml, offset: split.yamlLine - 1 });
  }
  let hits = 0;
  let disagreements = 0;
  const misses: string[] = [];
  for (const { file, yaml, offset } of yamls) {
    const fast = parseSimpleYaml(yaml, offset);
    if (!fast) {
      if (misses.length < 3) misses.push(`${file}:\n${yaml}`);
      continue;
    }
    hits++;
    const full = parseYamlSource(yaml, offset);
    if (!fast.ok || !full.ok || !agrees(fast.source, full.source)) disagreements++;
  }
  const fastUs = timePerFile(yamls, (y, o) => parseSimpleYaml(y, o) ?? parseYamlSource(y, o));
  const fullUs = timePerFile(yamls, parseYamlSource);
  const rate = yamls.length ? (100 * hits) / yamls.length : 0;
  console.log(`${dir}: ${yamls.length} files, the fast path answers ${hits} (${rate.toFixed(2)} %), disagreeing with the full parser on ${disagreements}`);
  console.log(`  per file: fast path (falling back where it does not answer) ${fastUs.toFixed(1)} µs, full parser ${fullUs.toFixed(1)} µs`);
  for (const m of misses) console.log(`  left to the full parser: ${m.replace(/\n/g, '\n    ')}`);
}
