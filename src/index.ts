/**
 * polyfeed's library API; the CLI (src/cli) is a thin layer over it. It only composes the
 * stages, each a function from data to data:
 *
 *   content/ ─ scan (one record per file) ─▶ articles          src/content/
 *   locales/ ─ read ─▶ registry + i18next resources             src/locales/
 *   partners/ ─ read ─▶ syndication agreements                   src/partners/
 *   articles × locales (× agreements) ─ plan ─▶ plans: per locale a feed, one per category
 *     and a page; per agreement and locale a partner feed; the site            src/plan/
 *   plans ─ render (Markdown → HTML, only what is shown) ─▶ HTML src/render/
 *   plans + HTML ─ model (src/formats/models.ts: one per plan kind) ─▶ models
 *   models ─ serialize (a row of src/outputs.ts each) ─▶ documents
 *   partner plans + documents ─ rule presets ─▶ warnings       src/partners/
 *   documents ─ validate ─▶ documents ─ publish (src/publish/) ─▶ out/
 *
 * The pure steps (reading a file, rendering a body, serializing and checking a plan's
 * documents) are jobs (src/workers/): in a large build they run on worker threads while this
 * thread plans and models.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { openBuildIndex } from './content/index-cache.js';
import { buildSummaries, openDocumentCache, planFingerprint, type CachedDocuments, type DocumentMeta } from './formats/document-cache.js';
import { codeVersion } from './version.js';
import { loadArticles, type Article, type ContentSet, type Version } from './content/articles.js';
import { fromDate, laterOf, type FeedDate } from './content/dates.js';
import { listMemoryFiles, scanAll, startListing, type ContentSource } from './content/scan.js';
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from './diagnostics.js';
import type { HistoryLinks, ModelContext } from './formats/model.js';
import type { ModelOf } from './formats/models.js';
import { textStore, type StoredText, type TextStore } from './formats/text-store.js';
import { createTranslators, gapWarnings, loadResources, SOURCE_LOCALE, type LoadedResources, type Translators } from './locales/i18n.js';
import { loadRegistry, withBaseUrl, type Registry } from './locales/registry.js';
import { checkBuildOptions, type BuildOptions, type ProjectOptions } from './options.js';
import { HEADERS_OUTPUT, outputNamed, outputPath, outputsOf, type AnyOutputKind, type DocumentLink, type FormatName } from './outputs.js';
import { bodiesNeeded, otherLanguages, planDocuments, type FeedHistory, type FeedPlan, type Plan, type PlanRef } from './plan/plan.js';
import { publicUrl, relativeHref, type PathVars } from './publish/paths.js';
import { checkPlan, reportViolations, type Violation } from './partners/check.js';
import { partnerClockMoments } from './partners/presets.js';
import { listPartners, readPartners, type PartnerFile, type PartnerProfile } from './partners/profile.js';
import { diskRenderCache } from './render/cache.js';
import { renderBodies } from './render/index.js';
import { statusReport, type State, type StatusReport } from './status/report.js';
import { diskPassedChecks, startChecks, type Checks } from './validate/index.js';
import { deferredJobs, inlineJobs, workerJobs, type Jobs } from './workers/pool.js';

export { Diagnostic, formatDiagnostic, hasErrors } from './diagnostics.js';
export type { RuleId } from './diagnostics.js';
export type { MemoryFile } from './content/scan.js';
export type { BuildOptions, ProjectOptions } from './options.js';
export type { FormatName } from './outputs.js';
export { OUTPUTS, FORMATS, mediaTypeOf } from './outputs.js';
export { publish, recover } from './publish/index.js';
export type { Published, PublishFile, PublishOptions, RecoveryReport } from './publish/index.js';

/**
 * A document of the build: where and what it is (`kind` names the row of src/outputs.ts that
 * made it; `path` is relative to the output folder, with `/`; `rank` the link order, lower
 * first; `digest` the SHA-256 of the bytes), and its text, which for a document reused from an
 * earlier build is read from the cache on first access.
 */
export interface BuiltDocument extends DocumentMeta {
  format: FormatName;
  readonly text: string;
}

