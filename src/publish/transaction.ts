/**
 * Publishing as a transaction: out/ is either wholly old or wholly new, whatever happens.
 *
 * Everything polyfeed keeps for this lives in `out/.polyfeed/`, on out/'s own file system
 * (so out/ may be a mount point):
 *
 *   lock                  one publish at a time (./lock.ts)
 *   manifest.json         the files polyfeed wrote, with their SHA-256: the only files it ever removes
 *   staging-<pid>/…       the new bytes, written and flushed before anything in out/ moves
 *   journal.json          the plan, fsynced before the first rename: every target, its staged file,
 *                         and where the file it replaces is moved (backup-<pid>/…)
 *   rollback.json         the same plan, renamed so once a rollback has begun
 *
 * Publish: old → backup, staged → target, in rank order (feeds before the pages that link to
 * them), removals last, the manifest very last. On a failure every step done so far is undone
 * (backups back, new files removed). A process killed at any moment leaves a journal; the next
 * command's `recover` completes the publish when every staged file is still there (in staging,
 * or already in place with the right hash), and undoes it otherwise. Files whose bytes did not
 * change are not touched and keep their modification time.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { error, PolyfeedError, type Diagnostic } from '../diagnostics.js';
import { fsDiagnostic, isErrno, type FsAction } from './fs-errors.js';
import { acquireLock, lockIsStale, LOCK_FILE } from './lock.js';
import { relativePathProblem, shownFolder, STATE_DIR } from './paths.js';

export interface PublishFile {
  /** Relative POSIX path inside out/: `en/rss.xml`, `index.html`, `en/categories/x/atom.xml`. */
  path: string;
  /** May be computed on first access: it is read only when the file in out/ is not already these bytes. */
  readonly text: string;
  /**
   * SHA-256 of the bytes, when known without the text: a file polyfeed wrote (the manifest
   * says so) that still has its size, time and inode is then known unchanged without reading it.
   */
  digest?: string;
  /**
   * Link order: lower ranks are published first, so that nothing inside out/ ever links to a
   * file that is not there yet (feeds and archives 0; pages and OPML that link to them 1).
   */
  rank: number;
}

export interface PublishOptions {
  /** How long to wait for another process that is publishing into the same out/ (default 5000 ms). */
  lockWaitMs?: number;
}

export interface RecoveryReport {
  /** The process whose publish was interrupted. */
  pid: number;
  outcome: 'completed' | 'rolled back';
  /** Files it had to move. */
  files: number;
}

export interface PublishResult {
  /** Paths relative to out/, in the order they were published. */
  written: string[];
  unchanged: string[];
  /** Files polyfeed had written before and this build no longer produces. */
  removed: string[];
  /** Such files that someone changed since polyfeed wrote them: left in place, no longer polyfeed's. */
  kept: string[];
  /** An interrupted earlier publish that was completed or undone first. */
  recovered?: RecoveryReport;
}

const JOURNAL = `${STATE_DIR}/journal.json`;
const ROLLBACK = `${STATE_DIR}/rollback.json`;
const MANIFEST = `${STATE_DIR}/manifest.json`;
const DEFAULT_LOCK_WAIT_MS = 5_000;
const LEFTOVER = /^(?:staging|backup)-\d+$|\.tmp$/;
/** Files read or written at once. */
const IO_PARALLEL = 16;

interface WriteStep {
  kind: 'write';
  path: string;
  staged: string;
  sha256: string;
  /** Where the file it replaces goes; null when there is none. */
  backup: string | null;
}

interface RemoveStep {
  kind: 'remove';
  path: string;
  backup: string;
}

type Step = WriteStep | RemoveStep;

interface Journal {
  polyfeed: 1;
  pid: number;
  staging: string;
  backups: string;
  /** Folders the publish creates, parents first. */
  dirs: string[];
  steps: Step[];
}

/** out/ during one command: its real path and how the user sees it. */
interface Out {
  root: string;
  /** As typed, with a trailing `/`. */
  shown: string;
  /** As typed. */
  raw: string;
}

/*
 * The per-file steps (lstat, read, write, mkdir, rename) are synchronous calls: a publish has
 * nothing else to do meanwhile, and each asynchronous call is a round trip through libuv's
 * thread pool that costs more than the call (a cold 1k build spent 5 s of its 25 s publishing
 * 1,915 files, the thread mostly idle). Flushes stay asynchronous. The steps, their order and
 * their failures are the same.
 */

