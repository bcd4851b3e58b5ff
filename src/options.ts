/**
 * The options of the library API, and the one place they are checked: the CLI turns its
 * flags into these and lets `checkBuildOptions` judge them, so `polyfeed build --base-url x`
 * and `build({ baseUrl: 'x' })` get the same message.
 */
import { error, type Diagnostic } from './diagnostics.js';
import type { MemoryFile } from './content/scan.js';
import type { MemoryPartnerFile } from './partners/profile.js';
import { checkUrl } from './util/url.js';

export interface ProjectOptions {
  /** Folder of `<article-id>/<locale>.md` files (default `content`). */
  content?: string;
  /** Content held in memory instead of a folder: `{ path: "<article-id>/<locale>.md", text }`. */
  files?: readonly MemoryFile[];
  /** Folder with `registry.json` and `<locale>/*.json` (default `locales`). */
  locales?: string;
}

export interface BuildOptions extends ProjectOptions {
  /** The build clock (embargoes); default: now. */
  now?: Date;
  /** Overrides the registry's `feeds.baseUrl` (where out/ is published). */
  baseUrl?: string;
  /** Overrides the registry's `feeds.limit`. */
  limit?: number;
  /** Stale or missing translations, and partner rule violations, are errors, not warnings. */
  strict?: boolean;
  /** One warning line per locale with stale or missing translations, instead of one line for all. */
  verbose?: boolean;
  /** Told what the build is doing, for a progress line (files scanned, items rendered, documents made). */
  progress?: (event: ProgressEvent) => void;
  /**
   * Folder of syndication agreements (`<partner-id>.yaml`); a missing folder means no partners.
   * Default: `partners` beside the content folder (`<project>/partners`) when content is read
   * from a folder; none for content held in memory.
   */
  partners?: string;
  /** Agreements held in memory instead of a folder: `{ path: "<partner-id>.yaml", text }`. */
  partnerFiles?: readonly MemoryPartnerFile[];
  /** Keep rendered HTML here between builds (default: no disk cache). */
  cacheDir?: string;
  /**
   * Characters of document text a build keeps in memory until it is published; the rest wait
   * in a temporary file (unlinked at once, so nothing is left behind). Default 8 Mi.
   */
  textsInMemory?: number;
}

export type ProgressEvent =
  | { stage: 'scan'; files: number }
  | { stage: 'render'; items: number }
  | { stage: 'documents'; made: number; reused: number };

/** Problems with the options themselves, each naming the option (`--base-url` on the command line). */
export function checkBuildOptions(options: BuildOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (option: string, flag: string, message: string, hint: string) =>
    out.push(error('option-invalid', `option ${option} (${flag}) ${message}`, { hint }));
  if (options.baseUrl !== undefined) {
    const c = typeof options.baseUrl === 'string' ? checkUrl(options.baseUrl) : { ok: false as const, problem: 'must be text' };
    if (!c.ok) bad('baseUrl', '--base-url', c.problem, 'Give the absolute http(s) URL where out/ is published, e.g. https://feeds.example.org/rferl/.');
  }
  if (options.limit !== undefined && !(Number.isSafeInteger(options.limit) && options.limit > 0)) {
    bad('limit', '--limit', `must be a whole number above 0, not ${String(options.limit)}`, 'For example --limit 50.');
  }
  if (options.now !== undefined && !(options.now instanceof Date && Number.isFinite(options.now.getTime()))) {
    bad('now', '--now', 'must be a valid date', 'Give an ISO 8601 date-time with its offset, e.g. 2026-11-27T12:00:00Z.');
  }
  if (options.textsInMemory !== undefined && !(Number.isSafeInteger(options.textsInMemory) && options.textsInMemory >= 0)) {
    bad('textsInMemory', 'textsInMemory', `must be a whole number of characters, not ${String(options.textsInMemory)}`, 'Leave it out for the default (8 Mi characters).');
  }
  if (options.partnerFiles !== undefined && options.partners !== undefined) {
    bad('partnerFiles', '--partners', 'and partners cannot both be given', 'Give the agreements as a folder or as files in memory, not both.');
  }
  if (options.files !== undefined && options.content !== undefined) {
    bad('files', '--content', 'and content cannot both be given', 'Give the content as a folder or as files in memory, not both.');
  }
  return out;
}