/** @deprecated the name of `BuiltDocument` before outputs became data. */
export type FeedDocument = BuiltDocument;

export interface BuildResult {
  /** Empty when there are errors: nothing may be published then. */
  documents: BuiltDocument[];
  diagnostics: Diagnostic[];
  /** The registry's WebSub hub (`feeds.hub`), where it names one: `polyfeed build --ping` notifies it. */
  hub?: string;
}

export interface Project {
  registry: Registry;
  resources: LoadedResources;
  translators: Translators;
  content: ContentSet;
  diagnostics: Diagnostic[];
}

interface Inputs {
  registry: Registry;
  resources: LoadedResources;
  source: ContentSource;
  diagnostics: Diagnostic[];
}

/** The registry, the interface strings and the list of content files (not yet read). */
async function loadInputs(options: ProjectOptions & { baseUrl?: string }): Promise<{ inputs?: Inputs; diagnostics: Diagnostic[] }> {
  const localesDir = options.locales ?? 'locales';
  const contentDir = options.content ?? 'content';
  // Begun first: in a large tree its worker thread looks at folders while this thread reads the registry.
  const listing = options.files ? undefined : startListing(contentDir);
  const loaded = await loadRegistry(localesDir);
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.registry) {
    listing?.cancel();
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  const registry = options.baseUrl ? withBaseUrl(loaded.registry, options.baseUrl) : loaded.registry;
  const resources = await loadResources(localesDir, registry);
  diagnostics.push(...resources.diagnostics, ...gapWarnings(registry, resources, localesDir));
  const source = listing ? await listing.finish() : listMemoryFiles(options.files!);
  diagnostics.push(...source.diagnostics);
  return { inputs: { registry, resources, source, diagnostics }, diagnostics };
}

/** Reads the registry, the interface strings and the front matter of all content. */
export async function loadProject(options: ProjectOptions & { baseUrl?: string; cacheDir?: string }, preloaded?: Inputs, jobsFor?: (files: number) => Jobs): Promise<{ project?: Project; diagnostics: Diagnostic[] }> {
  const got = preloaded ? { inputs: preloaded, diagnostics: preloaded.diagnostics } : await loadInputs(options);
  if (!got.inputs) return { diagnostics: sortDiagnostics(got.diagnostics) };
  const { registry, resources, source } = got.inputs;
  const diagnostics = [...got.inputs.diagnostics];
  const index = options.cacheDir ? openBuildIndex(options.cacheDir) : undefined;
  // With jobs (a large build's worker threads), the files are read and parsed there.
  const scanned = jobsFor ? await scanAll(source.entries, jobsFor, index) : undefined;
  const content = loadArticles(source.entries, registry, index, scanned);
  index?.save();
  diagnostics.push(...content.diagnostics);
  const translators = createTranslators(registry, resources.resources);
  return { project: { registry, resources, translators, content, diagnostics }, diagnostics: sortDiagnostics(diagnostics) };
}