/** A file-system refusal at one step, with the path (relative to out/) it concerns. */
class StepFailure extends Error {
  constructor(readonly action: FsAction, readonly rel: string, readonly code: string) {
    super(`${action} ${rel}: ${code}`);
  }
}

async function attempt<T>(action: FsAction, rel: string, op: () => T | Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (isErrno(e) && !(e instanceof StepFailure)) throw new StepFailure(action, rel, e.code!);
    throw e;
  }
}

const abs = (o: Out, rel: string) => (rel === '' ? o.root : path.join(o.root, ...rel.split('/')));
const parentRel = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
const nothingChanged = (o: Out) => `nothing was published, ${o.shown} is unchanged.`;

function failureDiagnostic(o: Out, f: StepFailure, outcome: string): Diagnostic {
  const folder = f.rel === '' ? shownFolder(path.dirname(o.raw)) : `${o.shown}${parentRel(f.rel) ? `${parentRel(f.rel)}/` : ''}`;
  return fsDiagnostic({ action: f.action, shown: `${o.shown}${f.rel}`, code: f.code }, outcome, { out: o.shown, folder });
}

/**
 * Publishes `files` into `outDir` as one transaction: afterwards out/ holds exactly these
 * files (plus files polyfeed never wrote), or, on any failure, exactly what it held before;
 * the error then says which. Unchanged files are not rewritten.
 */
