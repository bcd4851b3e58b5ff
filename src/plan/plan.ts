/**
 * Which items each feed shows. The selection is made once per locale: every published
 * article that has a version in the locale — or, where the registry says `missing: fallback`,
 * the first version along the locale's fallback chain — newest first, each with the other
 * language versions it links to. The planners (a row of `PLANNERS` each) cut feeds from it:
 * the locale feed (src/plan/locale.ts), one feed per category (src/plan/category.ts). A new
 * kind of feed is a new planner and new rows in src/outputs.ts; the build loop is the same.
 * An expired or withdrawn version is in no public feed.
 *
 * A partner's feed for one of its locales (src/partners/): only versions in that language
 * (one language per feed, as MSN asks; no fallback), filtered by the agreement's categories,
 * age and limit; an expired or withdrawn version is carried as a takedown for the agreement's
 * `takedownDays`, then dropped.
 *
 * With the registry's `feeds.archives`, each locale's selection is also cut into one archive
 * feed per month (src/plan/archive.ts), chained to each other and to the locale feed by
 * RFC 5005 links (`history`).
 *
 * The reader-facing documents have plans of their own: a `page` plan per locale (its page,
 * OPML and feed style sheet: the same items as its feed, and its category feeds) and one
 * `site` plan (the root page, the OPML of every feed, the page style sheet).
 */
import type { Article, Version } from '../content/articles.js';
import { laterOf, type FeedDate } from '../content/dates.js';
import type { FeedSettings, Locale, Registry } from '../locales/registry.js';
import type { PartnerFormat, PartnerProfile } from '../partners/profile.js';
import type { PathVars } from '../publish/paths.js';
import { planArchiveFeeds } from './archive.js';
import { planCategoryFeeds } from './category.js';
import { planLocaleFeeds } from './locale.js';

/** The plans documents are made from; each row of src/outputs.ts names one. */
export type PlanKind = FeedKind | 'page' | 'site';

/** The plan kinds that are feeds. */
export type FeedKind = 'locale' | 'category' | 'partner' | 'archive';

/** Another feed plan, by kind and scope: what an RFC 5005 link of a document points at (in the document's own format). */
export interface PlanRef {
  kind: FeedKind;
  scope: PathVars;
}

/** RFC 5005 (Feed Paging and Archiving): where a feed stands in its locale's archive chain. */
export interface FeedHistory {
  /** An archive document: `fh:archive`. */
  archive?: true;
  /** The subscription feed (`rel="current"`). */
  current?: PlanRef;
  /** The next older archive (`rel="prev-archive"`; JSON Feed `next_url`). */
  prev?: PlanRef;
  /** The next newer archive (`rel="next-archive"`). */
  next?: PlanRef;
}

export interface Takedown {
  /** The moment the item stopped being valid (its `expires`, or the withdrawal): dcterms:valid end=. */
  end: FeedDate;
  /** The item's new modified date: later than any it had before, so partners re-read it. */
  modified: FeedDate;
  cause: 'expired' | 'withdrawn';
  /** The editors' reason, for a withdrawal. */
  reason?: string;
}

export interface PlanItem {
  article: Article;
  /** The version the item shows. */
  version: Version;
  /** True when `version` is in another language than the feed, taken from the fallback chain. */
  isFallback: boolean;
  /** Every other language version of the article, in registry order. */
  alternates: Version[];
  /** The article's original, when it is published (the "and N more" link leads there). */
  original?: Version;
  /** Set in partner feeds for an expired or withdrawn version: the item is a takedown notice. */
  takedown?: Takedown;
}

/** What a feed does with the items it shows, beyond choosing them. Public feeds: `PUBLIC_POLICY`. */
export interface FeedPolicy {
  /** Partner extras: Media RSS, per-item rights, modified and validity dates, the lead image as a figure. */
  syndication: boolean;
  /**
   * `full`: the whole body; `excerpt`: a partner's labelled excerpt; `summary`: the lead image,
   * the summary and a link to the story (category feeds by default): an item that needs no body.
   */
  content: 'full' | 'excerpt' | 'summary';
  /** Which images go out: every one, only those cleared for syndication, or none. */
  media: 'all' | 'cleared' | 'none';
  /** A localized "first published by" line on every item. */
  attribution: boolean;
  /** Query parameters added to links to articles. */
  tracking: readonly (readonly [string, string])[];
}

export const PUBLIC_POLICY: FeedPolicy = { syndication: false, content: 'full', media: 'all', attribution: false, tracking: [] };

/**
 * A category feed is a list of headlines: its items carry the lead image, the summary and a
 * link to the story, not the body, which the locale feed carries. Full bodies there would be
 * every article rendered and written again per category, for what a reader of a topic scans.
 */