/** Builds every document of every locale in memory; `publish` writes them. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const optionProblems = checkBuildOptions(options);
  if (optionProblems.length) return { documents: [], diagnostics: optionProblems };
  const now = options.now ?? new Date();
  const got = await loadInputs(options);
  if (!got.inputs) return { documents: [], diagnostics: sortDiagnostics(got.diagnostics) };
  // Nothing changed since the last build (no file, string, registry entry, option or code, and
  // no embargo or update date passed): its documents and messages, as they were.
  const partnerSource = listPartners(options);
  const summary = options.cacheDir ? buildSummaries(options.cacheDir) : undefined;
  const key = summary ? buildKey(got.inputs, partnerSource.files, options) : '';
  const previous = summary?.reuse(key, now.getTime());
  const hub = got.inputs.registry.feeds.hub ? { hub: got.inputs.registry.feeds.hub } : {};
  if (previous) return { ...(previous as BuildResult), ...hub };
  options.progress?.({ stage: 'scan', files: got.inputs.source.entries.length });
  // Worker threads read content, render and check while this thread makes documents; a small
  // build (or one that reuses most of an earlier one) keeps its jobs here, where they cost less
  // than starting the workers.
  let pool: Jobs | undefined;
  const jobsFor = (big: boolean): Jobs => (big ? (pool ??= workerJobs()) : pool ?? inlineJobs);
  try {
    const loaded = await loadProject(options, got.inputs, (files) => jobsFor(files >= POOL_FILES));
    const diagnostics = [...loaded.diagnostics];
    if (!loaded.project || hasErrors(diagnostics)) return { documents: [], diagnostics };
    const { registry, translators, content, resources } = loaded.project;
    // With --strict these are errors; the build goes on, so that the partners' rules are reported with them.
    diagnostics.push(...translationWarnings(statusReport(registry, content, resources.resources), options, options.content ?? 'content'));
    const categories = new Set(Object.keys(resources.resources.en?.categories ?? {}));
    for (const a of content.articles) for (const v of a.versions.values()) for (const c of v.categories) categories.add(c);
    const agreements = readPartners(partnerSource.files, { registry, categories });
    diagnostics.push(...partnerSource.diagnostics, ...agreements.diagnostics);
    if (hasErrors([...partnerSource.diagnostics, ...agreements.diagnostics])) return { documents: [], diagnostics: sortDiagnostics(diagnostics) };
    const plans = planDocuments(content.articles, registry, {
      now, siteLocale: SOURCE_LOCALE, partners: agreements.partners, ...(options.limit ? { limit: options.limit } : {}),
    });

    // A plan whose inputs did not change since an earlier build gets that build's documents:
    // nothing of it is rendered, serialized or checked again.
    const emptyFeedUpdated = newestDate(content.articles, now);
    const docCache = options.cacheDir ? openDocumentCache(path.join(options.cacheDir, 'documents')) : undefined;
    const global = docCache ? globalFingerprint(loaded.project) : '';
    // The date of an empty feed is the newest of all content: only a feed without items, and the
    // pages and OPML (which list every feed), depend on it. A feed with items does not, so a new
    // article leaves every other month's archive, and every feed it is not in, as it was.
    const globalIfEmpty = docCache ? createHash('sha256').update(global).update(JSON.stringify(emptyFeedUpdated)).digest('hex') : '';
    // Each document links to its versions in the other formats of its plan and in the other
    // languages that have the same plan (a category feed exists only where its category does).
    const languages = otherLanguages(plans);
    const link = (kind: AnyOutputKind, plan: { scope: PathVars }): DocumentLink => {
      const relPath = outputPath(kind, plan.scope);
      const stylesheet = kind.stylesheet ? relativeHref(relPath, outputPath(outputNamed(kind.stylesheet), plan.scope)) : undefined;
      return { href: publicUrl(registry, relPath), mediaType: kind.format.mediaType, path: relPath, ...(stylesheet ? { stylesheet } : {}) };
    };
    // RFC 5005 links lead to the plan referred to, in the row of its kind that has the same format.
    const history = (kind: AnyOutputKind, h: FeedHistory): HistoryLinks => {
      const to = (ref: PlanRef | undefined): DocumentLink | undefined => {
        const row = ref ? outputsOf(ref.kind, [kind.format.name])[0] : undefined;
        return row && ref ? link(row, ref) : undefined;
      };
      const [current, prev, next] = [to(h.current), to(h.prev), to(h.next)];
      return { archive: h.archive ?? false, ...(current ? { current } : {}), ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
    };
    const work = plans.map((plan) => {
      // Partner feeds are made afresh every build (their rule presets look at the build clock),
      // and kept under a key of their own and the clock, for the summary of this build.
      const partner = 'partner' in plan && plan.partner ? plan.partner : undefined;
      const usesEmptyDate = !('policy' in plan) || plan.items.length === 0;
      const own = docCache ? planFingerprint(plan, usesEmptyDate ? globalIfEmpty : global, languages.get(plan)!.map((p) => p.locale.tag)) : '';
      const fingerprint = docCache && partner ? createHash('sha256').update(JSON.stringify([own, partner, now.getTime()])).digest('hex').slice(0, 32) : own;
      return { plan, fingerprint, cached: partner ? undefined : docCache?.get(fingerprint) };
    });
    const toMake = work.filter((w) => !w.cached || outputsOf(w.plan.kind).some((k) => !w.cached!.digests[k.name]));
    const cache = options.cacheDir ? diskRenderCache(path.join(options.cacheDir, 'html')) : undefined;
    const bodyCount = new Set(toMake.flatMap((w) => bodiesNeeded(w.plan))).size;
    // With a cache, most of that may be read rather than made: workers start only once more
    // than a few jobs have been asked for (an edited article needs three or four).
    const big = bodyCount >= POOL_BODIES || toMake.length >= POOL_PLANS;
    const jobs = big && cache && !pool ? deferredJobs(() => jobsFor(true)) : jobsFor(big);
    options.progress?.({ stage: 'render', items: bodyCount });
    options.progress?.({ stage: 'documents', made: toMake.length, reused: work.length - toMake.length });
    // Bodies are rendered when a plan that shows them is about to be made, and let go once the
    // plans that show them are made; the texts made go to a store that spills to a temporary
    // file. So a build holds what it is making, not all it made.
    const bodies = renderBodies(jobs, cache);
    const store = textStore(options.textsInMemory);
    const ctx: ModelContext = { registry, translators, rendered: bodies.rendered, emptyFeedUpdated };
    const checks = startChecks(jobs, options.cacheDir ? diskPassedChecks(path.join(options.cacheDir, 'checked')) : undefined);
    const listed = listedFeeds(plans);
    const readProblems = new Set<Diagnostic>();
    const results: PlanDocuments[] = new Array(work.length);
    const makeContext: MakeContext = { ctx, registry, languages, link, history, checks, jobs, now, store };
    const making = new Set(toMake);
    const make = async (i: number) => {
      const w = work[i]!;
      const need = making.has(w) ? bodiesToHold(w.plan) : [];
      const problems = await bodies.hold(need);
      try {
        if (problems.length) problems.forEach((d) => readProblems.add(d));
        else results[i] = await makeDocuments(w, makeContext);
      } finally {
        bodies.release(need);
        if ('policy' in w.plan && !listed.has(w.plan)) forgetFeedModel(w.plan);
      }
    };
    const reused = work.flatMap((w, i) => (making.has(w) ? [] : [i]));
    for (const i of reused) await make(i);
    // What needs no rendering (category feeds of summaries, pages whose feeds are made) runs
    // beside what does, so this thread makes documents while the workers render.
    const light: number[] = [];
    const heavy: number[] = [];
    work.forEach((w, i) => making.has(w) && (bodiesToHold(w.plan).length ? heavy : light).push(i));
    await Promise.all([
      inWindow(light, () => 1, LIGHT_WINDOW, make),
      inWindow(heavy, (i) => 1 + bodiesToHold(work[i]!.plan).length, BODY_WINDOW, make),
    ]);
    await bodies.settled();
    diagnostics.push(...readProblems);
    if (readProblems.size) return { documents: [], diagnostics: sortDiagnostics(diagnostics) };
    const made = results.flatMap((r) => (r.made ? [r.made] : []));
    const documents = results.flatMap((r) => r.documents);
    const fingerprintOf = results.flatMap((r) => r.documents.map(() => r.fingerprint));
    diagnostics.push(...reportViolations(results.flatMap((r) => r.violations), options.strict ?? false));
    // Site-wide documents (such as _headers) are made from all the others.
    const site = { documents: [...documents] };
    const siteFingerprint = createHash('sha256').update(JSON.stringify(site.documents.map((d) => [d.path, d.digest]))).digest('hex').slice(0, 32);
    const siteTexts: Record<string, string> = {};
    const siteDigests: Record<string, string> = {};
    for (const kind of [HEADERS_OUTPUT]) {
      const relPath = outputPath(kind, {});
      const url = publicUrl(registry, relPath);
      const text = kind.format.serialize(site, { self: { href: url, mediaType: kind.format.mediaType, path: relPath }, formats: [], languages: [] });
      const digest = createHash('sha256').update(text).digest('hex');
      siteTexts[kind.name] = text;
      siteDigests[kind.name] = digest;
      fingerprintOf.push(siteFingerprint);
      documents.push({ kind: kind.name, format: kind.format.name, locale: '', path: relPath, url, mediaType: kind.format.mediaType, rank: kind.rank, audience: kind.audience, digest, text });
      checks.add({ path: relPath, text, digest, format: kind.format.name });
    }
    made.push({ fingerprint: siteFingerprint, texts: Object.fromEntries(Object.entries(siteTexts).map(([k, t]) => [k, () => t])), digests: siteDigests });
    diagnostics.push(...(await checks.done()));
    const sorted = sortDiagnostics(diagnostics);
    if (hasErrors(sorted)) return { documents: [], diagnostics: sorted };
    if (docCache) {
      for (const m of made) docCache.put(m.fingerprint, Object.fromEntries(Object.entries(m.texts).map(([k, read]) => [k, read()])), m.digests);
      docCache.prune();
      summary?.save(key, selectionWindow(content.articles, now.getTime(), agreements.partners), documents.map((d, i) => ({
        kind: d.kind, format: d.format, locale: d.locale, path: d.path, url: d.url, mediaType: d.mediaType, rank: d.rank, audience: d.audience,
        ...(d.partner ? { partner: d.partner } : {}), digest: d.digest, fingerprint: fingerprintOf[i]!,
      })), sorted);
    }
    return { documents, diagnostics: sorted, ...hub };
  } finally {
    await pool?.close();
  }
}

/** Above any of these (files to read, bodies to render, plans to make), a build starts worker threads. */
const POOL_FILES = 2000;
const POOL_BODIES = 48;
const POOL_PLANS = 200;

