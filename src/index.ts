/**
 * polyfeed's library API; the CLI (src/cli) is a thin layer over it.
 *
 *   content/ ─ read ─▶ entries ─ parse (front matter, articles) ─▶ articles
 *   locales/ ─ read ─▶ registry + i18next resources
 *   articles × locales ─ plan ─▶ feed plans ─ model (Markdown → HTML) ─▶ feed models
 *   feed models ─ render (rss / atom / json on top of `feed`) ─▶ documents ─ validate
 *   documents ─ publish (one transaction: lock, journal, rollback) ─▶ out/
 */
import path from 'node:path';
import { ContentReadError, loadArticles, type Article, type ContentSet, type Version } from './content/articles.js';
import { fromDate, laterOf, type FeedDate } from './content/dates.js';
import { renderMarkdown, type RenderedBody } from './content/markdown.js';
import { diskRenderCache } from './content/render-cache.js';
import { RenderPool } from './content/render-pool.js';
import { listContentDir, listMemoryFiles, type MemoryFile } from './content/source.js';
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from './diagnostics.js';
import { statusReport, type State, type StatusReport } from './status/report.js';
import { renderAtom } from './formats/atom.js';
import { renderJson } from './formats/json.js';
import { buildFeedModel } from './formats/model.js';
import { renderRss } from './formats/rss.js';
import { createTranslators, gapWarnings, loadResources, type LoadedResources, type Translators } from './locales/i18n.js';
import { loadRegistry, type Registry } from './locales/registry.js';
import { planFeeds } from './plan/plan.js';
import { feedPath, FORMATS, publicUrl, type FeedFormat } from './publish/paths.js';
import type { PublishFile } from './publish/transaction.js';
import { diskPassedChecks, validateDocuments } from './validate/index.js';

export type { Diagnostic } from './diagnostics.js';
export { formatDiagnostic, hasErrors } from './diagnostics.js';
export type { MemoryFile } from './content/source.js';
export type { FeedFormat } from './publish/paths.js';
export { publish, recover } from './publish/transaction.js';
export type { PublishFile, PublishOptions, PublishResult, RecoveryReport } from './publish/transaction.js';

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
  /** Stale or missing translations are errors, not warnings. */
  strict?: boolean;
  /** Keep rendered HTML here between builds (default: no disk cache). */
  cacheDir?: string;
}

export interface FeedDocument {
  locale: string;
  format: FeedFormat;
  /** Relative to the output folder: `<locale>/rss.xml` … */
  path: string;
  url: string;
  text: string;
}

/** The files `publish` writes for a build's documents: feeds are rank 0 (nothing they link to is in out/). */
export function toPublishFiles(documents: readonly FeedDocument[]): PublishFile[] {
  return documents.map((d) => ({ path: d.path, text: d.text, rank: 0 }));
}

export interface BuildResult {
  /** Empty when there are errors: nothing may be published then. */
  documents: FeedDocument[];
  diagnostics: Diagnostic[];
}

export interface Project {
  registry: Registry;
  resources: LoadedResources;
  translators: Translators;
  content: ContentSet;
  diagnostics: Diagnostic[];
}

/** Reads the registry, the interface strings and the front matter of all content. */
export async function loadProject(options: ProjectOptions & { baseUrl?: string }): Promise<{ project?: Project; diagnostics: Diagnostic[] }> {
  const localesDir = options.locales ?? 'locales';
  const contentDir = options.content ?? 'content';
  const { registry, diagnostics } = await loadRegistry(localesDir);
  if (!registry) return { diagnostics: sortDiagnostics(diagnostics) };
  if (options.baseUrl) registry.feeds.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const resources = await loadResources(localesDir, registry);
  diagnostics.push(...resources.diagnostics, ...gapWarnings(registry, resources, localesDir));
  const listed = options.files ? { entries: listMemoryFiles(options.files), diagnostics: [] } : await listContentDir(contentDir, path.normalize(contentDir));
  diagnostics.push(...listed.diagnostics);
  const content = await loadArticles(listed.entries, registry);
  diagnostics.push(...content.diagnostics);
  const translators = createTranslators(registry, resources.resources);
  return { project: { registry, resources, translators, content, diagnostics }, diagnostics: sortDiagnostics(diagnostics) };
}

