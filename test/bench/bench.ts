/**
 * `npm run bench`: build times and peak memory on generated archives, to show the cost
 * shape of DESIGN.md — a build reads every file's front matter but renders Markdown only
 * for what it publishes, so a large archive costs little more than a small one.
 *
 *   npm run bench                      # 1,000, 5,000 and 20,000 articles (about 18k, 88k and 356k files)
 *   npm run bench -- 200 1000          # other archive sizes
 *   BENCH_RUNS=3 npm run bench         # counted rounds per size against Hugo (default 1)
 *   BENCH_ARCHIVES=1 npm run bench     # with the sample registry's monthly archives (see benchProject)
 *
 * Each build runs in a fresh child process (`polyfeed build`), cold (first build into an
 * empty out/ and an empty render cache) and again unchanged (warm cache); peak RSS is the
 * child's max resident set size (GNU time).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join(ROOT, 'dist/src/cli/main.js');
const TAGS = ['en', 'ru', 'uk', 'be', 'ky', 'kk', 'uz-Latn', 'uz-Cyrl', 'tg', 'tk', 'tt', 'ba', 'ce', 'av', 'crh', 'az', 'hy', 'ka', 'fa', 'fa-AF', 'ps', 'sq', 'bs', 'sr-Latn', 'mk', 'cnr', 'ro-MD', 'bg', 'hu'];

/** A deterministic pseudo-random generator, so every run measures the same archive. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const PARAGRAPH = 'Kyrgyzstan has formally terminated a 1993 agreement on cooperation with the United States, a move that comes days after Bishkek protested a U.S. decision to grant a prestigious human rights award to an imprisoned activist. ';

export function generate(dir: string, articles: number): number {
  const random = rng(articles);
  let files = 0;
  for (let i = 0; i < articles; i++) {
    const id = `story-${String(i).padStart(5, '0')}`;
    mkdirSync(path.join(dir, id), { recursive: true });
    const day = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000 * 7).toISOString().replace('.000Z', '+00:00');
    const body = Array.from({ length: 12 }, (_, p) => `${PARAGRAPH.repeat(2)} *Paragraph ${p + 1}* of [story ${i}](/a/${id}.html).`).join('\n\n');
    writeFileSync(path.join(dir, id, 'en.md'), `---\ntitle: ${JSON.stringify(`Story ${i}: ${PARAGRAPH.slice(0, 60)}`)}\ndate: ${day}\ncategories: [kyrgyzstan, human-rights]\nauthors: [RFE/RL]\n---\n\n${body}\n`);
    files++;
    for (const tag of TAGS.slice(1)) {
      if (random() < 0.6) {
        writeFileSync(path.join(dir, id, `${tag}.md`), `---\ntitle: "Story ${i} (${tag})"\ntranslationOf: en\nsourceHash: 000000000000\n---\n\n${body} (${tag})\n`);
        files++;
      }
    }
  }
  return files;
}

/** The public feeds only (no agreements: the sample's would apply to the generated archive), as measured before partners existed. */
function timeBuild(content: string, out: string): { ms: number; maxRssMiB: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/env', ['bash', '-c', `command -v /usr/bin/time >/dev/null && exec /usr/bin/time -f '%M' "$@" || exec "$@"`, '_', process.execPath, BIN, 'build', '--content', content, '--out', out, '--locales', path.join(benchProject(), 'locales'), '--partners', path.join(path.dirname(out), 'no-partners'), '--now', '2026-01-01T00:00:00Z', '--cache', path.join(path.dirname(out), 'cache')], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr.slice(-2000)}`);
  const rssKb = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? NaN);
  return { ms, maxRssMiB: rssKb / 1024, stdout: r.stdout.trim() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

/**
 * The project vs-hugo builds: this one's code and locales, but without the sample registry's
 * monthly archives (Hugo's peer site writes the newest 50 items per language and no
 * archives; full-text archives of every month would be a different job). BENCH_ARCHIVES=1
 * keeps them, to measure what archives cost.
 */
let project: string | undefined;
function benchProject(): string {
  if (process.env.BENCH_ARCHIVES === '1') return ROOT;
  if (project) return project;
  const dir = path.join(os.tmpdir(), 'polyfeed-bench-project');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of ['dist', 'node_modules', 'package.json']) symlinkSync(path.join(ROOT, name), path.join(dir, name));
  cpSync(path.join(ROOT, 'locales'), path.join(dir, 'locales'), { recursive: true });
  const registryFile = path.join(dir, 'locales', 'registry.json');
  const registry = JSON.parse(readFileSync(registryFile, 'utf8')) as { feeds: Record<string, unknown> };
  delete registry.feeds.archives;
  writeFileSync(registryFile, JSON.stringify(registry, null, 2));
  return (project = dir);
}

/**
 * With Hugo and the shared side-by-side runner (../shared/bench/vs-hugo, next to this
 * repository), each size is measured against Hugo in the same run (cold, warm with nothing
 * changed, one edited original; ratios per round); without them, polyfeed alone.
 */
function main(): void {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const runs = process.env.BENCH_RUNS ?? '1';
  const vsHugo = path.join(ROOT, '..', 'shared', 'bench', 'vs-hugo');
  const hugo = spawnSync('bash', ['-c', 'command -v hugo'], { encoding: 'utf8' }).status === 0;
  console.log(`polyfeed bench — node ${process.version}, ${os.cpus().length} cores${existsSync('/usr/bin/time') ? '' : ' (install GNU time for peak memory)'}`);
  for (const articles of sizes.length ? sizes : [1000, 5000, 20000]) {
    if (hugo && existsSync(vsHugo)) {
      const r = spawnSync(vsHugo, ['--articles', String(articles), '--runs', runs, '--project', benchProject()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(r.stdout);
      if (r.status !== 0) process.exitCode = 1;
      continue;
    }
    const work = path.join(os.tmpdir(), 'polyfeed-bench');
    rmSync(work, { recursive: true, force: true });
    const content = path.join(work, 'content');
    const files = generate(content, articles);
    const out = path.join(work, 'out');
    const cold = timeBuild(content, out);
    const warm = timeBuild(content, out);
    const newest = path.join(content, `story-${String(articles - 1).padStart(5, '0')}`, 'en.md');
    writeFileSync(newest, `${readFileSync(newest, 'utf8')}\nCorrection: a sentence was added.\n`);
    const edit = timeBuild(content, out);
    const f = (t: { ms: number; maxRssMiB: number }) => `${(t.ms / 1000).toFixed(2)} s, peak ${t.maxRssMiB.toFixed(0)} MiB`;
    console.log(`${String(articles).padStart(6)} articles, ${String(files).padStart(6)} files: cold ${f(cold)}; unchanged ${f(warm)}; one edit ${f(edit)}`);
    rmSync(work, { recursive: true, force: true });
  }
}