/** Plans being made at once: those that need no rendering, and those that do (weighed by their bodies). */
const LIGHT_WINDOW = 128;
const BODY_WINDOW = 384;

/**
 * Runs `fn` over `items` in order, as many at once as their weights fit in `capacity` (and
 * always at least one, however heavy).
 */
function inWindow<T>(items: readonly T[], weight: (item: T) => number, capacity: number, fn: (item: T) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let load = 0;
    let running = 0;
    let failed = false;
    const pump = () => {
      while (!failed && next < items.length) {
        const item = items[next]!;
        const w = weight(item);
        if (running > 0 && load + w > capacity) break;
        next++;
        load += w;
        running++;
        fn(item).then(() => {
          load -= w;
          running--;
          pump();
        }, (e: unknown) => {
          failed = true;
          reject(e);
        });
      }
      if (!failed && running === 0 && next >= items.length) resolve();
    };
    pump();
  });
}

/** The feeds whose models a plan is made from: a locale's page, its feed's (the site needs only the feeds' heads and dates). */
function feedsListed(plan: Plan): FeedPlan[] {
  return 'feed' in plan ? [plan.feed] : [];
}

/** The feed plans whose model another plan lists: their models are kept. */
function listedFeeds(plans: readonly Plan[]): Set<Plan> {
  return new Set(plans.flatMap(feedsListed));
}

