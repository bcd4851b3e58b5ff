/**
 * Category feeds: for every category slug of the items in a locale's feed, a feed of the
 * newest `limits.category` items of the locale's selection in that category — the same rules
 * as the locale feed (embargo, drafts, fallback), with the same ids; summaries unless the
 * registry's `feeds.categoryContent` is "full". A category whose items
 * have all left the locale feed gets no document in this build, and publishing removes the
 * files an earlier build wrote for it.
 */
import { ALL_FORMATS, PUBLIC_POLICY, SUMMARY_POLICY, type FeedLimits, type FeedPlan, type LocaleSelection, type PlanItem } from './plan.js';

export function planCategoryFeeds(selections: readonly LocaleSelection[], limits: FeedLimits): FeedPlan[] {
  const plans: FeedPlan[] = [];
  for (const { locale, items } of selections) {
    const slugs = [...new Set(items.slice(0, limits.feed).flatMap((i) => i.version.categories))].sort();
    // One pass over the selection, newest first, until every category has its feed's worth.
    const chosen = new Map<string, PlanItem[]>(slugs.map((slug) => [slug, []]));
    let open = slugs.length;
    for (const item of items) {
      if (open === 0) break;
      for (const category of new Set(item.version.categories)) {
        const list = chosen.get(category);
        if (!list || list.length >= limits.category) continue;
        list.push(item);
        if (list.length === limits.category) open--;
      }
    }
    for (const category of slugs) {
      plans.push({
        kind: 'category',
        scope: { locale: locale.tag, category },
        idScope: `${locale.tag}/categories/${category}`,
        locale,
        category,
        items: chosen.get(category)!,
        formats: ALL_FORMATS,
        policy: limits.categoryContent === 'full' ? PUBLIC_POLICY : SUMMARY_POLICY,
      });
    }
  }
  return plans;
}
