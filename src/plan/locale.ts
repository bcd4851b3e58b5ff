/** The locale feed: the newest `limits.feed` items of the locale's selection. */
import { ALL_FORMATS, PUBLIC_POLICY, type FeedLimits, type FeedPlan, type LocaleSelection } from './plan.js';

export function planLocaleFeeds(selections: readonly LocaleSelection[], limits: FeedLimits): FeedPlan[] {
  return selections.map(({ locale, items }) => ({
    kind: 'locale' as const,
    scope: { locale: locale.tag },
    idScope: locale.tag,
    locale,
    items: items.slice(0, limits.feed),
    formats: ALL_FORMATS,
    policy: PUBLIC_POLICY,
  }));
}
