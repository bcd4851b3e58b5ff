/**
 * RFC 5005 archives (registry `feeds.archives: "monthly"`): for each locale, one archive feed
 * per calendar month that has items, holding every item of the locale's selection dated in
 * that month — the same items, versions and fallbacks as the locale feed, without its limit.
 *
 * - A month is the article's `date` as written, in its own UTC offset (an article dated
 *   2015-08-01T03:00+06:00 is in 2015-08, as its editors see it); translations inherit the
 *   original's date, so an article is in the same month in every language.
 * - Months partition the selection: every item is in exactly one archive. Empty months have no
 *   document; `prev-archive` / `next-archive` link across them. The locale feed's
 *   `prev-archive` is the newest month. Items of the feed's window are in both the feed and
 *   their month's archive (RFC 5005 allows the overlap, and clients that do not re-read
 *   archives still see recent changes in the feed). So following `prev-archive` from the feed
 *   visits every month once, and every published item of the locale once.
 * - The newest month is archived too, though it is still open: a feed limited to N items
 *   could not otherwise hold every item of a busy month. Its document grows during the month.
 * - A locale whose items are all in one month and all in its feed has no archive: the feed is
 *   already complete, and a lone archive would link nowhere (the W3C validator's
 *   ArchiveIncomplete).
 *
 * An archive's bytes depend on its items and its neighbours in the chain (src/formats/
 * document-cache.ts fingerprints both), not on the build clock: its `updated` is its newest item's.
 */
import type { FeedSettings } from '../locales/registry.js';
import type { PathVars } from '../publish/paths.js';
import { ALL_FORMATS, PUBLIC_POLICY, type FeedLimits, type FeedPlan, type LocaleSelection, type PlanItem } from './plan.js';

/** `2015-07`: the month of the item's date in its own offset. */
export function monthOf(item: PlanItem): string {
  const d = item.version.date;
  const local = new Date(d.epochMs + d.offsetMinutes * 60_000);
  return `${String(local.getUTCFullYear()).padStart(4, '0')}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The locale's archive months, newest first, each with its items (newest first, as the
 * selection orders them); none when archives are off or the feed already holds every item of a single month.
 */
export function archiveMonths(selection: LocaleSelection, limits: FeedLimits, feeds: FeedSettings): { month: string; items: PlanItem[] }[] {
  if (feeds.archives !== 'monthly') return [];
  const byMonth = new Map<string, PlanItem[]>();
  for (const item of selection.items) {
    const month = monthOf(item);
    const list = byMonth.get(month);
    if (list) list.push(item);
    else byMonth.set(month, [item]);
  }
  if (byMonth.size === 0 || (byMonth.size === 1 && selection.items.length <= limits.feed)) return [];
  return [...byMonth].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).map(([month, items]) => ({ month, items }));
}

/** The scope of a locale's archive of `month`. */
export function archiveScope(locale: string, month: string): PathVars {
  return { locale, month };
}

export function planArchiveFeeds(selections: readonly LocaleSelection[], limits: FeedLimits, feeds: FeedSettings): FeedPlan[] {
  const plans: FeedPlan[] = [];
  for (const selection of selections) {
    const tag = selection.locale.tag;
    const months = archiveMonths(selection, limits, feeds);
    months.forEach(({ month, items }, i) => {
      // Newest first: the next (newer) archive is the one before, the previous (older) the one after.
      const newer = months[i - 1];
      const older = months[i + 1];
      plans.push({
        kind: 'archive',
        scope: archiveScope(tag, month),
        idScope: `${tag}/archive/${month}`,
        locale: selection.locale,
        period: month,
        items,
        formats: ALL_FORMATS,
        policy: PUBLIC_POLICY,
        history: {
          archive: true,
          current: { kind: 'locale', scope: { locale: tag } },
          ...(older ? { prev: { kind: 'archive', scope: archiveScope(tag, older.month) } } : {}),
          ...(newer ? { next: { kind: 'archive', scope: archiveScope(tag, newer.month) } } : {}),
        },
      });
    });
  }
  return plans;
}