export const SUMMARY_POLICY: FeedPolicy = { ...PUBLIC_POLICY, content: 'summary' };

export const ALL_FORMATS: readonly PartnerFormat[] = ['rss', 'atom', 'json'];

/** One feed's worth of items: made into one document per row of its kind (and format) in src/outputs.ts. */
export interface FeedPlan {
  kind: FeedKind;
  /** Fills the path patterns of the rows (`{ locale: 'en' }`, `{ locale: 'en', category: 'human-rights' }`, `{ partner: 'acme', locale: 'ky' }`). */
  scope: PathVars;
  /** The feed's id is `tag:<authority>:feeds/<idScope>`. */
  idScope: string;
  locale: Locale;
  /** The category slug a category feed is about (its title names it). */
  category?: string;
  items: PlanItem[];
  /** The formats written: rows of other formats are skipped. */
  formats: readonly PartnerFormat[];
  policy: FeedPolicy;
  /** A partner feed's agreement: its rule presets are checked against the feed. */
  partner?: PartnerProfile;
  /** An archive's period (`2015-07`): its title names it. */
  period?: string;
  /** RFC 5005 links to the locale's archives (src/plan/archive.ts). */
  history?: FeedHistory;
}

/** A locale's reader-facing documents: its page shows what its feed shows. */
export interface PagePlan {
  kind: 'page';
  scope: PathVars;
  locale: Locale;
  /** The locale's feed: its items, title and documents. */
  feed: FeedPlan;
  /** The locale's category feeds, listed on its page and in the OPML (slug order). */
  categories: FeedPlan[];
  items: PlanItem[];
}

/** The documents of the whole site: the root page, the OPML of every feed, the style sheet. */
export interface SitePlan {
  kind: 'site';
  scope: PathVars;
  /** The language the root page is written in: the source locale of the strings. */
  locale: Locale;
  /** Every locale's page plan, in registry order. */
  pages: PagePlan[];
  items: PlanItem[];
}

export type Plan = FeedPlan | PagePlan | SitePlan;

/** Every item a plan's documents show: the site's list every language's page. */
export function itemsShown(plan: Plan): PlanItem[] {
  return 'pages' in plan ? plan.pages.flatMap((p) => p.items) : plan.items;
}

/**
 * The versions whose rendered body a plan's documents use: all its items', except where the
 * feed shows no body (summary or excerpt) and the front matter has the summary.
 */
export function bodiesNeeded(plan: Plan): Version[] {
  // The site lists each locale's feeds by title and date (src/formats/page-model.ts): no body.
  if (plan.kind === 'site') return [];
  const policy = 'policy' in plan ? plan.policy : PUBLIC_POLICY;
  return itemsShown(plan).filter((i) => policy.content === 'full' || !i.version.summary).map((i) => i.version);
}

/** The plan of each kind, for typing the tables keyed by kind. */
export interface PlanOf {
  locale: FeedPlan;
  category: FeedPlan;
  partner: FeedPlan;
  archive: FeedPlan;
  page: PagePlan;
  site: SitePlan;
}

/**
 * The scopes a registry gives each plan kind, whatever the content: what `polyfeed validate`
 * expects to find. (A kind whose scopes depend on the content, such as per-category feeds,
 * returns none here.)
 */
export const PLAN_SCOPES: Readonly<Record<PlanKind, (registry: Registry) => PathVars[]>> = {
  locale: (registry) => registry.locales.map((l) => ({ locale: l.tag })),
  category: () => [],
  partner: () => [],
  archive: () => [],
  page: (registry) => registry.locales.map((l) => ({ locale: l.tag })),
  site: () => [{}],
};

/** Every plan of a build, feeds first (every kind), then one page per locale, then the site. */
export function planDocuments(
  articles: readonly Article[], registry: Registry, options: PlanOptions & { siteLocale: string; partners?: readonly PartnerProfile[] },
): Plan[] {
  const feeds = planFeeds(articles, registry, options);
  const partnerFeeds = planPartnerFeeds(articles, registry, options.partners ?? [], options);
  const pages = feeds.filter((feed) => feed.kind === 'locale').map((feed): PagePlan => ({
    kind: 'page',
    scope: feed.scope,
    locale: feed.locale,
    feed,
    categories: feeds.filter((f) => f.kind === 'category' && f.locale === feed.locale),
    items: feed.items,
  }));
  const site: SitePlan = { kind: 'site', scope: {}, locale: registry.byTag.get(options.siteLocale) ?? registry.locales[0]!, pages, items: [] };
  return [...feeds, ...partnerFeeds, ...pages, site];
}

