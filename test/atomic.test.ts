/**
 * A build killed part-way (SIGKILL: no cleanup runs) leaves every feed in out/ whole: each
 * file has its complete old bytes or its complete new bytes, none is empty or cut short, and
 * no staging file is ever inside out/. Staging folders live beside out/; the next successful
 * build removes the ones killed builds left behind.
 */
import { expect } from 'chai';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { polyfeed } from './support/cli.js';
import { snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { runAndKill, type KilledRun } from './support/kill.js';

const NOW_A = '2026-01-01T00:00:00Z';
const NOW_B = '2026-06-01T00:00:00Z';
const GENERATED = 200;

type Bytes = Map<string, Buffer>;
const bytesOf = (dir: string): Bytes => new Map([...snapshot(dir)].map(([f, { bytes }]) => [f, bytes]));

/** Every entry below `dir`, files and folders, as relative paths. */
function allEntries(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      out.push(path.relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

function generatedArticle(i: number, title: string): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return `---\ntitle: ${title}\ndate: 2025-${month}-${day}T${String(i % 24).padStart(2, '0')}:15:00+06:00\nauthors: [RFE/RL]\ncategories: [kyrgyzstan]\n---\n\n` +
    `Paragraph one of generated story ${i}, with *emphasis* and a [link](/a/${i}.html).\n\n` +
    `Paragraph two: ${'Lorem ipsum dolor sit amet. '.repeat(20)}\n`;
}

describe('atomic publish: a build killed part-way leaves every feed whole', function () {
  this.timeout(300_000);
  let p: TempProject;
  let oldOut: string;
  let expectedOut: string;
  let oldBytes: Bytes;
  let newBytes: Bytes;
  let fullBuildMs: number;
  const buildArgs = (out: string, now: string) => ['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', out, '--now', now];

  before(function () {
    p = tempProject({ sampleContent: true });
    for (let i = 0; i < GENERATED; i++) p.write(`generated-${String(i).padStart(3, '0')}/en.md`, generatedArticle(i, `Generated story ${i}`));
    const first = polyfeed(buildArgs(p.out, NOW_A));
    expect(first.code, first.stderr).to.equal(0);
    oldBytes = bytesOf(p.out);
    expect(oldBytes.size).to.equal(87);
    oldOut = path.join(p.dir, 'old-out');
    cpSync(p.out, oldOut, { recursive: true });

    // Edit every title of every file.
    for (const id of readdirSync(p.content)) {
      for (const f of readdirSync(path.join(p.content, id))) {
        const file = path.join(p.content, id, f);
        const text = readFileSync(file, 'utf8');
        const edited = text.replace(/^title: (.*)$/m, 'title: $1 (v2)');
        expect(edited, file).not.to.equal(text);
        writeFileSync(file, edited);
      }
    }

    // The new bytes: a full build of the edited content into a folder of its own, timed.
    expectedOut = path.join(p.dir, 'expected-out');
    const t0 = process.hrtime.bigint();
    const full = polyfeed(buildArgs(expectedOut, NOW_B));
    fullBuildMs = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(full.code, full.stderr).to.equal(0);
    newBytes = bytesOf(expectedOut);
    expect([...newBytes.keys()].sort()).to.deep.equal([...oldBytes.keys()].sort());
    const changed = [...newBytes].filter(([f, b]) => !b.equals(oldBytes.get(f)!)).length;
    expect(changed, 'files whose bytes change with the edit').to.be.greaterThan(80);
  });
  after(() => p?.remove());

  const resetOut = () => {
    rmSync(p.out, { recursive: true, force: true });
    cpSync(oldOut, p.out, { recursive: true });
  };

  const states: string[] = [];

  /** out/ holds exactly the 87 feeds, each with its complete old or complete new bytes. */
  const expectWhole = (run: KilledRun, label: string) => {
    const entries = allEntries(p.out);
    const dirs = entries.filter((e) => !e.includes(path.sep));
    expect(dirs.sort(), `${label}: folders in out/`).to.deep.equal([...new Set([...oldBytes.keys()].map((f) => f.split(path.sep)[0]!))].sort());
    expect(entries.filter((e) => e.includes(path.sep)), `${label}: files in out/ (no staging or temporary file)`).to.deep.equal([...oldBytes.keys()].sort());
    let oldCount = 0;
    let newCount = 0;
    for (const [file, bytes] of bytesOf(p.out)) {
      expect(bytes.length, `${label}: ${file} is empty`).to.be.greaterThan(0);
      const isOld = bytes.equals(oldBytes.get(file)!);
      const isNew = bytes.equals(newBytes.get(file)!);
      expect(isOld || isNew, `${label}: ${file} is neither the old nor the new bytes (${bytes.length} bytes)`).to.equal(true);
      if (isNew && !isOld) newCount++;
      else if (isOld && !isNew) oldCount++;
    }
    // Staging folders are beside out/, named after the out folder and the build's process id.
    const beside = readdirSync(p.dir).filter((n) => n.includes('polyfeed-staging'));
    for (const n of beside) expect(n, `${label}: staging folder beside out/`).to.match(/^\.out\.polyfeed-staging-\d+$/);
    states.push(`${label}: ${run.signal ?? `exit ${run.code}`} after ${Math.round(run.elapsedMs)} ms, ${oldCount} old + ${newCount} new`);
  };

  it(`the setup: a full build of ${GENERATED + 2} articles takes long enough to be killed part-way`, function () {
    expect(fullBuildMs).to.be.greaterThan(200);
  });

  for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    it(`killed at ${Math.round(fraction * 100)}% of a full build's time`, async function () {
      resetOut();
      const run = await runAndKill(buildArgs(p.out, NOW_B), { afterMs: fullBuildMs * fraction });
      expectWhole(run, `${fraction * 100}%`);
    });
  }

  // Aimed at the moment files are moved into out/: killed after the first, 5th, 30th, 80th
  // change seen inside out/.
  for (const count of [1, 5, 30, 80]) {
    it(`killed while moving files into out/ (after ${count} change${count === 1 ? '' : 's'})`, async function () {
      resetOut();
      const run = await runAndKill(buildArgs(p.out, NOW_B), { afterEvents: { watchDir: p.out, count } });
      expectWhole(run, `event ${count}`);
    });
  }

  it('a later build succeeds, out/ has exactly the new bytes and no staging folder remains', function () {
    const r = polyfeed(buildArgs(p.out, NOW_B));
    expect(r.code, r.stderr).to.equal(0);
    const now = bytesOf(p.out);
    expect([...now.keys()].sort()).to.deep.equal([...newBytes.keys()].sort());
    for (const [file, bytes] of newBytes) expect(now.get(file)!.equals(bytes), file).to.equal(true);
    expect(readdirSync(p.dir).filter((n) => n.includes('polyfeed-staging')), 'staging folders beside out/').to.deep.equal([]);
    expect(allEntries(p.out).filter((e) => path.basename(e).startsWith('.')), 'hidden files in out/').to.deep.equal([]);
    // What the kills hit (old and new files after each kill), on request.
    if (process.env.POLYFEED_TEST_VERBOSE) console.log(states.join('\n'));
  });
});
