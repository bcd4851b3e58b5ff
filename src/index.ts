/**
 * polyfeed's library API; the CLI (src/cli) is a thin layer over it. It only composes the
 * stages, each a function from data to data:
 *
 *   content/ ─ scan (one record per file) ─▶ articles          src/content/
 *   locales/ ─ read ─▶ registry + i18next resources             src/locales/
 *   partners/ ─ read ─▶ syndication agreements                   src/partners/
 *   articles × locales (× agreements) ─ plan ─▶ one plan per feed src/plan/
 *   plans ─ render (Markdown → HTML, only what is shown) ─▶ HTML src/render/
 *   plans + HTML ─ model ─▶ feed models ─ serialize (a row of src/outputs.ts each) ─▶ documents
 *   partner plans + documents ─ rule presets ─▶ warnings       src/partners/
 *   documents ─ validate ─▶ documents ─ publish (src/publish/) ─▶ out/
 */
import path from 'node:path';
import { loadArticles, type Article, type ContentSet } from './content/articles.js';
import { fromDate, laterOf, type FeedDate } from './content/dates.js';
import { listContentDir, listMemoryFiles } from './content/scan.js';
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from './diagnostics.js';
import { buildFeedModel } from './formats/model.js';
import { createTranslators, gapWarnings, loadResources, type LoadedResources, type Translators } from './locales/i18n.js';
import { loadRegistry, withBaseUrl, type Registry } from './locales/registry.js';
import { checkBuildOptions, type BuildOptions, type ProjectOptions } from './options.js';
import { outputPath, outputsOf, type FormatName } from './outputs.js';
import { checkPlan, reportViolations, type Violation } from './partners/check.js';
import { listPartners, readPartners } from './partners/profile.js';
import { planFeeds, planPartnerFeeds } from './plan/plan.js';
import { publicUrl } from './publish/paths.js';
import { diskRenderCache } from './render/cache.js';
import { renderBodies } from './render/index.js';
import { statusReport, type State, type StatusReport } from './status/report.js';
import { diskPassedChecks, validateDocuments, type CheckedDocument } from './validate/index.js';

export { Diagnostic, formatDiagnostic, hasErrors } from './diagnostics.js';
export type { RuleId } from './diagnostics.js';
export type { MemoryFile } from './content/scan.js';
export type { BuildOptions, ProjectOptions } from './options.js';
export type { FormatName } from './outputs.js';
export { OUTPUTS, FORMATS, mediaTypeOf } from './outputs.js';
export { publish } from './publish/atomic.js';

export interface BuiltDocument {
  /** The row of src/outputs.ts it was made by (`rss`, `atom`, `json` …). */
  kind: string;
  format: FormatName;
  locale: string;
  /** Relative to the output folder, with `/` separators: `<locale>/rss.xml` … */
  path: string;
  url: string;
  mediaType: string;
  /** Link order for publishing: lower first. */
  rank: number;
  /** `partner`: a partner's own feed (out/partners/<partner-id>/…), listed on no public page. */
  audience: 'public' | 'partner';
  /** The partner id, for a partner's feed. */
  partner?: string;
  text: string;
}

/** @deprecated the name of `BuiltDocument` before outputs became data. */
export type FeedDocument = BuiltDocument;

export interface BuildResult {
  /** Empty when there are errors: nothing may be published then. */
  documents: BuiltDocument[];
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
  const loaded = await loadRegistry(localesDir);
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.registry) return { diagnostics: sortDiagnostics(diagnostics) };
  const registry = options.baseUrl ? withBaseUrl(loaded.registry, options.baseUrl) : loaded.registry;
  const resources = await loadResources(localesDir, registry);
  diagnostics.push(...resources.diagnostics, ...gapWarnings(registry, resources, localesDir));
  const source = options.files ? listMemoryFiles(options.files) : listContentDir(contentDir);
  diagnostics.push(...source.diagnostics);
  const content = loadArticles(source.entries, registry);
  diagnostics.push(...content.diagnostics);
  const translators = createTranslators(registry, resources.resources);
  return { project: { registry, resources, translators, content, diagnostics }, diagnostics: sortDiagnostics(diagnostics) };
}