export interface PlanOptions {
  /** The build clock: articles dated after it are embargoed; expiry is measured against it. */
  now: Date;
  /** Overrides the registry's items per feed. */
  limit?: number;
}

/** Shown in public feeds at `nowMs`: not a draft, not embargoed, not withdrawn, not expired. */
export function isPubliclyLive(v: Version, nowMs: number): boolean {
  return !v.draft && v.date.epochMs <= nowMs && !v.withdrawn && !(v.expires && v.expires.epochMs <= nowMs);
}

/** The newest of the version's dates: `updated` (else `date`) and its corrections. */
export function lastModified(v: Version): FeedDate {
  let d = v.updated ?? v.date;
  for (const c of v.corrections) d = laterOf(d, c.date);
  return d;
}

const byDateDesc = (a: PlanItem, b: PlanItem) =>
  b.version.date.epochMs - a.version.date.epochMs || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0);

/** `items` in `byDateDesc` order, the dates read once (a locale's whole selection: thousands of items). */
function sortedByDateDesc(items: readonly PlanItem[]): PlanItem[] {
  const dates = Float64Array.from(items, (i) => i.version.date.epochMs);
  const order = Array.from(items, (_, i) => i);
  order.sort((a, b) => dates[b]! - dates[a]! || byDateDesc(items[a]!, items[b]!));
  return order.map((i) => items[i]!);
}

function liveVersions(articles: readonly Article[], nowMs: number) {
  return articles.map((article) => {
    const live = new Map<string, Version>();
    for (const [tag, v] of article.versions) if (isPubliclyLive(v, nowMs)) live.set(tag, v);
    return { article, live };
  });
}

/** Everything a locale's feeds may show, newest first, before any feed's limit. */
export interface LocaleSelection {
  locale: Locale;
  items: PlanItem[];
}

/** Items per feed: the locale feed's (`--limit` or feeds.limit), a category feed's (feeds.categoryLimit, at most the former). */
export interface FeedLimits {
  feed: number;
  category: number;
  /** What a category feed's items carry (feeds.categoryContent). */
  categoryContent: 'full' | 'summary';
}

/** A planner cuts the feeds of one kind from the selections (in registry order); `feeds` are the registry's settings (archives). */
export type Planner = (selections: readonly LocaleSelection[], limits: FeedLimits, feeds: FeedSettings) => FeedPlan[];

/** The public feeds' planners; partner feeds are planned per agreement (planPartnerFeeds). */
export const PLANNERS: Readonly<Record<Exclude<FeedKind, 'partner'>, Planner>> = {
  locale: planLocaleFeeds,
  category: planCategoryFeeds,
  archive: planArchiveFeeds,
};

/** Every feed of every kind: the locale feeds first, then the other kinds, each in registry order. */
export function planFeeds(articles: readonly Article[], registry: Registry, options: PlanOptions): FeedPlan[] {
  const limit = options.limit ?? registry.feeds.limit;
  const selections = selectItems(articles, registry, options.now);
  const limits = { feed: limit, category: Math.min(limit, registry.feeds.categoryLimit), categoryContent: registry.feeds.categoryContent };
  return Object.values(PLANNERS).flatMap((planner) => planner(selections, limits, registry.feeds));
}

export function selectItems(articles: readonly Article[], registry: Registry, now: Date): LocaleSelection[] {
  const nowMs = now.getTime();
  // A draft, an embargoed, expired or withdrawn version is neither shown nor linked to.
  const published = liveVersions(articles, nowMs);
  const order = new Map(registry.locales.map((l, i) => [l.tag, i]));
  // An article's live versions in registry order, sorted once: every locale's item of it lists the others.
  const inOrder = published.map(({ live }) => [...live.values()].sort((a, b) => order.get(a.locale.tag)! - order.get(b.locale.tag)!));
  return registry.locales.map((locale) => {
    const candidates: PlanItem[] = [];
    published.forEach(({ article, live }, n) => {
      let version = live.get(locale.tag);
      let isFallback = false;
      if (!version && locale.missing === 'fallback') {
        const tag = locale.fallback.find((t) => live.has(t));
        version = tag ? live.get(tag) : undefined;
        isFallback = Boolean(version);
      }
      if (!version) return;
      const original = live.get(article.original.locale.tag) === article.original ? article.original : undefined;
      candidates.push(planItem(article, version, isFallback, inOrder[n]!, original));
    });
    return { locale, items: sortedByDateDesc(candidates) };
  });
}

