/**
 * Rebuild on change: content/, locales/ and partners/ are watched (recursive `fs.watch`; a
 * polling scan where that is not available), changes are gathered for a moment (debounce),
 * and the project is built and published again with the library's `build` and `publish`.
 *
 * A failed rebuild publishes nothing — publish is atomic and all-or-nothing on errors — so
 * out/ keeps the last good build, and a server reading out/ keeps serving it; the errors are
 * printed as the build prints them, and the next change that fixes them publishes again.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isFeedFormat } from '../outputs.js';
import { partnersFolder } from '../partners/profile.js';
import { error, formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { build, publish, type BuildOptions } from '../index.js';
import { checkAtom, checkJsonFeed } from '../validate/documents.js';

export interface WatchIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface WatchOptions {
  /** What to build (content and locales folders, clock, limits, cache). */
  options: BuildOptions & { content: string; locales: string };
  /** Where to publish. */
  out: string;
  io: WatchIo;
  /** Folders to watch; default: the content and locales folders, and partners/ beside content/, those that exist. */
  dirs?: string[];
  /** Quiet time after the last change before a rebuild starts (default 150 ms). */
  debounceMs?: number;
  /** Scan instead of `fs.watch` (network file systems, some containers); milliseconds between scans. */
  pollMs?: number;
  /** The end of a failed rebuild's line, e.g. "still serving the last good build". */
  afterFailure: string;
}

export interface BuildOutcome {
  ok: boolean;
  errors: number;
  warnings: number;
  written: number;
  unchanged: number;
  documents: number;
  feeds: number;
  locales: number;
  ms: number;
}

const DEFAULT_POLL_MS = 500;