let modelStage: typeof import('./formats/models.js') | undefined;

/**
 * The model stage (src/formats/models.ts), loaded when the first plan is modelled: it brings
 * hast and unified, which a build that reuses every document does not need.
 */
async function models(): Promise<typeof import('./formats/models.js')> {
  return (modelStage ??= await import('./formats/models.js'));
}

/** Whether a feed's model is built and kept (none is before the model stage is loaded). */
function hasFeedModel(plan: FeedPlan): boolean {
  return modelStage?.hasFeedModel(plan) ?? false;
}

/** Lets go of a feed's model once its documents are made (see `forgetFeedModel` in src/formats/model.ts). */
function forgetFeedModel(plan: FeedPlan): void {
  modelStage?.forgetFeedModel(plan);
}

/**
 * The versions whose rendered bodies must be held to make a plan now: for a plan that lists
 * feeds, only those of the feeds whose model is not built yet.
 */
function bodiesToHold(plan: Plan): Version[] {
  const listed = feedsListed(plan);
  return [...new Set(listed.length ? listed.filter((f) => !hasFeedModel(f)).flatMap(bodiesNeeded) : bodiesNeeded(plan))];
}

interface Made {
  fingerprint: string;
  texts: Record<string, StoredText>;
  digests: Record<string, string>;
}