/**
 * A locale's item of an article. Its `alternates` (the other live versions, in registry order)
 * are listed when first read: most items of a large archive are in no feed, and listing them
 * for every article in every locale was a tenth of planning a build. A class, so that the
 * getter is its prototype's: defining one on each of 145k objects (5k articles × 29 locales)
 * made each a slow dictionary object and cost a tenth of an edited article's build.
 */
class SelectedItem implements PlanItem {
  private listed?: Version[];

  constructor(
    readonly article: Article, readonly version: Version, readonly isFallback: boolean,
    private readonly live: readonly Version[], readonly original: Version | undefined,
  ) {}

  get alternates(): Version[] {
    return (this.listed ??= this.live.filter((v) => v !== this.version));
  }
}

function planItem(article: Article, version: Version, isFallback: boolean, live: readonly Version[], original: Version | undefined): PlanItem {
  return new SelectedItem(article, version, isFallback, live, original);
}

/**
 * For each plan, the plans of the same feed in the other locales (same kind, same scope but
 * for the locale), in registry order: each document links to its versions in those languages.
 */
export function otherLanguages<P extends Plan>(plans: readonly P[]): Map<P, P[]> {
  const key = (p: P) => JSON.stringify([p.kind, ...Object.entries(p.scope).filter(([k]) => k !== 'locale').sort()]);
  const groups = new Map<string, P[]>();
  for (const p of plans) {
    const group = groups.get(key(p));
    if (group) group.push(p);
    else groups.set(key(p), [p]);
  }
  return new Map(plans.map((p) => [p, groups.get(key(p))!.filter((o) => o !== p)]));
}

const DAY_MS = 86_400_000;

/**
 * One plan per partner and locale of its agreement. Takedowns are not counted in the limit and
 * not subject to maxAge: a partner may hold a copy of an item long after it left the window.
 */
export function planPartnerFeeds(articles: readonly Article[], registry: Registry, partners: readonly PartnerProfile[], options: PlanOptions): FeedPlan[] {
  if (partners.length === 0) return [];
  const nowMs = options.now.getTime();
  const published = liveVersions(articles, nowMs);
  const order = new Map(registry.locales.map((l, i) => [l.tag, i]));
  const plans: FeedPlan[] = [];
  for (const partner of partners) {
    const limit = partner.limit ?? options.limit ?? registry.feeds.limit;
    const policy: FeedPolicy = { syndication: true, content: partner.content, media: partner.media, attribution: partner.attribution, tracking: partner.links };
    for (const tag of partner.locales) {
      const locale = registry.byTag.get(tag)!;
      const live: PlanItem[] = [];
      const takedowns: PlanItem[] = [];
      for (const { article, live: liveByTag } of published) {
        const version = article.versions.get(tag);
        if (!version || version.draft || version.date.epochMs > nowMs || !version.syndication) continue;
        if (!inCategories(version.categories, partner.categories)) continue;
        const alternates = [...liveByTag.values()]
          .filter((v) => v !== version && v.syndication)
          .sort((a, b) => order.get(a.locale.tag)! - order.get(b.locale.tag)!);
        const end = version.withdrawn?.at ?? (version.expires && version.expires.epochMs <= nowMs ? version.expires : undefined);
        if (end) {
          // Withdrawn: at once; expired: from the expiry. Either way only for takedownDays.
          if (nowMs >= end.epochMs + partner.takedownDays * DAY_MS) continue;
          takedowns.push({
            article, version, isFallback: false, alternates: [], takedown: {
            end, modified: newerThan(lastModified(version), end),
            ...(version.withdrawn ? { cause: 'withdrawn' as const, reason: version.withdrawn.reason } : { cause: 'expired' as const }),
          },
        });
          continue;
        }
        if (partner.maxAgeMs !== undefined && nowMs - version.date.epochMs > partner.maxAgeMs) continue;
        live.push({ article, version, isFallback: false, alternates });
      }
      live.sort(byDateDesc);
      const items = [...live.slice(0, limit), ...takedowns].sort(byDateDesc);
      plans.push({
        kind: 'partner', scope: { partner: partner.id, locale: tag }, idScope: `partners/${partner.id}/${tag}`, locale, items,
        formats: partner.formats, policy, partner,
      });
    }
  }
  return plans;
}

function inCategories(categories: readonly string[], filter: PartnerProfile['categories']): boolean {
  if (filter.include.length && !categories.some((c) => filter.include.includes(c))) return false;
  return !categories.some((c) => filter.exclude.includes(c));
}

/** `moment`, or one second after `before` when the moment is not later: a takedown must look newer. */
function newerThan(before: FeedDate, moment: FeedDate): FeedDate {
  return moment.epochMs > before.epochMs ? moment : { ...before, epochMs: before.epochMs + 1000 };
}
