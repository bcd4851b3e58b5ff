/**
 * Which items each feed shows. The selection is made once per locale: every published
 * article that has a version in the locale — or, where the registry says `missing: fallback`,
 * the first version along the locale's fallback chain — newest first, each with the other
 * language versions it links to. The planners (a row of `PLANNERS` each) cut feeds from it:
 * the locale feed (src/plan/locale.ts), one feed per category (src/plan/category.ts). A new
 * kind of feed is a new planner and new rows in src/outputs.ts; the build loop is the same.
 */
import type { Article, Version } from '../content/articles.js';
import type { Locale, Registry } from '../locales/registry.js';
import type { PathVars } from '../publish/paths.js';
import { planCategoryFeeds } from './category.js';
import { planLocaleFeeds } from './locale.js';

/** The plans documents are made from; each row of src/outputs.ts names one. */
export type PlanKind = 'locale' | 'category';

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
}

/** One feed's worth of items: made into one document per row of its kind in src/outputs.ts. */
export interface FeedPlan {
  kind: PlanKind;
  /** Fills the path patterns of the rows (`{ locale: 'en' }`, `{ locale: 'en', category: 'human-rights' }`). */
  scope: PathVars;
  /** The feed's id is `tag:<authority>:feeds/<idScope>`. */
  idScope: string;
  locale: Locale;
  /** The category slug a category feed is about (its title names it). */
  category?: string;
  items: PlanItem[];
}

export interface PlanOptions {
  /** The build clock: articles dated after it are embargoed. */
  now: Date;
  /** Overrides the registry's items per feed. */
  limit?: number;
}

/** Everything a locale's feeds may show, newest first, before any feed's limit. */
export interface LocaleSelection {
  locale: Locale;
  items: PlanItem[];
}

/** A planner cuts the feeds of one kind from the selections (in registry order). */
export type Planner = (selections: readonly LocaleSelection[], limit: number) => FeedPlan[];

export const PLANNERS: Readonly<Record<PlanKind, Planner>> = {
  locale: planLocaleFeeds,
  category: planCategoryFeeds,
};

/** Every feed of every kind: the locale feeds first, then the other kinds, each in registry order. */
export function planFeeds(articles: readonly Article[], registry: Registry, options: PlanOptions): FeedPlan[] {
  const limit = options.limit ?? registry.feeds.limit;
  const selections = selectItems(articles, registry, options.now);
  return Object.values(PLANNERS).flatMap((planner) => planner(selections, limit));
}

export function selectItems(articles: readonly Article[], registry: Registry, now: Date): LocaleSelection[] {
  const nowMs = now.getTime();
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
      const original = live.get(article.original.locale.tag) === article.original ? article.original : undefined;
      candidates.push({ article, version, isFallback, alternates, ...(original ? { original } : {}) });
    }
    candidates.sort((a, b) => b.version.date.epochMs - a.version.date.epochMs || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0));
    return { locale, items: candidates };
  });
}

/**
 * For each plan, the plans of the same feed in the other locales (same kind, same scope but
 * for the locale), in registry order: each document links to its versions in those languages.
 */
export function otherLanguages(plans: readonly FeedPlan[]): Map<FeedPlan, FeedPlan[]> {
  const key = (p: FeedPlan) => JSON.stringify([p.kind, ...Object.entries(p.scope).filter(([k]) => k !== 'locale').sort()]);
  const groups = new Map<string, FeedPlan[]>();
  for (const p of plans) {
    const group = groups.get(key(p));
    if (group) group.push(p);
    else groups.set(key(p), [p]);
  }
  return new Map(plans.map((p) => [p, groups.get(key(p))!.filter((o) => o !== p)]));
}