interface PlanWork {
  plan: Plan;
  fingerprint: string;
  cached?: CachedDocuments;
}

interface PlanDocuments {
  documents: BuiltDocument[];
  fingerprint: string;
  /** What the document cache is to keep, for documents made afresh. */
  made?: Made;
  violations: Violation[];
}

interface MakeContext {
  ctx: ModelContext;
  registry: Registry;
  languages: Map<Plan, Plan[]>;
  link(kind: AnyOutputKind, plan: Plan): DocumentLink;
  /** A feed's RFC 5005 links (src/plan/archive.ts), in the format of `kind`. */
  history(kind: AnyOutputKind, history: FeedHistory): HistoryLinks;
  checks: Checks;
  jobs: Jobs;
  now: Date;
  store: TextStore;
}

/**
 * A plan's documents: from an earlier build where its inputs did not change, else modelled
 * here and serialized (a row of src/outputs.ts each), digested and checked by a job; a partner
 * feed is also checked against its agreement's rule presets.
 */
async function makeDocuments({ plan, fingerprint, cached }: PlanWork, { ctx, registry, languages, link, history, checks, jobs, now, store }: MakeContext): Promise<PlanDocuments> {
  // A feed plan may write only some formats (a partner's agreement names them).
  const kinds: AnyOutputKind[] = outputsOf(plan.kind, 'formats' in plan ? plan.formats : undefined);
  const reuse = cached && kinds.every((k) => cached.digests[k.name]) ? cached : undefined;
  const metaOf = (kind: AnyOutputKind) => {
    const relPath = outputPath(kind, plan.scope);
    return {
      kind: kind.name, format: kind.format.name, locale: plan.scope.locale ?? '', path: relPath, url: publicUrl(registry, relPath), mediaType: kind.format.mediaType, rank: kind.rank,
      audience: kind.audience, ...(plan.scope.partner ? { partner: plan.scope.partner } : {}),
    };
  };
  if (reuse) {
    const documents = kinds.map((kind): BuiltDocument => withText({ ...metaOf(kind), digest: reuse.digests[kind.name]! }, () => reuse.text(kind.name)));
    return { documents, fingerprint, violations: [] };
  }
  const model = (await models()).modelOf(plan, ctx);
  // The model is plain data: the job that serializes it may run on another thread.
  const rows = kinds.map((kind) => ({
    name: kind.name,
    links: {
      self: link(kind, plan),
      formats: kinds.filter((k) => k !== kind && k.format.rel === 'alternate').map((k) => link(k, plan)),
      languages: languages.get(plan)!.map((p) => ({ ...link(kind, p), lang: p.locale.feedTag })),
      ...('history' in plan && plan.history ? { history: history(kind, plan.history) } : {}),
    },
  }));
  const expectedLang = plan.locale.feedTag;
  const made = await jobs.run('documents', { rows, model, check: checks.whereMade, expectedLang });
  const stored: Record<string, StoredText> = {};
  const digests: Record<string, string> = {};
  const checked: Promise<void>[] = [];
  const documents = kinds.map((kind, i): BuiltDocument => {
    const { text, digest, problems } = made[i]!;
    const meta = metaOf(kind);
    digests[kind.name] = digest;
    if (checks.whereMade) checks.report(meta.path, problems);
    else checked.push(checks.add({ path: meta.path, text, digest, format: kind.format.name, expectedLang }));
    stored[kind.name] = store.put(text);
    return withText({ ...meta, digest }, stored[kind.name]!);
  });
  const violations = 'partner' in plan && plan.partner
    ? checkPlan(plan, model as ModelOf['partner'], kinds.map((k, i) => ({ format: k.format.name, path: outputPath(k, plan.scope), text: made[i]!.text })), now.getTime())
    : [];
  // Checked before the plan counts as made: the texts being checked are part of what a build holds.
  await Promise.all(checked);
  return { documents, fingerprint, violations, made: { fingerprint, texts: stored, digests } };
}

