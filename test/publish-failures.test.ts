/**
 * When the file system refuses part-way, the publish is undone and the message is true:
 * an immutable folder (chattr +i), a full disk (a small tmpfs), and another build holding
 * the lock. out/ on a mount point of its own publishes normally (staging is inside out/).
 * The immutable and tmpfs cases need root; they are skipped, with the reason, otherwise.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, ftruncateSync, fstatSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { polyfeed } from './support/cli.js';
import { article, smallLocales, snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { runAndKill } from './support/kill.js';
import { editTitles, ruleIds, sameState, stateDiff, stateEntries, stateOf, type State } from './support/publish.js';
import { expectNoStackTrace } from './support/stderr.js';

const NOW = '2026-06-01T00:00:00Z';

/** Bytes and modification times of every file of out/, `.polyfeed/` included. */
function expectUnchanged(out: string, before: ReturnType<typeof snapshot>, label: string): void {
  const after = snapshot(out, { state: true });
  expect([...after.keys()].sort(), `${label}: files in out/`).to.deep.equal([...before.keys()].sort());
  for (const [file, { bytes, mtimeMs }] of before) {
    expect(after.get(file)!.bytes.equals(bytes), `${label}: ${file}: bytes`).to.equal(true);
    expect(after.get(file)!.mtimeMs, `${label}: ${file}: modification time`).to.equal(mtimeMs);
  }
}

/** Runs a root-only setup command; a refusal skips the suite with the reason. */
function rootCommand(ctx: Mocha.Context, what: string, command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.log(`      (skipped: ${what} is not possible here: ${r.error?.message ?? r.stderr.trim()})`);
    ctx.skip();
  }
}

describe('an immutable folder in out/ (chattr +i): a rename refused part-way is undone', function () {
  this.timeout(300_000);
  let p: TempProject;
  let en: string;
  let immutable = false;
  let newState: State;

  before(function () {
    p = tempProject({ sampleContent: true });
    en = path.join(p.out, 'en');
    const first = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', NOW]);
    expect(first.code, first.stderr).to.equal(0);
    editTitles(p.content, '(v2)');
    const reference = path.join(p.dir, 'new-out');
    const full = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', reference, '--now', NOW]);
    expect(full.code, full.stderr).to.equal(0);
    newState = stateOf(reference);
    rootCommand(this, 'chattr +i', 'chattr', ['+i', en]);
    immutable = true;
  });
  after(() => {
    if (immutable) spawnSync('chattr', ['-i', en]);
    p?.remove();
  });

  it('the build exits 1; out/ is byte for byte as before, modification times too; the one error is the permission refusal', function () {
    const before = snapshot(p.out, { state: true });
    // Feeds published before en/ in rank and path order: they are replaced, then restored.
    const earlier = [...before.keys()].filter((f) => !f.startsWith('.polyfeed') && f < 'en/');
    expect(earlier.filter((f) => !before.get(f)!.bytes.equals(newState.get(f)!)).length, 'feeds before en/ that the build changes').to.be.greaterThan(20);

    const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.equal('');
    expectNoStackTrace(r.stderr);
    // True: one error, the refusal; no "could not be restored" (publish-incomplete).
    expect(ruleIds(r.stderr), r.stderr).to.deep.equal(['publish-permission']);
    expect(r.stderr).to.include(`${p.out}/en/`).and.to.include('(EPERM)');
    expectUnchanged(p.out, before, 'after the refused build');
    expect(stateEntries(p.out), 'no journal, staging, backup or lock left').to.deep.equal(['manifest.json']);
  });

  it('once the folder may change again, the same build publishes the new bytes', function () {
    spawnSync('chattr', ['-i', en]);
    immutable = false;
    const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    const now = stateOf(p.out);
    expect(sameState(now, newState), stateDiff(now, newState)).to.equal(true);
  });
});