/** Builds every locale's three feeds in memory; `publish` writes them. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const loaded = await loadProject(options);
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.project || hasErrors(diagnostics)) return { documents: [], diagnostics };
  const { registry, translators, content, resources } = loaded.project;
  diagnostics.push(...translationWarnings(statusReport(registry, content, resources.resources), options.strict ?? false, options.content ?? 'content'));
  if (hasErrors(diagnostics)) return { documents: [], diagnostics: sortDiagnostics(diagnostics) };
  const now = options.now ?? new Date();
  const plans = planFeeds(content.articles, registry, { now, ...(options.limit ? { limit: options.limit } : {}) });

  const cache = options.cacheDir ? diskRenderCache(path.join(options.cacheDir, 'html')) : undefined;
  // Everything the feeds show is rendered first, all at once: cache hits are read, and the
  // rest goes to worker threads when there is enough of it to be worth starting them.
  const shown = [...new Set(plans.flatMap((p) => p.items.map((i) => i.version)))];
  const bodies = new Map<Version, string>();
  const rendered = new Map<Version, RenderedBody>();
  const toRender: Version[] = [];
  for (const v of shown) {
    let body: string;
    try {
      body = await v.readBody();
    } catch (e) {
      if (e instanceof ContentReadError) {
        diagnostics.push(e.diagnostic);
        continue;
      }
      throw e;
    }
    bodies.set(v, body);
    const hit = await cache?.get(body, v.url);
    if (hit) rendered.set(v, hit);
    else toRender.push(v);
  }
  if (hasErrors(diagnostics)) return { documents: [], diagnostics: sortDiagnostics(dedupe(diagnostics)) };
  const pool = toRender.length >= POOL_THRESHOLD ? new RenderPool() : undefined;
  try {
    await Promise.all(toRender.map(async (v) => {
      const body = bodies.get(v)!;
      const fresh = pool ? await pool.render(body, v.url) : renderMarkdown(body, v.url);
      rendered.set(v, fresh);
      await cache?.set(body, v.url, fresh);
    }));
  } finally {
    await pool?.close();
  }
  const ctx = { registry, translators, rendered, emptyFeedUpdated: newestDate(content.articles, now) };
  const documents: FeedDocument[] = [];
  for (const plan of plans) {
    const model = await buildFeedModel(plan, ctx);
    const texts: Record<FeedFormat, string> = { rss: renderRss(model), atom: renderAtom(model), json: renderJson(model) };
    for (const format of FORMATS) {
      documents.push({ locale: plan.locale.tag, format, path: feedPath(plan.locale.tag, format), url: publicUrl(registry, plan.locale, format), text: texts[format] });
    }
  }
  diagnostics.push(...(await validateDocuments(documents, registry, options.cacheDir ? diskPassedChecks(path.join(options.cacheDir, 'checked')) : undefined)));
  const sorted = sortDiagnostics(dedupe(diagnostics));
  return { documents: hasErrors(sorted) ? [] : documents, diagnostics: sorted };
}

/** Below this many uncached items, starting worker threads costs more than it saves. */
const POOL_THRESHOLD = 48;

/** One line per locale that has stale or missing translations (not one per file). */
function translationWarnings(report: StatusReport, strict: boolean, contentDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [tag, l] of Object.entries(report.locales)) {
    const list = (state: State) => {
      const ids = report.articles.filter((a) => a.locales[tag] === state).map((a) => a.id);
      return `${ids.length} ${state} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`;
    };
    const parts = [l.counts.stale ? list('stale') : '', l.counts.missing ? list('missing') : ''].filter(Boolean);
    if (parts.length === 0) continue;
    const make = strict ? error : warning;
    out.push(make(`translations: ${parts.join('; ')}`, {
      file: path.join(contentDir, '*', `${tag}.md`),
      ...(strict ? { hint: 'polyfeed status lists them; build without --strict to publish anyway.' } : {}),
    }));
  }
  return out;
}

/** The newest date of all published content: the date of a feed that has no items. */
function newestDate(articles: readonly Article[], now: Date): FeedDate {
  let newest: FeedDate | undefined;
  for (const a of articles) {
    for (const v of a.versions.values()) {
      if (v.draft || v.date.epochMs > now.getTime()) continue;
      const d = laterOf(v.date, v.updated && v.updated.epochMs <= now.getTime() ? v.updated : undefined);
      newest = newest ? laterOf(newest, d) : d;
    }
  }
  return newest ?? fromDate(now);
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