/** Builds every document of every locale in memory; `publish` writes them. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const optionProblems = checkBuildOptions(options);
  if (optionProblems.length) return { documents: [], diagnostics: optionProblems };
  const loaded = await loadProject(options);
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.project || hasErrors(diagnostics)) return { documents: [], diagnostics };
  const { registry, translators, content, resources } = loaded.project;
  // With --strict these are errors; the build goes on, so that the partners' rules are reported with them.
  diagnostics.push(...translationWarnings(statusReport(registry, content, resources.resources), options.strict ?? false, options.content ?? 'content'));
  const now = options.now ?? new Date();
  const partnerSource = listPartners(options);
  const categories = new Set([...Object.keys(resources.resources.en?.categories ?? {}), ...content.articles.flatMap((a) => [...a.versions.values()].flatMap((v) => v.categories))]);
  const agreements = readPartners(partnerSource.files, { registry, categories });
  diagnostics.push(...partnerSource.diagnostics, ...agreements.diagnostics);
  if (hasErrors([...partnerSource.diagnostics, ...agreements.diagnostics])) return { documents: [], diagnostics: sortDiagnostics(diagnostics) };
  const planOptions = { now, ...(options.limit ? { limit: options.limit } : {}) };
  const plans = [...planFeeds(content.articles, registry, planOptions), ...planPartnerFeeds(content.articles, registry, agreements.partners, planOptions)];

  const cache = options.cacheDir ? diskRenderCache(path.join(options.cacheDir, 'html')) : undefined;
  const { rendered, diagnostics: renderProblems } = await renderBodies(plans.flatMap((p) => p.items.map((i) => i.version)), cache);
  diagnostics.push(...renderProblems);
  if (hasErrors(renderProblems)) return { documents: [], diagnostics: sortDiagnostics(diagnostics) };

  const ctx = { registry, translators, rendered, emptyFeedUpdated: newestDate(content.articles, now) };
  const documents: BuiltDocument[] = [];
  const checked: CheckedDocument[] = [];
  const violations: Violation[] = [];
  for (const plan of plans) {
    const model = buildFeedModel(plan, ctx);
    const made: BuiltDocument[] = [];
    for (const kind of outputsOf(plan.kind, plan.formats)) {
      const relPath = outputPath(kind, plan.scope);
      const url = publicUrl(registry, relPath);
      const text = kind.format.serialize(model, { href: url, mediaType: kind.format.mediaType });
      made.push({
        kind: kind.name, format: kind.format.name, locale: plan.locale.tag, path: relPath, url, mediaType: kind.format.mediaType, rank: kind.rank,
        audience: kind.audience, partner: plan.partner?.id, text,
      });
      checked.push({ path: relPath, text, check: kind.format.check, expectedLang: plan.locale.feedTag });
    }
    documents.push(...made);
    // A partner feed is checked against its agreement's rule presets; a public feed has none.
    violations.push(...checkPlan(plan, model, made, now.getTime()));
  }
  diagnostics.push(...reportViolations(violations, options.strict ?? false));
  diagnostics.push(...(await validateDocuments(checked, options.cacheDir ? diskPassedChecks(path.join(options.cacheDir, 'checked')) : undefined)));
  const sorted = sortDiagnostics(diagnostics);
  return { documents: hasErrors(sorted) ? [] : documents, diagnostics: sorted };
}

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
    const file = path.join(contentDir, '*', `${tag}.md`);
    out.push(strict
      ? error('translations-incomplete', `translations: ${parts.join('; ')}`, { file, hint: 'polyfeed status lists them; build without --strict to publish anyway.' })
      : warning('translations-incomplete', `translations: ${parts.join('; ')}`, { file }));
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
