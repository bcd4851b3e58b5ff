/**
 * Category feeds: for every category slug of the items in a locale's feed, a feed of the
 * newest `limits.category` items of the locale's selection in that category — the same rules
 * as the locale feed (embargo, drafts, fallback), with the same ids; summaries unless the
 * registry's `feeds.categoryContent` is "full". A category whose items
 * have all left the locale feed gets no document in this build, and publishing removes the
 * files an earlier build wrote for it.
 */
import { ALL_FORMATS, PUBLIC_POLICY, SUMMARY_POLICY, type FeedLimits, type FeedPlan, type LocaleSelection } from './plan.js';

export function planCategoryFeeds(selections: readonly LocaleSelection[], limits: FeedLimits): FeedPlan[] {
  const plans: FeedPlan[] = [];
  for (const { locale, items } of selections) {
    const slugs = [...new Set(items.slice(0, limits.feed).flatMap((i) => i.version.categories))].sort();
    for (const category of slugs) {
      plans.push({
        kind: 'category',
        scope: { locale: locale.tag, category },
        idScope: `${locale.tag}/categories/${category}`,
        locale,
        category,
        items: items.filter((i) => i.version.categories.includes(category)).slice(0, limits.category),
        formats: ALL_FORMATS,
        policy: limits.categoryContent === 'full' ? PUBLIC_POLICY : SUMMARY_POLICY,
      });
    }
  }
  return plans;
}