/**
 * A document whose text is read when asked for. Made here, outside the function that made the
 * text: a getter made there would keep that function's every variable (the model, the texts
 * of the job) alive for as long as the document lives.
 */
function withText(meta: Omit<BuiltDocument, 'text'>, read: () => string): BuiltDocument {
  return Object.defineProperty(meta, 'text', { get: read, enumerable: true }) as BuiltDocument;
}

/** One line per locale that has stale or missing translations (not one per file). */
function translationWarnings(report: StatusReport, options: BuildOptions, contentDir: string): Diagnostic[] {
  const strict = options.strict ?? false;
  const out: Diagnostic[] = [];
  if (!strict && !options.verbose) {
    // One line for all: the per-locale lines are for --verbose, the details for polyfeed status.
    const gaps = Object.entries(report.locales).filter(([, l]) => l.counts.stale || l.counts.missing);
    if (gaps.length === 0) return out;
    const stale = gaps.reduce((n, [, l]) => n + l.counts.stale, 0);
    const missing = gaps.reduce((n, [, l]) => n + l.counts.missing, 0);
    const parts = [missing ? `${missing} missing` : '', stale ? `${stale} stale` : ''].filter(Boolean).join(' and ');
    out.push(warning('translations-incomplete', `${gaps.length} locale${gaps.length === 1 ? '' : 's'} lack translations (${parts} in all): ${gaps.map(([t]) => t).join(', ')}`, {
      hint: 'polyfeed status lists them; polyfeed build --verbose prints one line per locale.',
    }));
    return out;
  }
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

/** What every document depends on besides its plan: the registry, the strings, polyfeed's code. */
function globalFingerprint(project: Project): string {
  const { registry, resources } = project;
  return createHash('sha256')
    .update(codeVersion())
    .update(JSON.stringify([registry.feeds, registry.locales]))
    .update(JSON.stringify(resources.resources))
    .digest('hex');
}

/**
 * What identifies a build's inputs without reading the content: polyfeed's code, every content
 * file's version key, the registry and the strings as loaded, and the options.
 */
function buildKey(inputs: Inputs, partners: readonly PartnerFile[], options: BuildOptions): string {
  const hash = createHash('sha256').update(codeVersion());
  for (const f of partners) hash.update(f.display).update('\u0000').update(f.bytes).update('\u0000');
  hash.update(JSON.stringify([inputs.registry.feeds, inputs.registry.locales, inputs.resources.resources, options.limit ?? null, options.strict ?? false, options.verbose ?? false]));
  // In pieces of a few thousand entries: one update per entry was a tenth of a warm build.
  const entries = inputs.source.entries;
  for (let i = 0; i < entries.length; i += 4096) {
    let piece = '';
    for (const e of entries.slice(i, i + 4096)) piece += `${e.display}\u0000${e.key}\u0000`;
    hash.update(piece);
  }
  hash.update(JSON.stringify(inputs.diagnostics.map((d) => [d.ruleId, d.file, d.line, d.reason])));
  return hash.digest('hex');
}

/**
 * The build clock's range in which the same content selects the same items: from the latest
 * date (or update) at or before `now` to the first one after it.
 */
function selectionWindow(articles: readonly Article[], now: number, partners: readonly PartnerProfile[]): [number, number] {
  let lo = -Infinity;
  let hi = Infinity;
  const at = (d: number | undefined) => {
    if (d === undefined) return;
    if (d <= now) lo = Math.max(lo, d);
    else hi = Math.min(hi, d);
  };
  for (const a of articles) {
    for (const v of a.versions.values()) {
      // Expiry and withdrawal change what every feed shows; each agreement has moments of its own.
      at(v.date.epochMs);
      at(v.updated?.epochMs);
      at(v.expires?.epochMs);
      at(v.withdrawn?.at?.epochMs);
      for (const p of partners) partnerClockMoments(v, p).forEach(at);
    }
  }
  return [lo, hi];
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
