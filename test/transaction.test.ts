/**
 * Publishing is one transaction. A build killed with SIGKILL at any moment of its publish
 * (no cleanup runs) leaves a journal; the next polyfeed command finishes or undoes that
 * publish, so that out/ is wholly the old build or wholly the new one: every locale's
 * rss.xml, atom.xml and feed.json from the same build, the manifest too, and nothing of the
 * publish's own (journal, staging, backups, lock) left behind.
 */
import { expect } from 'chai';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { polyfeed } from './support/cli.js';
import { tempProject, type TempProject } from './support/fixtures.js';
import { runAndKill, type KilledRun } from './support/kill.js';
import { editTitles, generatedArticle, prng, ruleIds, sameState, stateDiff, stateEntries, stateOf, type State } from './support/publish.js';

const NOW = '2026-06-01T00:00:00Z';
const GENERATED = 200;
const KILLS = 20;
const FEEDS = ['rss.xml', 'atom.xml', 'feed.json'];
/** The kill delays are random; POLYFEED_TEST_SEED=<n> replays the same delays (the machine's timing still varies). */
const SEED = Number(process.env.POLYFEED_TEST_SEED ?? Date.now() % 1_000_000);

describe('transaction: a build killed at any moment of its publish leaves out/ wholly old or wholly new after the next command', function () {
  this.timeout(900_000);
  let p: TempProject;
  let oldOut: string;
  let oldState: State;
  let newState: State;
  /** Milliseconds from the lock (publish begins) to the journal (files begin to move), and from the journal to the exit. */
  let staging = 0;
  let moving = 0;
  const random = prng(SEED);
  const outcomes: { label: string; run: KilledRun; left: string[]; result: 'old' | 'new' }[] = [];
  const buildArgs = (out: string) => ['build', '--content', p.content, '--locales', p.locales, '--out', out, '--now', NOW];
  const stateFile = (name: string) => path.join(p.out, '.polyfeed', name);
  const resetOut = () => {
    rmSync(p.out, { recursive: true, force: true });
    cpSync(oldOut, p.out, { recursive: true, preserveTimestamps: true });
  };

  before(async function () {
    p = tempProject({ sampleContent: true });
    for (let i = 0; i < GENERATED; i++) p.write(`generated-${String(i).padStart(3, '0')}/en.md`, generatedArticle(i, `Generated story ${i}`));
    const first = polyfeed(buildArgs(p.out));
    expect(first.code, first.stderr).to.equal(0);
    oldState = stateOf(p.out);
    // Archives: the 200 generated stories fill the twelve months of 2025 in en and its four fallback locales; ru and uk have two months each.
    expect(oldState.size, '715 documents (87 locale and 315 category feeds, 222 archive files, pages, OPML, style sheets, _headers) and the manifest').to.equal(716);
    oldOut = path.join(p.dir, 'old-out');
    cpSync(p.out, oldOut, { recursive: true, preserveTimestamps: true });

    // The second build: every title edited, so that (nearly) every file changes.
    editTitles(p.content, '(v2)');
    const reference = path.join(p.dir, 'new-out');
    const full = polyfeed(buildArgs(reference));
    expect(full.code, full.stderr).to.equal(0);
    newState = stateOf(reference);
    expect([...newState.keys()].sort()).to.deep.equal([...oldState.keys()].sort());
    const changed = [...newState].filter(([f, b]) => !b.equals(oldState.get(f)!)).length;
    expect(changed, 'files whose bytes change with the edit').to.be.greaterThan(80);

    // How long the two phases of the publish take on this machine, to aim the kills.
    resetOut();
    const toLock = await runAndKill(buildArgs(p.out), { afterAppears: { file: stateFile('lock'), delayMs: Infinity } });
    resetOut();
    const toJournal = await runAndKill(buildArgs(p.out), { afterAppears: { file: stateFile('journal.json'), delayMs: Infinity } });
    expect(toLock.code, toLock.stderr).to.equal(0);
    expect(toJournal.appearedMs, 'the journal appears before the first file moves').to.be.a('number');
    moving = toJournal.elapsedMs - toJournal.appearedMs!;
    staging = Math.max(toLock.elapsedMs - toLock.appearedMs! - moving, 5);
  });
  after(() => {
    if (process.env.POLYFEED_TEST_VERBOSE) {
      console.log(`seed ${SEED}; staging ~${Math.round(staging)} ms, moving and exit ~${Math.round(moving)} ms`);
      for (const o of outcomes) console.log(`${o.label}: killed after ${Math.round(o.run.elapsedMs)} ms; left ${JSON.stringify(o.left)}; now wholly ${o.result}`);
    }
    p?.remove();
  });

  for (let k = 0; k < KILLS; k++) {
    const trigger = k % 2 === 0 ? 'lock' : 'journal.json';
    it(`kill ${k + 1} of ${KILLS}: SIGKILL at a random moment after out/.polyfeed/${trigger} appears`, async function () {
      const label = `kill ${k + 1} (seed ${SEED})`;
      let delayMs = random() * (trigger === 'lock' ? staging : moving);
      let run: KilledRun | undefined;
      // A build that finished before the kill landed was not killed: aim earlier.
      for (let attempt = 0; attempt < 6 && run?.signal !== 'SIGKILL'; attempt++, delayMs /= 3) {
        resetOut();
        run = await runAndKill(buildArgs(p.out), { afterAppears: { file: stateFile(trigger), delayMs } });
      }
      expect(run!.signal, `${label}: the build was killed (stderr: ${run!.stderr.slice(-300)})`).to.equal('SIGKILL');
      const left = stateEntries(p.out);

      // The next command (validate reads out/, so it recovers first).
      const next = polyfeed(['validate', p.out, '--locales', p.locales]);
      expect(next.code, `${label}: ${next.stderr}`).to.equal(0);
      if (left.includes('journal.json')) expect(ruleIds(next.stderr), `${label}: ${next.stderr}`).to.include('publish-recovered');

      const now = stateOf(p.out);
      // Every folder of feeds (a locale's, a category's; archive folders have other names, and are in the check below).
      for (const locale of new Set([...newState.keys()].filter((f) => !f.startsWith('.polyfeed') && f.includes('/') && path.basename(f) === FEEDS[0]).map((f) => path.dirname(f)))) {
        const from = FEEDS.map((f) => {
          const file = path.join(locale, f);
          return now.get(file)?.equals(newState.get(file)!) ? 'new' : now.get(file)?.equals(oldState.get(file)!) ? 'old' : 'neither';
        });
        expect(new Set(from).size === 1 && from[0] !== 'neither', `${label}: ${locale}'s ${FEEDS.join(', ')} are ${from.join(', ')}`).to.equal(true);
      }
      const isOld = sameState(now, oldState);
      const isNew = sameState(now, newState);
      expect(isOld || isNew, `${label}: out/ is neither wholly old (${stateDiff(now, oldState)}) nor wholly new (${stateDiff(now, newState)}); left before recovery: ${left.join(' ')}`).to.equal(true);
      expect(stateEntries(p.out), `${label}: no journal, staging, backup or lock left`).to.deep.equal(['manifest.json']);
      outcomes.push({ label, run: run!, left, result: isNew ? 'new' : 'old' });
    });
  }

  it('the kills hit both sides of the commit point: some publishes were undone, some completed from their journal', function () {
    const summary = outcomes.map((o) => `${o.result}${o.left.includes('journal.json') ? '+journal' : ''}`).join(' ');
    expect(outcomes.some((o) => o.result === 'old'), summary).to.equal(true);
    expect(outcomes.some((o) => o.result === 'new' && o.left.includes('journal.json')), summary).to.equal(true);
  });

  it('a later build succeeds: out/ holds exactly the new bytes, and .polyfeed/ only the manifest', function () {
    const r = polyfeed(buildArgs(p.out));
    expect(r.code, r.stderr).to.equal(0);
    const now = stateOf(p.out);
    expect(sameState(now, newState), stateDiff(now, newState)).to.equal(true);
    expect(stateEntries(p.out)).to.deep.equal(['manifest.json']);
  });
});
