/**
 * Which items each locale's feed shows: the newest `limit` published articles that have a
 * version in the locale — or, where the registry says `missing: fallback`, the first version
 * along the locale's fallback chain — and, for each item, the other language versions it
 * links to. The reader-facing documents have plans of their own: a `page` plan per locale
 * (its page, OPML and feed style sheet: the same items as its feed) and one `site` plan (the
 * root page, the OPML of every feed, the page style sheet).
 */
import type { Article, Version } from '../content/articles.js';
import type { Locale, Registry } from '../locales/registry.js';
import type { PathVars } from '../publish/paths.js';

/** The plans documents are made from; each row of src/outputs.ts names one. */
export type PlanKind = 'locale' | 'page' | 'site';

export interface PlanItem {
  article: Article;
  /** The version the item shows. */
  version: Version;
  /** True when `version` is in another language than the feed, taken from the fallback chain. */
  isFallback: boolean;
  /** Every other language version of the article, in registry order. */
  alternates: Version[];
}

/** One feed's worth of items: made into one document per row of its kind in src/outputs.ts. */
export interface FeedPlan {
  kind: PlanKind;
  /** Fills the path patterns of the rows (`{ locale: 'en' }`). */
  scope: PathVars;
  /** The feed's id is `tag:<authority>:feeds/<idScope>`. */
  idScope: string;
  locale: Locale;
  items: PlanItem[];
}

/** A locale's reader-facing documents: its page shows what its feed shows. */
export interface PagePlan {
  kind: 'page';
  scope: PathVars;
  locale: Locale;
  /** The locale's feed: its items, title and documents. */
  feed: FeedPlan;
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

/** The plan of each kind, for typing the tables keyed by kind. */
export interface PlanOf {
  locale: FeedPlan;
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
  page: (registry) => registry.locales.map((l) => ({ locale: l.tag })),
  site: () => [{}],
};

/** Every plan of a build, feeds first: one per locale of each kind, then the site. */
export function planDocuments(articles: readonly Article[], registry: Registry, options: PlanOptions & { siteLocale: string }): Plan[] {
  const feeds = planFeeds(articles, registry, options);
  const pages = feeds.map((feed): PagePlan => ({ kind: 'page', scope: feed.scope, locale: feed.locale, feed, items: feed.items }));
  const site: SitePlan = { kind: 'site', scope: {}, locale: registry.byTag.get(options.siteLocale) ?? registry.locales[0]!, pages, items: [] };
  return [...feeds, ...pages, site];
}

export interface PlanOptions {
  /** The build clock: articles dated after it are embargoed. */
  now: Date;
  /** Overrides the registry's items per feed. */
  limit?: number;
}

export function planFeeds(articles: readonly Article[], registry: Registry, options: PlanOptions): FeedPlan[] {
  const limit = options.limit ?? registry.feeds.limit;
  const nowMs = options.now.getTime();
  // A draft, or a version dated after the build clock (embargoed), is neither shown nor linked to.
  const published = articles.map((article) => ({
    article,
    live: new Map([...article.versions].filter(([, v]) => !v.draft && v.date.epochMs <= nowMs)),
  }));
  const order = new Map(registry.locales.map((l, i) => [l.tag, i]));
  return registry.locales.map((locale) => {
    const candidates: PlanItem[] = [];
    for (const { article, live } of published) {
      let version = live.get(locale.tag);
      let isFallback = false;
      if (!version && locale.missing === 'fallback') {
        const tag = locale.fallback.find((t) => live.has(t));
        version = tag ? live.get(tag) : undefined;
        isFallback = Boolean(version);
      }
      if (!version) continue;
      const shown = version;
      const alternates = [...live.values()]
        .filter((v) => v !== shown)
        .sort((a, b) => order.get(a.locale.tag)! - order.get(b.locale.tag)!);
      candidates.push({ article, version, isFallback, alternates });
    }
    candidates.sort((a, b) => b.version.date.epochMs - a.version.date.epochMs || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0));
    return { kind: 'locale' as const, scope: { locale: locale.tag }, idScope: locale.tag, locale, items: candidates.slice(0, limit) };
  });
}