describe('out/ is a mount point of its own: a 300 KiB tmpfs', function () {
  this.timeout(120_000);
  let p: TempProject;
  let locales: string;
  let mounted = false;
  const build = () => polyfeed(['build', '--content', p.content, '--locales', locales, '--out', p.out, '--now', NOW]);

  before(function () {
    p = tempProject();
    locales = smallLocales(['en', 'ru']);
    p.write('story/en.md', article({ title: 'A story' }, `${'A paragraph of the story. '.repeat(40)}\n`));
    mkdirSync(p.out);
    rootCommand(this, 'mount -t tmpfs', 'mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', p.out]);
    mounted = true;
  });
  after(() => {
    if (mounted) spawnSync('umount', [p.out]);
    p?.remove();
    rmSync(locales, { recursive: true, force: true });
  });

  it('a build publishes into it (staging is inside out/, so there is no EXDEV)', function () {
    const r = build();
    expect(r.code, r.stderr).to.equal(0);
    expect(ruleIds(r.stderr)).to.deep.equal([]);
    const perLocale = ['atom.xml', 'feed.css', 'feed.json', 'feeds.opml', 'index.html', 'rss.xml'];
    expect([...stateOf(p.out).keys()].sort()).to.deep.equal(['.polyfeed/manifest.json', '_headers', 'feeds.opml', 'index.html', 'style.css', ...['en', 'ru'].flatMap((l) => perLocale.map((f) => `${l}/${f}`))].sort());
    expect(stateEntries(p.out)).to.deep.equal(['manifest.json']);
    const v = polyfeed(['validate', p.out, '--locales', locales]);
    expect(v.code, v.stderr).to.equal(0);
  });

  it('when the disk fills up during the publish: exit 1, out/ unchanged, a message naming ENOSPC and the file', function () {
    // Fill the file system, then leave room for the lock and a page or two of staging.
    const filler = path.join(p.out, 'filler.bin');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(4096, 0x61);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).to.equal('ENOSPC');
    }
    ftruncateSync(fd, Math.max(0, fstatSync(fd).size - 3 * 4096));
    closeSync(fd);
    p.write('story/en.md', article({ title: 'A story, updated' }, `${'A longer paragraph of the updated story. '.repeat(200)}\n`));
    const before = snapshot(p.out, { state: true });

    const r = build();
    expect(r.code, r.stderr).to.equal(1);
    expectNoStackTrace(r.stderr);
    expect(ruleIds(r.stderr), r.stderr).to.deep.equal(['publish-no-space']);
    expect(r.stderr, 'names the code and a file of out/').to.match(new RegExp(`: error: cannot \\w+ ${p.out}/(en|ru|\\.polyfeed)/[\\w.]+: .*\\(ENOSPC\\)`));
    expectUnchanged(p.out, before, 'after the full disk');
    expect(stateEntries(p.out), 'staging removed').to.deep.equal(['manifest.json']);

    // With space again, the same build publishes.
    unlinkSync(filler);
    const again = build();
    expect(again.code, again.stderr).to.equal(0);
    // en changed; ru (the story has no ru version) did not.
    expect(again.stdout).to.match(/\(\d+ written, \d+ unchanged\)/);
  });
});

describe('one publish per out/ at a time (out/.polyfeed/lock)', function () {
  this.timeout(300_000);
  let p: TempProject;
  let contentB: string;
  let stateA: State;
  let stateB: State;
  const args = (content: string) => ['build', '--content', content, '--locales', p.locales, '--out', p.out, '--now', NOW];
  const lockFile = () => path.join(p.out, '.polyfeed', 'lock');

  before(function () {
    p = tempProject({ sampleContent: true });
    contentB = path.join(p.dir, 'content-b');
    cpSync(p.content, contentB, { recursive: true });
    editTitles(contentB, '(B)');
    const b = polyfeed([...args(contentB).slice(0, -4), '--out', path.join(p.dir, 'ref-b'), '--now', NOW]);
    expect(b.code, b.stderr).to.equal(0);
    stateB = stateOf(path.join(p.dir, 'ref-b'));
    const a = polyfeed(args(p.content));
    expect(a.code, a.stderr).to.equal(0);
    stateA = stateOf(p.out);
  });
  after(() => p?.remove());

  it('a lock held by a live process: the build waits a short while, then exits 1 naming its pid; out/ unchanged', async function () {
    const holder = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      writeFileSync(lockFile(), `${holder.pid}\n${os.hostname()}\n`);
      const before = snapshot(p.out, { state: true });
      const started = Date.now();
      const r = await runAndKill(args(contentB), {});
      expect(r.code, r.stderr).to.equal(1);
      expectNoStackTrace(r.stderr);
      expect(ruleIds(r.stderr), r.stderr).to.deep.equal(['publish-locked']);
      expect(r.stderr).to.include(`pid ${holder.pid}`);
      expect(Date.now() - started, 'it waited').to.be.greaterThan(4_000);
      expectUnchanged(p.out, before, 'while locked');
    } finally {
      holder.kill('SIGKILL');
      rmSync(lockFile(), { force: true });
    }
  });

  it('a lock left by a killed build is taken over: the next build publishes and leaves no lock', async function () {
    const killed = await runAndKill(args(contentB), { afterAppears: { file: lockFile(), delayMs: 0 } });
    expect(killed.signal, killed.stderr).to.equal('SIGKILL');
    expect(stateEntries(p.out), 'the killed build left its lock').to.include('lock');
    const r = polyfeed(args(p.content));
    expect(r.code, r.stderr).to.equal(0);
    expect(ruleIds(r.stderr)).not.to.include('publish-locked');
    const now = stateOf(p.out);
    expect(sameState(now, stateA), stateDiff(now, stateA)).to.equal(true);
    expect(existsSync(lockFile()), 'no lock left').to.equal(false);
  });

  for (const round of [1, 2]) {
    it(`two builds at once into one out/ (round ${round}): each publishes in turn or exits 1 on the lock, and out/ ends whole`, async function () {
      const [one, two] = await Promise.all([runAndKill(args(round === 1 ? p.content : contentB), {}), runAndKill(args(round === 1 ? contentB : p.content), {})]);
      for (const r of [one, two]) {
        expectNoStackTrace(r.stderr);
        if (r.code !== 0) {
          expect(r.code, r.stderr).to.equal(1);
          expect(ruleIds(r.stderr), r.stderr).to.include('publish-locked');
        }
      }
      expect([one.code, two.code], 'at least one published').to.include(0);
      const now = stateOf(p.out);
      expect(sameState(now, stateA) || sameState(now, stateB), `out/ is wholly A or wholly B: vs A ${stateDiff(now, stateA)}; vs B ${stateDiff(now, stateB)}`).to.equal(true);
      expect(stateEntries(p.out), 'no lock or journal left').to.deep.equal(['manifest.json']);
    });
  }
});
