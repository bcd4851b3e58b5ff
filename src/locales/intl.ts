/**
 * Human-readable dates and numbers, formatted with the registry's `intl` locale (never the
 * machine's). Feed dates (RFC 822, RFC 3339) are machine formats and are not made here.
 * fa, fa-AF and ps name their calendar and digits in the registry (`-u-ca-persian-nu-arabext`):
 * the Solar Hijri calendar and Persian digits, which is how Radio Farda and Radio Azadi date stories.
 */
import type { FeedDate } from '../content/dates.js';
import type { Locale } from './registry.js';

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The calendar date of `date` in its own UTC offset, e.g. "21 июля 2015 г.", "۳۰ تیر ۱۳۹۴". */
export function formatLocalDate(locale: Locale, date: FeedDate): string {
  let f = dateFormats.get(locale.intl);
  if (!f) {
    f = new Intl.DateTimeFormat(locale.intl, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale.intl, f);
  }
  return f.format(new Date(date.epochMs + date.offsetMinutes * 60_000));
}

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale.intl);
  if (!f) {
    f = new Intl.NumberFormat(locale.intl);
    numberFormats.set(locale.intl, f);
  }
  return f.format(n);
}