export class Watcher {
  private readonly watchers: FSWatcher[] = [];
  private readonly polls: NodeJS.Timeout[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  /** Warnings already printed: a rebuild prints only new ones (the sample has 26 of them). */
  private shownWarnings = new Set<string>();
  /** Folders whose changes are our own writes: out/ and the render cache. */
  private readonly ignoredDirs: string[];
  /** out/'s staging folders beside it start with this. */
  private readonly stagingPrefix: string;

  constructor(private readonly o: WatchOptions) {
    const outAbs = path.resolve(o.out);
    this.ignoredDirs = [outAbs, ...(o.options.cacheDir ? [path.resolve(o.options.cacheDir)] : [])];
    this.stagingPrefix = path.join(path.dirname(outAbs), `.${path.basename(outAbs)}.polyfeed-staging-`);
  }

  /** The folders that will be watched. */
  static defaultDirs(options: { content: string; locales: string; partners?: string }): string[] {
    return [options.content, options.locales, partnersFolder(options)];
  }

  /** Starts watching (the folders that exist); returns them as they are shown. */
  async start(): Promise<string[]> {
    const dirs: string[] = [];
    for (const dir of this.o.dirs ?? Watcher.defaultDirs(this.o.options)) {
      const st = await stat(dir).catch(() => undefined);
      if (!st?.isDirectory()) continue;
      dirs.push(dir);
      if (this.o.pollMs !== undefined) this.poll(dir, this.o.pollMs);
      else this.watch(dir);
    }
    return dirs;
  }

  private watch(dir: string): void {
    let w: FSWatcher;
    try {
      w = watch(dir, { recursive: true }, (_event, name) => this.changed(dir, name === null ? '' : String(name)));
    } catch {
      // recursive watching is not supported here (or inotify is out of watches): scan instead.
      this.poll(dir, DEFAULT_POLL_MS);
      return;
    }
    w.on('error', () => {
      w.close();
      if (this.closed) return;
      this.o.io.stderr(`polyfeed: watching ${dir} failed; scanning it every ${DEFAULT_POLL_MS} ms instead\n`);
      this.poll(dir, DEFAULT_POLL_MS);
      this.changed(dir, '');
    });
    this.watchers.push(w);
  }

  /** Scans `dir` every `ms`: a change of any file's name, size or modification time is a change. */
  private poll(dir: string, ms: number): void {
    let last: string | undefined;
    let busy = false;
    const scan = async () => {
      if (busy || this.closed) return;
      busy = true;
      try {
        const sig = await signature(dir);
        if (last !== undefined && sig !== last) this.changed(dir, '');
        last = sig;
      } finally {
        busy = false;
      }
    };
    void scan();
    const t = setInterval(() => void scan(), ms);
    this.polls.push(t);
  }

  /** A change of `name` (relative; '' when unknown) below the watched folder `dir`. */
  private changed(dir: string, name: string): void {
    if (this.closed) return;
    const abs = path.resolve(dir, name);
    if (abs.startsWith(this.stagingPrefix) || this.ignoredDirs.some((d) => abs === d || abs.startsWith(d + path.sep))) return;
    // Hidden names are not read by the build: editors' swap files (.en.md.swp), .git/.
    if (name.split(/[\\/]/).some((s) => s.startsWith('.'))) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.rebuild();
    }, this.o.debounceMs ?? 150);
  }

  /**
   * Builds and publishes once, printing one line (and the diagnostics); a change during a
   * rebuild starts another one after it. `initial` prints the first build's line instead.
   */
  async rebuild(initial = false): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const outcome = await this.buildOnce();
        if (this.closed) break;
        if (initial) warmUpChecks();
        this.report(outcome, initial);
        initial = false;
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async buildOnce(): Promise<BuildOutcome & { diagnostics: Diagnostic[] }> {
    const started = process.hrtime.bigint();
    const ms = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    const base = { written: 0, unchanged: 0, documents: 0, feeds: 0, locales: 0 };
    let diagnostics: Diagnostic[] = [];
    try {
      const result = await build(this.o.options);
      diagnostics = result.diagnostics;
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      if (errors > 0) return { ok: false, errors, warnings, ...base, ms: ms(), diagnostics };
      const published = await publish(result.documents, this.o.out);
      if (published.diagnostics.some((d) => d.severity === 'error')) {
        diagnostics = [...diagnostics, ...published.diagnostics];
        return { ok: false, errors: published.diagnostics.length, warnings, ...base, ms: ms(), diagnostics };
      }
      const { written, unchanged } = published;
      const feeds = result.documents.filter((d) => isFeedFormat(d.format));
      const locales = new Set(feeds.map((d) => d.locale)).size;
      return {
        ok: true, errors: 0, warnings, written: written.length, unchanged: unchanged.length, documents: result.documents.length, feeds: feeds.length, locales, ms: ms(), diagnostics,
      };
    } catch (e) {
      // publish refusing a symbolic link, a full disk, a bug: this rebuild failed, the next may not.
      const problems = [error('fs-error', describe(e))];
      diagnostics = [...diagnostics.filter((d) => d.severity === 'warning'), ...problems];
      return { ok: false, errors: problems.length, warnings: diagnostics.length - problems.length, ...base, ms: ms(), diagnostics };
    }
  }

  private report(r: BuildOutcome & { diagnostics: Diagnostic[] }, initial: boolean): void {
    const { io } = this.o;
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d));
    const fresh = warnings.filter((w) => !this.shownWarnings.has(w));
    // A failed build stops early and may not get to some warnings: forget none on failure.
    this.shownWarnings = r.ok ? new Set(warnings) : new Set([...this.shownWarnings, ...warnings]);
    for (const d of errors) io.stderr(`${formatDiagnostic(d)}\n`);
    for (const w of fresh) io.stderr(`${w}\n`);
    const warned = r.warnings ? `; ${r.warnings} warning${r.warnings === 1 ? '' : 's'}` : '';
    if (!r.ok) {
      io.stderr(`polyfeed: ${initial ? 'build' : 'rebuild'} failed: ${plural(r.errors, 'error')}; ${this.o.afterFailure}\n`);
    } else if (initial) {
      io.stdout(`polyfeed: ${r.documents} documents (${r.feeds} feeds for ${r.locales} locales) in ${shown(this.o.out)} (${r.written} written, ${r.unchanged} unchanged) in ${r.ms} ms${warned}\n`);
    } else {
      io.stdout(`polyfeed: rebuilt in ${r.ms} ms: ${r.written} written, ${r.unchanged} unchanged${warned}\n`);
    }
  }

  /** Stops watching; waits for a rebuild under way to finish (its publish is never cut short). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    for (const t of this.polls) clearInterval(t);
    await this.running;
  }
}

/**
 * Compiles the JSON Feed schema and the Atom RELAX NG grammar now, not on the first edit: a
 * first build whose checks all come from the cache never loads them, and loading them costs
 * most of a second.
 */
function warmUpChecks(): void {
  checkJsonFeed('{}');
  checkAtom('<feed xmlns="http://www.w3.org/2005/Atom"/>');
}

/** Names, sizes and modification times of everything below `dir`, as one string. */
async function signature(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        parts.push(`${p}/`);
        await walk(p);
      } else {
        const st = await stat(p).catch(() => undefined);
        parts.push(`${p} ${st?.size} ${st?.mtimeMs} ${st?.ino}`);
      }
    }
  };
  await walk(dir);
  return parts.join('\n');
}

function describe(e: unknown): string {
  const sys = e as NodeJS.ErrnoException;
  if (sys && sys.code && sys.syscall) return `cannot ${sys.syscall} ${sys.path ? path.relative(process.cwd(), sys.path) || sys.path : ''}: ${sys.code}`;
  return `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shown(dir: string): string {
  return `${path.normalize(dir).replace(/[\\/]+$/, '') || '.'}/`;
}