export async function publish(files: readonly PublishFile[], outDir: string, options: PublishOptions = {}): Promise<PublishResult> {
  const shown = shownFolder(outDir);
  checkFiles(files, shown);
  const resolved = path.resolve(outDir);
  if (resolved === path.parse(resolved).root) throw new PolyfeedError([rootRefusal(outDir)]);
  const createdRoot = !(await exists(resolved));
  const pre: Out = { root: resolved, shown, raw: outDir };
  try {
    await attempt('create folder', '', () => mkdir(resolved, { recursive: true }));
    const o: Out = { ...pre, root: await attempt('read', '', () => realpath(resolved)) };
    if (o.root === path.parse(o.root).root) throw new PolyfeedError([rootRefusal(outDir)]);
    const stateDir = abs(o, STATE_DIR);
    const createdState = await ensureStateDir(o);
    let lock;
    try {
      lock = await acquireLock(stateDir, shown, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
      const recovered = await recoverLocked(o);
      const result = await transact(o, files);
      return recovered ? { ...result, recovered } : result;
    } finally {
      await lock?.release();
      // Only when empty: a failed first publish leaves no trace.
      if (createdState) await rmdir(stateDir).catch(() => undefined);
    }
  } catch (e) {
    if (createdRoot) await rmdir(resolved).catch(() => undefined);
    if (e instanceof StepFailure) throw new PolyfeedError([failureDiagnostic(pre, e, nothingChanged(pre))]);
    throw e;
  }
}

/**
 * Completes or undoes a publish into `outDir` that was interrupted (its process was killed),
 * then removes what it left; every command that reads or writes out/ calls it first. Does
 * nothing, and writes nothing, when there is nothing to recover.
 */
export async function recover(outDir: string, options: PublishOptions = {}): Promise<RecoveryReport | undefined> {
  const resolved = path.resolve(outDir);
  const stateDir = path.join(resolved, STATE_DIR);
  const names = await readdir(stateDir).catch(() => [] as string[]);
  const unfinished = names.some((n) => n === 'journal.json' || n === 'rollback.json' || LEFTOVER.test(n));
  // A lock alone is left by a build killed before it staged anything: taken over and removed
  // when its owner is dead; a live owner (a build under way) is not waited for.
  const staleLock = names.includes(LOCK_FILE) && (await lockIsStale(path.join(stateDir, LOCK_FILE)));
  if (!unfinished && !staleLock) return undefined;
  const shown = shownFolder(outDir);
  const pre: Out = { root: resolved, shown, raw: outDir };
  try {
    const o: Out = { ...pre, root: await attempt('read', '', () => realpath(resolved)) };
    await ensureStateDir(o);
    const lock = await acquireLock(abs(o, STATE_DIR), shown, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
    try {
      return await recoverLocked(o);
    } finally {
      await lock.release();
    }
  } catch (e) {
    if (e instanceof StepFailure) throw new PolyfeedError([failureDiagnostic(pre, e, `${shown} was not changed.`)]);
    throw e;
  }
}

// ── checks before anything is written ────────────────────────────────────────────────────

function checkFiles(files: readonly PublishFile[], shown: string): void {
  const diags: Diagnostic[] = [];
  const paths = new Set<string>();
  for (const f of files) {
    const problem = relativePathProblem(f.path);
    if (problem) diags.push(error('publish-bad-path', `${JSON.stringify(f.path)} cannot be published into ${shown}: the path ${problem}`, { hint: `Give a relative path inside ${shown} with / between folders, e.g. en/rss.xml; nothing was published.` }));
    else if (paths.has(f.path)) diags.push(error('publish-bad-path', `${f.path} is given twice`, { hint: 'Each file may be published once; nothing was published.' }));
    else paths.add(f.path);
    // A document with a digest may compute its text lazily: it is not read here.
    if (f.digest === undefined && typeof f.text !== 'string') diags.push(error('publish-bad-path', `${String(f.path)}: the text is not a string`, { hint: 'nothing was published.' }));
    if (typeof f.rank !== 'number' || !Number.isFinite(f.rank)) diags.push(error('publish-bad-path', `${String(f.path)}: the rank is not a number`, { hint: 'Use 0 for feeds and archives, 1 for pages that link to them; nothing was published.' }));
  }
  for (const p of paths) {
    for (let up = parentRel(p); up !== ''; up = parentRel(up)) {
      if (paths.has(up)) diags.push(error('publish-bad-path', `${up} is given as a file and as the folder of ${p}`, { hint: 'A path cannot be both; nothing was published.' }));
    }
  }
  if (diags.length) throw new PolyfeedError(diags);
}

function rootRefusal(outDir: string): Diagnostic {
  return error('out-is-root', `the output folder ${outDir} is the root of the file system`, { hint: 'Choose a folder of its own, e.g. --out out; nothing was written.' });
}

/** `out/.polyfeed` must be a real folder (never a symbolic link to elsewhere); returns whether it was created now. */
async function ensureStateDir(o: Out): Promise<boolean> {
  const st = await attempt('read', STATE_DIR, () => lstat(abs(o, STATE_DIR))).catch((e) => {
    if (e instanceof StepFailure && e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (st?.isDirectory()) return false;
  if (st) {
    throw new PolyfeedError([error('publish-state-not-folder', `${o.shown}${STATE_DIR} is not a folder`, {
      hint: `polyfeed keeps its lock, journal and manifest in ${o.shown}${STATE_DIR}/; move what is there away. Nothing was published; ${o.shown} is unchanged.`,
    })]);
  }
  await attempt('create folder', STATE_DIR, () => mkdir(abs(o, STATE_DIR)));
  return true;
}

/** Every folder a file goes into must stay inside out/ (a symbolic link must not lead a write elsewhere). */
async function checkConfined(o: Out, rels: readonly string[]): Promise<void> {
  const seen = new Set<string>();
  const exists = new Map<string, boolean>();
  const dirExists = async (dir: string) => {
    let known = exists.get(dir);
    if (known === undefined) exists.set(dir, (known = await lexists(o, dir, 'read')));
    return known;
  };
  for (const rel of rels) {
    let dir = parentRel(rel);
    while (dir !== '' && !(await dirExists(dir))) dir = parentRel(dir);
    if (dir === '' || seen.has(dir)) continue;
    seen.add(dir);
    const real = await attempt('read', dir, () => realpath(abs(o, dir)));
    if (real !== o.root && !real.startsWith(o.root + path.sep)) {
      throw new PolyfeedError([error('publish-outside-out', `leads outside ${o.raw} (to ${real}); refusing to write there`, {
        file: path.join(o.raw, dir),
        hint: `Replace the symbolic link with a real folder; nothing was published, ${o.shown} is unchanged.`,
      })]);
    }
    if (!(await attempt('read', dir, () => stat(real))).isDirectory()) throw new StepFailure('write', rel, 'ENOTDIR');
  }
}

// ── the transaction ──────────────────────────────────────────────────────────────────────

async function transact(o: Out, files: readonly PublishFile[]): Promise<PublishResult> {
  const sorted = [...files].sort((a, b) => a.rank - b.rank || cmp(a.path, b.path));
  const manifest = await readManifest(o);
  const produced = new Set(sorted.map((f) => f.path));
  const gone = [...manifest.files.keys()].filter((p) => !produced.has(p)).sort(cmp);
  await checkConfined(o, [...sorted.map((f) => f.path), ...gone]);

  const entries = new Map<string, ManifestEntry>();
  // Only what each file is (its digest, whether out/ has it already) is kept here: the bytes of
  // a file to write are made again when it is staged, so that a publish never holds them all.
  const planned = await inPool(sorted, IO_PARALLEL, async (f) => {
    const st = await lstatOf(o, f.path, 'read');
    if (st?.isDirectory()) throw new StepFailure('write', f.path, 'EISDIR');
    const known = manifest.files.get(f.path);
    if (f.digest && st && known && known.sha256 === f.digest && known.stat && sameStat(known.stat, st)) {
      return { path: f.path, file: f, sha256: f.digest, hadOld: true, same: true, stat: known.stat };
    }
    const old = st ? await attempt('read', f.path, () => readFileSync(abs(o, f.path))).catch((e) => (e instanceof StepFailure && e.code === 'ENOENT' ? undefined : Promise.reject(e))) : undefined;
    const sha256 = f.digest ?? sha(Buffer.from(f.text, 'utf8'));
    const same = old !== undefined && sha(old) === sha256;
    return { path: f.path, file: f, sha256, hadOld: st !== undefined, same, stat: same && st ? statOf(st) : undefined };
  });
  const writes: { path: string; bytes(): Buffer; sha256: string; hadOld: boolean }[] = [];
  const unchanged: string[] = [];
  for (const w of planned) {
    entries.set(w.path, { sha256: w.sha256, ...(w.stat ? { stat: w.stat } : {}) });
    if (w.same) unchanged.push(w.path);
    else writes.push({ path: w.path, sha256: w.sha256, hadOld: w.hadOld, bytes: () => Buffer.from(w.file.text, 'utf8') });
  }
  const removals: string[] = [];
  const kept: string[] = [];
  for (const p of gone) {
    const st = await lstatOf(o, p, 'read');
    if (!st) continue;
    const bytes = st.isFile() ? await attempt('read', p, () => readFile(abs(o, p))) : undefined;
    // Never remove a file polyfeed did not write: it must still have the bytes polyfeed wrote.
    if (bytes && sha(bytes) === manifest.files.get(p)?.sha256) removals.push(p);
    else kept.push(p);
  }
  const result: PublishResult = { written: writes.filter((w) => w.path !== MANIFEST).map((w) => w.path), unchanged, removed: removals, kept };
  if (writes.length === 0 && removals.length === 0) return result;

  // 1. Stage and flush the new bytes; nothing in out/ moves yet.
  const journal: Journal = {
    polyfeed: 1,
    pid: process.pid,
    staging: `${STATE_DIR}/staging-${process.pid}`,
    backups: `${STATE_DIR}/backup-${process.pid}`,
    dirs: [],
    steps: [],
  };
  const writeStep = (w: (typeof writes)[number]): WriteStep => ({ kind: 'write', path: w.path, staged: `${journal.staging}/${w.path}`, sha256: w.sha256, backup: w.hadOld ? `${journal.backups}/${w.path}` : null });
  // Feeds, then the pages that link to them (rank order), then removals, then the manifest.
  journal.steps = [
    ...writes.filter((w) => w.path !== MANIFEST).map(writeStep),
    ...removals.map((p): RemoveStep => ({ kind: 'remove', path: p, backup: `${journal.backups}/${p}` })),
    ...writes.filter((w) => w.path === MANIFEST).map(writeStep),
  ];
  try {
    await rm(abs(o, journal.staging), { recursive: true, force: true });
    await rm(abs(o, journal.backups), { recursive: true, force: true });
    const made = new Set<string>();
    for (const w of writes) await mkdirs(o, parentRel(`${journal.staging}/${w.path}`), made, 'write', w.path);
    // Each staged file is written, one after the other (synchronous calls); all are flushed below (see flushStaged).
    for (const w of writes) await attempt('write', w.path, () => writeFileSync(abs(o, `${journal.staging}/${w.path}`), w.bytes()));
    // The manifest last, with each staged file's size, time and inode (a rename keeps them).
    const stats = await inPool(writes, IO_PARALLEL, (w) => lstatOf(o, `${journal.staging}/${w.path}`, 'write', w.path));
    writes.forEach((w, i) => entries.set(w.path, { sha256: w.sha256, ...(stats[i] ? { stat: statOf(stats[i]!) } : {}) }));
    const manifestBytes = Buffer.from(manifestText(entries), 'utf8');
    if (!manifest.bytes?.equals(manifestBytes)) {
      const m = { path: MANIFEST, bytes: () => manifestBytes, sha256: sha(manifestBytes), hadOld: manifest.bytes !== undefined };
      await mkdirs(o, parentRel(`${journal.staging}/${MANIFEST}`), made, 'write', MANIFEST);
      await attempt('write', MANIFEST, () => writeFile(abs(o, `${journal.staging}/${MANIFEST}`), manifestBytes));
      writes.push(m);
      journal.steps.push(writeStep(m));
    }
    // One flush of out/'s file system covers the staged files and their folders.
    if (!(await flushStaged(o, journal.staging, writes))) for (const d of made) await syncDir(abs(o, d));
    const toCreate = new Set<string>();
    const present = new Set<string>();
    for (const w of writes) {
      for (let d = parentRel(w.path); d !== '' && !toCreate.has(d) && !present.has(d); d = parentRel(d)) {
        if (await lexists(o, d, 'read')) present.add(d);
        else toCreate.add(d);
      }
    }
    journal.dirs.push(...toCreate);
    journal.dirs.sort((a, b) => a.split('/').length - b.split('/').length || cmp(a, b));
    // 2. The journal: from the moment it exists, the publish will be completed or undone.
    await attempt('write', JOURNAL, () => writeAtomically(o, JOURNAL, `${JSON.stringify(journal, null, 1)}\n`));
  } catch (e) {
    await rm(abs(o, journal.staging), { recursive: true, force: true }).catch(() => undefined);
    await unlink(abs(o, `${JOURNAL}.tmp`)).catch(() => undefined);
    throw e;
  }

  // 3. Move files into place.
  try {
    await applyAll(o, journal);
  } catch (e) {
    const problems = await rollBack(o, journal);
    const outcome = problems.length === 0 ? nothingChanged(o) : `${o.shown} is NOT unchanged, see below.`;
    const first = e instanceof StepFailure ? failureDiagnostic(o, e, outcome) : undefined;
    if (!first && problems.length === 0) throw e;
    throw new PolyfeedError([...(first ? [first] : []), ...(problems.length ? [incomplete(o, problems)] : [])]);
  }
  await finish(o, journal, JOURNAL);
  return result;
}

async function applyAll(o: Out, journal: Journal): Promise<void> {
  for (const d of journal.dirs) {
    await attempt('create folder', d, () => mkdirSync(abs(o, d))).catch((e) => {
      if (!(e instanceof StepFailure && e.code === 'EEXIST')) throw e;
    });
  }
  const made = new Set<string>();
  for (const step of journal.steps) await applyStep(o, step, made);
  if (await flushFileSystem(o.root)) return;
  const dirs = new Set(journal.steps.map((s) => parentRel(s.path)));
  for (const d of dirs) await syncDir(abs(o, d));
}

/** One step forward; does nothing when it was done already (so recovery can repeat it). */
async function applyStep(o: Out, step: Step, made: Set<string>): Promise<void> {
  const target = abs(o, step.path);
  if (step.kind === 'write') {
    if (!(await lexists(o, step.staged, 'write', step.path))) return;
    const action: FsAction = step.backup ? 'replace' : 'write';
    if (step.backup && !(await lexists(o, step.backup, action, step.path)) && (await lexists(o, step.path, action))) {
      await mkdirs(o, parentRel(step.backup), made, action, step.path);
      await attempt(action, step.path, () => renameSync(target, abs(o, step.backup!)));
    }
    await attempt(action, step.path, () => renameSync(abs(o, step.staged), target));
  } else if ((await lexists(o, step.path, 'remove')) && !(await lexists(o, step.backup, 'remove', step.path))) {
    await mkdirs(o, parentRel(step.backup), made, 'remove', step.path);
    await attempt('remove', step.path, () => renameSync(target, abs(o, step.backup)));
  }
}

interface Problem {
  rel: string;
  code: string;
}

/**
 * Undoes every step, newest first: backups back in place, new files removed, created folders
 * removed. Never throws; returns what could not be restored (the record is then kept, so the
 * next command tries again).
 */
async function rollBack(o: Out, journal: Journal): Promise<Problem[]> {
  await rename(abs(o, JOURNAL), abs(o, ROLLBACK)).catch(() => undefined);
  const problems: Problem[] = [];
  const made = new Set<string>();
  for (const step of [...journal.steps].reverse()) {
    try {
      const target = abs(o, step.path);
      const restore = async (backup: string) => {
        await mkdirs(o, parentRel(step.path), made, 'restore', step.path);
        await attempt('restore', step.path, () => rename(abs(o, backup), target));
      };
      const backedUp = step.backup !== null && (await lexists(o, step.backup, 'restore', step.path));
      if (step.kind === 'remove' || (await lexists(o, step.staged, 'restore', step.path))) {
        // Not moved in (or a removal): the old file is in place, or in the backup folder.
        if (backedUp) await restore(step.backup!);
      } else if (backedUp) {
        await restore(step.backup!);
      } else if ((await hashOf(o, step.path)) === step.sha256) {
        // The new file is in place and nothing to put back: remove it, or say the old one is lost.
        if (step.backup) problems.push({ rel: step.path, code: 'ENOENT' });
        else await attempt('restore', step.path, () => unlink(target));
      }
    } catch (e) {
      problems.push({ rel: step.path, code: e instanceof StepFailure ? e.code : isErrno(e) ? e.code! : String(e) });
    }
  }
  for (const d of [...journal.dirs].reverse()) await rmdir(abs(o, d)).catch(() => undefined);
  if (problems.length === 0) {
    for (const d of new Set(journal.steps.map((s) => parentRel(s.path)))) await syncDir(abs(o, d)).catch(() => undefined);
    await unlink(abs(o, ROLLBACK)).catch(() => undefined);
    await removeQuietly(o, journal.staging);
    await removeQuietly(o, journal.backups);
  }
  return problems;
}

function incomplete(o: Out, problems: readonly Problem[]): Diagnostic {
  const list = problems.slice(0, 5).map((p) => `${o.shown}${p.rel} (${p.code})`).join(', ') + (problems.length > 5 ? `, and ${problems.length - 5} more` : '');
  return error('publish-incomplete', `${problems.length} file${problems.length === 1 ? '' : 's'} in ${o.shown} could not be restored to the old version: ${list}; every other file is old`, {
    hint: `The old files are kept in ${o.shown}${STATE_DIR}/ and the record in ${o.shown}${ROLLBACK}: fix the cause, then any polyfeed command on ${o.shown} (e.g. polyfeed validate ${o.shown}) finishes restoring them. An old file that is gone (ENOENT) cannot come back: remove the record, and the next build publishes every file anew.`,
  });
}

/** After the last step: empty folders of removed files, the journal, staging and backups go. */
async function finish(o: Out, journal: Journal, record: string): Promise<void> {
  for (const step of journal.steps) {
    if (step.kind !== 'remove') continue;
    for (let d = parentRel(step.path); d !== ''; d = parentRel(d)) {
      if (await rmdir(abs(o, d)).then(() => false, () => true)) break;
    }
  }
  await unlink(abs(o, record)).catch(() => undefined);
  await syncDir(abs(o, STATE_DIR)).catch(() => undefined);
  await removeQuietly(o, journal.staging);
  await removeQuietly(o, journal.backups);
}

// ── recovery ─────────────────────────────────────────────────────────────────────────────

/** With the lock held: finishes or undoes an interrupted publish, then removes leftovers. */
async function recoverLocked(o: Out): Promise<RecoveryReport | undefined> {
  let report: RecoveryReport | undefined;
  const record = (await lexists(o, ROLLBACK, 'read')) ? ROLLBACK : (await lexists(o, JOURNAL, 'read')) ? JOURNAL : undefined;
  if (record) {
    const text = await attempt('read', record, () => readFile(abs(o, record), 'utf8'));
    const journal = parseJournal(text);
    if (!journal) {
      throw new PolyfeedError([error('publish-state-corrupt', `${o.shown}${record} is not a journal polyfeed wrote; refusing to touch ${o.shown}`, {
        hint: `Look at it: the files it names are in ${o.shown}${STATE_DIR}/. If no polyfeed runs, remove it and build again.`,
      })]);
    }
    const files = journal.steps.length;
    let forward = record === JOURNAL && (await completable(o, journal));
    if (forward) {
      try {
        await applyAll(o, journal);
        await finish(o, journal, JOURNAL);
        report = { pid: journal.pid, outcome: 'completed', files };
      } catch (e) {
        if (!(e instanceof StepFailure)) throw e;
        forward = false;
      }
    }
    if (!forward) {
      const problems = await rollBack(o, journal);
      if (problems.length) throw new PolyfeedError([incomplete(o, problems)]);
      report = { pid: journal.pid, outcome: 'rolled back', files };
    }
  }
  await removeLeftovers(o);
  return report;
}

/** Every new file is still there: in staging, or already in place. */
async function completable(o: Out, journal: Journal): Promise<boolean> {
  for (const step of journal.steps) {
    if (step.kind !== 'write') continue;
    const staged = await hashOf(o, step.staged);
    if (staged !== undefined ? staged !== step.sha256 : (await hashOf(o, step.path)) !== step.sha256) return false;
  }
  return true;
}

function parseJournal(text: string): Journal | undefined {
  let j: Journal;
  try {
    j = JSON.parse(text) as Journal;
  } catch {
    return undefined;
  }
  const ours = (p: unknown) => p === MANIFEST || relativePathProblem(p) === undefined;
  if (j?.polyfeed !== 1 || !Number.isInteger(j.pid) || !Array.isArray(j.steps) || !Array.isArray(j.dirs)) return undefined;
  if (!/^\.polyfeed\/staging-\d+$/.test(j.staging) || !/^\.polyfeed\/backup-\d+$/.test(j.backups)) return undefined;
  if (!j.dirs.every((d) => relativePathProblem(d) === undefined)) return undefined;
  for (const s of j.steps) {
    if (!s || !ours(s.path)) return undefined;
    if (s.kind === 'write') {
      if (s.staged !== `${j.staging}/${s.path}` || !/^[0-9a-f]{64}$/.test(s.sha256) || (s.backup !== null && s.backup !== `${j.backups}/${s.path}`)) return undefined;
    } else if (s.kind !== 'remove' || s.backup !== `${j.backups}/${s.path}`) {
      return undefined;
    }
  }
  return j;
}

/** Staging and backup folders and temporary files no journal needs any more (the lock is held). */
async function removeLeftovers(o: Out): Promise<void> {
  for (const name of await readdir(abs(o, STATE_DIR)).catch(() => [] as string[])) {
    if (LEFTOVER.test(name)) await removeQuietly(o, `${STATE_DIR}/${name}`);
  }
  // Earlier polyfeed versions staged beside out/: `.out.polyfeed-staging-<pid>`.
  const parent = path.dirname(o.root);
  const prefix = `.${path.basename(o.root)}.polyfeed-staging-`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) {
      const pid = Number(name.slice(prefix.length));
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (!alive) await rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

// ── the manifest ─────────────────────────────────────────────────────────────────────────

/** What the manifest knows of a file: its bytes' SHA-256 and, where recorded, [size, mtime, inode]. */
interface ManifestEntry {
  sha256: string;
  stat?: [number, number, number];
}

function statOf(st: { size: number; mtimeMs: number; ino: number }): [number, number, number] {
  return [st.size, st.mtimeMs, st.ino];
}

function sameStat(known: readonly [number, number, number], st: { size: number; mtimeMs: number; ino: number }): boolean {
  return known[0] === st.size && known[1] === st.mtimeMs && known[2] === st.ino;
}

async function readManifest(o: Out): Promise<{ bytes?: Buffer; files: Map<string, ManifestEntry> }> {
  const bytes = await attempt('read', MANIFEST, () => readFile(abs(o, MANIFEST))).catch((e) => (e instanceof StepFailure && e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  const files = new Map<string, ManifestEntry>();
  if (!bytes) return { files };
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { files?: Record<string, unknown> };
    for (const [p, v] of Object.entries(parsed.files ?? {})) {
      // A manifest someone edited can name only paths inside out/.
      if (relativePathProblem(p) !== undefined) continue;
      const [h, ...st] = Array.isArray(v) ? v : [v];
      if (typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h)) continue;
      files.set(p, { sha256: h, ...(st.length === 3 && st.every((n) => typeof n === 'number') ? { stat: st as [number, number, number] } : {}) });
    }
  } catch {
    /* unreadable: polyfeed then owns no file, and removes none */
  }
  return { bytes, files };
}

function manifestText(entries: ReadonlyMap<string, ManifestEntry>): string {
  const files = Object.fromEntries([...entries].sort(([a], [b]) => cmp(a, b)).map(([p, e]) => [p, e.stat ? [e.sha256, ...e.stat] : e.sha256]));
  return `${JSON.stringify({ polyfeed: 1, files })}\n`;
}

// ── small file-system helpers ────────────────────────────────────────────────────────────

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(() => true, () => false);
}

async function lstatOf(o: Out, rel: string, action: FsAction, shownRel = rel) {
  try {
    return lstatSync(abs(o, rel));
  } catch (e) {
    if (isErrno(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return undefined;
    if (isErrno(e)) throw new StepFailure(action, shownRel, e.code!);
    throw e;
  }
}

async function lexists(o: Out, rel: string, action: FsAction, shownRel = rel): Promise<boolean> {
  return (await lstatOf(o, rel, action, shownRel)) !== undefined;
}

async function hashOf(o: Out, rel: string): Promise<string | undefined> {
  const bytes = await readFile(abs(o, rel)).catch(() => undefined);
  return bytes && sha(bytes);
}

async function mkdirs(o: Out, rel: string, made: Set<string>, action: FsAction, shownRel: string): Promise<void> {
  if (rel === '' || made.has(rel)) return;
  await attempt(action, shownRel, () => mkdirSync(abs(o, rel), { recursive: true }));
  made.add(rel);
}

/**
 * Makes the staged files durable before the journal points at them. On Linux one syncfs of
 * out/'s file system (coreutils' `sync -f`) flushes them all, and costs a fraction of an fsync
 * per file; where that is not available or fails, each file is flushed on its own, so that a
 * failure (EIO, a full disk at write-back) names the file it hit.
 */
async function flushStaged(o: Out, staging: string, writes: readonly { path: string }[]): Promise<boolean> {
  if (await flushFileSystem(abs(o, staging))) return true;
  await inPool(writes, IO_PARALLEL, (w) => attempt('write', w.path, async () => {
    const fh = await open(abs(o, `${staging}/${w.path}`), 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }));
  return false;
}

/** syncfs(2) of the file system that holds `dir`, where the platform has it: true when it succeeded. */
function flushFileSystem(dir: string): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  return new Promise((resolve) => execFile('sync', ['-f', dir], { timeout: 120_000 }, (e) => resolve(!e)));
}

async function writeDurably(file: string, bytes: Buffer): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Written beside, flushed, renamed over, and the folder flushed: whole or not there. */
async function writeAtomically(o: Out, rel: string, text: string): Promise<void> {
  await writeDurably(abs(o, `${rel}.tmp`), Buffer.from(text, 'utf8'));
  await rename(abs(o, `${rel}.tmp`), abs(o, rel));
  await syncDir(abs(o, parentRel(rel)));
}

/** Makes the renames in a folder durable. Some file systems cannot flush a folder; that is not an error. */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    if (isErrno(e) && e.code === 'EIO') throw new StepFailure('sync', '', 'EIO');
  } finally {
    await fh?.close();
  }
}

async function removeQuietly(o: Out, rel: string): Promise<void> {
  await rm(abs(o, rel), { recursive: true, force: true }).catch(() => undefined);
}

/** `fn` over `items`, at most `width` at a time; results in the order of `items`. The first failure is thrown once all have settled. */
async function inPool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { e: unknown } | undefined;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (e) {
        failure ??= { e };
      }
    }
  }));
  if (failure) throw failure.e;
  return results;
}

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
