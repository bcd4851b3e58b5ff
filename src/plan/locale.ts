/**
 * The locale feed: the newest `limits.feed` items of the locale's selection; with archives,
 * its `prev-archive` is the locale's newest archive month (src/plan/archive.ts).
 */
import type { FeedSettings } from '../locales/registry.js';
import { archiveMonths, archiveScope } from './archive.js';
import { ALL_FORMATS, PUBLIC_POLICY, type FeedLimits, type FeedPlan, type LocaleSelection } from './plan.js';

export function planLocaleFeeds(selections: readonly LocaleSelection[], limits: FeedLimits, feeds: FeedSettings): FeedPlan[] {
  return selections.map((selection) => {
    const { locale, items } = selection;
    const newest = archiveMonths(selection, limits, feeds)[0];
    return {
      kind: 'locale' as const,
      scope: { locale: locale.tag },
      idScope: locale.tag,
      locale,
      items: items.slice(0, limits.feed),
      formats: ALL_FORMATS,
      policy: PUBLIC_POLICY,
      ...(newest ? { history: { prev: { kind: 'archive' as const, scope: archiveScope(locale.tag, newest.month) } } } : {}),
    };
  });
}
