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

const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural category of `n` under the registry's `plural` locale (Node has no rules for tg, tt, ba). */
export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  let r = pluralRules.get(locale.plural);
  if (!r) {
    r = new Intl.PluralRules(locale.plural);
    pluralRules.set(locale.plural, r);
  }
  return r.select(n);
}

/**
 * A plural string by the registry's rules: `key_<category>` in the locale (or along its
 * fallback chain), else `key_other`; `{{count}}` is the number written the locale's way.
 */
export function plural(t: (keys: string[], options: { replace: Record<string, string> }) => string, locale: Locale, key: string, n: number): string {
  return t([`${key}_${pluralCategory(locale, n)}`, `${key}_other`], { replace: { count: formatNumber(locale, n) } });
}

const displayNames = new Map<string, Intl.DisplayNames | null>();

/**
 * The name of `language`'s language in `reader`'s language, for text written in the reader's
 * language (a fallback item's note and headline): Intl's name, from `reader.intl`, where Node
 * has display names for the reader's language (`uz-Cyrl` names `ru` "русча", `fa-AF` names
 * `en` "انگلیسی"). Where it has none (`av`, `crh`: their `intl` is another language's), or
 * none for that language, the language's own name from the registry (`Русский`), which its
 * readers know, rather than an English one.
 */
export function languageName(reader: Locale, language: Locale): string {
  let names = displayNames.get(reader.tag);
  if (names === undefined) {
    names = Intl.DisplayNames.supportedLocalesOf(reader.tag).length > 0 ? new Intl.DisplayNames(reader.intl, { type: 'language', fallback: 'none' }) : null;
    displayNames.set(reader.tag, names);
  }
  return names?.of(language.tag) ?? language.name;
}
