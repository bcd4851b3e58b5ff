/**
 * The locale registry: every fact about a locale lives here, read from
 * `<locales>/registry.json`. Three spellings of a locale are kept apart:
 *
 * - `tag`      the path tag: content file names and output folders (`cnr`, `fa-AF`);
 * - `feedTag`  the tag written into feeds, where validators and readers need another
 *              spelling (`cnr` is valid BCP 47, yet the W3C validator rejects it);
 * - `intl`     the locale Intl formats dates and numbers with (Node has no data for
 *              `av` or `crh`; Persian-script locales name calendar and digits explicitly);
 * - `plural`   the locale whose plural rules apply (Node has none for `tg`, `tt`, `ba`).
 *
 * `intl` and `plural` must be locales Node's ICU really has: otherwise Intl would quietly
 * fall back to the machine's default locale, and output would depend on `LANG`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { error, type Diagnostic, type RuleId } from '../diagnostics.js';
import { cleanText } from '../util/clean.js';
import { closest } from '../util/closest.js';
import { parseJsonSource } from '../util/json-source.js';
import { isObject } from '../util/object.js';
import { checkUrl } from '../util/url.js';

/**
 * Items per category feed unless the registry says otherwise: WordPress's default per feed. A
 * category feed reaches back past the locale feed's window, so every item it holds is rendered
 * and written once more; with many categories, 50 of each multiplied a build's output by ten.
 */
export const DEFAULT_CATEGORY_LIMIT = 10;

export type Direction = 'ltr' | 'rtl';
export type MissingPolicy = 'omit' | 'fallback';

export interface Locale {
  tag: string;
  name: string;
  englishName: string;
  script: string;
  dir: Direction;
  /** Other locales to try, in order, when this one lacks a translation or a string. */
  fallback: string[];
  /** The service's site: canonical article links are derived from it. */
  site: string;
  feedTag: string;
  intl: string;
  plural: string;
  /** What a feed does with an article that has no version in this locale. */
  missing: MissingPolicy;
  /**
   * The registry's ordered list of the languages this locale's readers are most likely to
   * read as well (`ky`: ru, kk, uz-Latn, tg): the "also in" line links these first. Absent,
   * the fallback chain and then `en` stand in (see `relatedLanguages`).
   */
  related?: string[];
  /** A square icon of the service (PNG, GIF or JPEG): the locale's own or `feeds.icon`. */
  icon?: string;
  /** The service's wide logo (PNG, GIF or JPEG): the locale's own or `feeds.logo`. */
  logo?: string;
}

export interface FeedSettings {
  /** Where the contents of `out/` are published; self links are made from it. */
  baseUrl: string;
  /** Authority and date of tag: URIs (RFC 4151) used as stable ids, e.g. `example.org,2026`. */
  idAuthority: string;
  /** How many items a feed shows, newest first. */
  limit: number;
  /** How many items a category feed shows (default 10, never more than `limit`). */
  categoryLimit: number;
  /** What a category feed's items carry: the lead image, summary and a link (default), or the full body. */
  categoryContent: 'summary' | 'full';
  /** Who publishes the feeds: the feed-level author. */
  publisher: string;
  /** Default icon and logo of locales that have none of their own. */
  icon?: string;
  logo?: string;
  /** The WebSub hub the feeds name (`rel="hub"`, JSON Feed `hubs`) and `build --ping` notifies. */
  hub?: string;
  /** RSS `<ttl>`: minutes a reader may cache the feed. */
  ttl?: number;
  /** RSS 1.0 Syndication module: the feed is updated `updateFrequency` times per `updatePeriod`. */
  updatePeriod?: UpdatePeriod;
  updateFrequency?: number;
  /** RFC 5005 archives (`out/<locale>/archive/<yyyy-mm>.*`): one document set per month; absent, none. */
  archives?: ArchivePeriod;
}

/** The periods `feeds.archives` may name: one archive document per calendar month. */
export const ARCHIVE_PERIODS = ['monthly'] as const;
export type ArchivePeriod = (typeof ARCHIVE_PERIODS)[number];

/** Every field `feeds` may have: any other is an error (a misspelt optional field would otherwise do nothing). */
const FEEDS_FIELDS = ['baseUrl', 'idAuthority', 'limit', 'categoryLimit', 'categoryContent', 'publisher', 'icon', 'logo', 'hub', 'ttl', 'updatePeriod', 'updateFrequency', 'archives'] as const;

/** `sy:updatePeriod`'s values (RSS 1.0 Syndication module). */
export const UPDATE_PERIODS = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export type UpdatePeriod = (typeof UPDATE_PERIODS)[number];

export interface Registry {
  feeds: FeedSettings;
  /** In registry order. */
  locales: Locale[];
  byTag: Map<string, Locale>;
}

export const REGISTRY_FILE = 'registry.json';

const LOCALE_FIELDS = ['name', 'englishName', 'script', 'dir', 'fallback', 'site', 'feedTag', 'intl', 'plural', 'missing'] as const;
const OPTIONAL_LOCALE_FIELDS = ['related', 'icon', 'logo'] as const;
const KNOWN_LOCALE_FIELDS: readonly string[] = [...LOCALE_FIELDS, ...OPTIONAL_LOCALE_FIELDS];

/** Readers show these everywhere; RSS's <image> allows no other. */
const IMAGE_EXTENSION = /\.(png|gif|jpe?g)$/i;

/** Reads and checks `<localesDir>/registry.json`. `displayDir` is how the folder is shown in messages. */
export async function loadRegistry(localesDir: string, displayDir = localesDir): Promise<{ registry?: Registry; diagnostics: Diagnostic[] }> {
  const file = path.join(displayDir, REGISTRY_FILE);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path.join(localesDir, REGISTRY_FILE)));
  } catch {
    return {
      diagnostics: [error('registry-unreadable', `cannot read the locale registry`, { file, hint: `Create ${file} (see the README, "Locale registry"), or point --locales at the folder that has it.` })],
    };
  }
  return parseRegistry(bytes, file);
}

export function parseRegistry(bytes: Uint8Array, file: string): { registry?: Registry; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(bytes, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const { value, locate } = parsed.source;
  const diagnostics: Diagnostic[] = [];
  const fail = (pathTo: (string | number)[], message: string, hint?: string, ruleId: RuleId = 'registry-field') => {
    diagnostics.push(error(ruleId, message, { file, ...locate(pathTo), ...(hint ? { hint } : {}) }));
  };
  /** An icon or logo: an absolute http(s) URL of a PNG, GIF or JPEG file. */
  const imageUrl = (v: unknown, pathTo: (string | number)[], what: string): string | undefined => {
    if (typeof v !== 'string') {
      fail(pathTo, `${what} must be the URL of an image (a string)`);
      return undefined;
    }
    const checked = checkUrl(cleanText(v));
    if (!checked.ok) {
      fail(pathTo, `${what} ${checked.problem}`, 'Write the absolute http(s) address of the image, e.g. https://www.rferl.org/Content/responsive/RFE/img/webApp/ico-192x192.png.', 'url-invalid');
      return undefined;
    }
    if (!IMAGE_EXTENSION.test(new URL(checked.href).pathname)) {
      fail(pathTo, `${what} "${checked.href}" is not a PNG, GIF or JPEG file (by its name)`,
        'RSS <image> allows only these, and every reader shows them: give a URL that ends in .png, .gif, .jpg or .jpeg.', 'registry-image');
      return undefined;
    }
    return checked.href;
  };
  if (!isObject(value) || !isObject(value.feeds) || !isObject(value.locales)) {
    fail([], 'the registry must be an object with "feeds" and "locales" objects');
    return { diagnostics };
  }
  const f = value.feeds;
  for (const key of Object.keys(f)) {
    if ((FEEDS_FIELDS as readonly string[]).includes(key)) continue;
    const near = closest(key, FEEDS_FIELDS);
    diagnostics.push(error('registry-field', `feeds: unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ''}`, {
      file, ...locate(['feeds', key], { key: true }), hint: `Known fields of feeds: ${FEEDS_FIELDS.join(', ')}.`,
    }));
  }
  const base = typeof f.baseUrl === 'string' ? checkUrl(f.baseUrl) : undefined;
  const baseUrl = base?.ok ? withSlash(base.href) : undefined;
  if (!baseUrl) fail(['feeds', 'baseUrl'], `feeds.baseUrl must be the absolute http(s) URL where out/ is published${base && !base.ok ? `: ${base.problem}` : ''}`, undefined, 'url-invalid');
  const idAuthority = typeof f.idAuthority === 'string' && /^[a-z0-9.-]+\.[a-z]{2,},\d{4}(-\d{2}(-\d{2})?)?$/i.test(f.idAuthority) ? f.idAuthority : undefined;
  if (!idAuthority) fail(['feeds', 'idAuthority'], 'feeds.idAuthority must be a tag URI authority and date such as "example.org,2026" (RFC 4151)');
  const limit = Number.isInteger(f.limit) && (f.limit as number) > 0 ? (f.limit as number) : undefined;
  if (!limit) fail(['feeds', 'limit'], 'feeds.limit must be a whole number above 0 (items per feed)');
  const categoryLimit = f.categoryLimit === undefined ? DEFAULT_CATEGORY_LIMIT : Number.isInteger(f.categoryLimit) && (f.categoryLimit as number) > 0 ? (f.categoryLimit as number) : undefined;
  if (!categoryLimit) fail(['feeds', 'categoryLimit'], 'feeds.categoryLimit must be a whole number above 0 (items per category feed)');
  const categoryContent = f.categoryContent === undefined ? 'summary' : f.categoryContent === 'summary' || f.categoryContent === 'full' ? f.categoryContent : undefined;
  if (!categoryContent) fail(['feeds', 'categoryContent'], 'feeds.categoryContent must be "summary" (the lead image, summary and a link: the default) or "full" (the whole body, as in the locale feed)');
  const publisher = typeof f.publisher === 'string' && cleanText(f.publisher).trim() ? cleanText(f.publisher).trim() : undefined;
  if (!publisher) fail(['feeds', 'publisher'], 'feeds.publisher must name who publishes the feeds');
  const defaults: { icon?: string; logo?: string } = {};
  for (const field of ['icon', 'logo'] as const) {
    if (!(field in f)) continue;
    const href = imageUrl(f[field], ['feeds', field], `feeds.${field}`);
    if (href) defaults[field] = href;
  }
  const delivery = deliverySettings(f, (field, message, hint, ruleId) => fail(['feeds', field], message, hint, ruleId));

  const locales: Locale[] = [];
  const tags = Object.keys(value.locales);
  const byLowerCase = new Map<string, string>();
  for (const tag of tags) {
    // Tags that differ only in case would name one folder on case-insensitive file systems.
    const twin = byLowerCase.get(tag.toLowerCase());
    if (twin !== undefined) {
      fail(['locales', tag], `locale "${tag}" differs from "${twin}" only in case; both would be one folder on macOS and Windows`,
        'Keep one of them (BCP 47 tags are case-insensitive).', 'registry-duplicate-tag');
      continue;
    }
    byLowerCase.set(tag.toLowerCase(), tag);
    const raw = value.locales[tag];
    const at = (field?: string) => (field ? ['locales', tag, field] : ['locales', tag]);
    if (!isBcp47(tag)) {
      diagnostics.push(error('registry-tag', `"${tag}" is not a well-formed BCP 47 language tag`, { file, ...locate(at(), { key: true }) }));
      continue;
    }
    if (!isObject(raw)) {
      fail(at(), `locale ${tag} must be an object`);
      continue;
    }
    const before = diagnostics.length;
    for (const field of LOCALE_FIELDS) if (!(field in raw)) fail(at(), `locale ${tag} has no "${field}"`);
    for (const key of Object.keys(raw)) {
      if (!KNOWN_LOCALE_FIELDS.includes(key)) fail(at(key), `locale ${tag}: unknown field "${key}"`, `Known fields: ${KNOWN_LOCALE_FIELDS.join(', ')}.`);
    }
    if (diagnostics.length > before) continue;
    const str = (field: string) => {
      const v = raw[field];
      if (typeof v === 'string' && cleanText(v).trim()) return cleanText(v).trim();
      fail(at(field), `locale ${tag}: "${field}" must be a non-empty string`);
      return '';
    };
    const locale: Locale = {
      tag,
      name: str('name'),
      englishName: str('englishName'),
      script: str('script'),
      dir: raw.dir === 'rtl' ? 'rtl' : 'ltr',
      fallback: Array.isArray(raw.fallback) ? raw.fallback.map(String) : [],
      site: str('site'),
      feedTag: str('feedTag'),
      intl: str('intl'),
      plural: str('plural'),
      missing: raw.missing === 'fallback' ? 'fallback' : 'omit',
    };
    if ('related' in raw) {
      if (Array.isArray(raw.related) && raw.related.every((t) => typeof t === 'string')) locale.related = raw.related as string[];
      else fail(at('related'), `locale ${tag}: "related" must be a list of locale tags`);
    }
    for (const field of ['icon', 'logo'] as const) {
      const own = field in raw ? imageUrl(raw[field], at(field), `locale ${tag}: "${field}"`) : undefined;
      const href = own ?? defaults[field];
      if (href) locale[field] = href;
    }
    if (raw.dir !== 'ltr' && raw.dir !== 'rtl') fail(at('dir'), `locale ${tag}: "dir" must be "ltr" or "rtl"`);
    if (raw.missing !== 'omit' && raw.missing !== 'fallback') fail(at('missing'), `locale ${tag}: "missing" must be "omit" or "fallback"`);
    if (!Array.isArray(raw.fallback)) fail(at('fallback'), `locale ${tag}: "fallback" must be a list of locale tags`);
    if (!/^[A-Z][a-z]{3}$/.test(locale.script)) fail(at('script'), `locale ${tag}: "script" must be an ISO 15924 code such as "Cyrl"`);
    const site = locale.site ? checkUrl(locale.site) : undefined;
    if (site && !site.ok) fail(at('site'), `locale ${tag}: "site" ${site.problem}`, 'Write the service\'s absolute http(s) address, e.g. https://www.azattyk.org/.', 'url-invalid');
    else if (site?.ok) locale.site = withSlash(site.href);
    if (locale.feedTag && !isBcp47(locale.feedTag)) fail(at('feedTag'), `locale ${tag}: feedTag "${locale.feedTag}" is not a BCP 47 tag`);
    for (const field of ['intl', 'plural'] as const) {
      const v = locale[field];
      if (v && !(isBcp47(v) && supported(field, v))) {
        fail(at(field), `locale ${tag}: Node's Intl has no ${field === 'intl' ? 'date and number formats' : 'plural rules'} for "${v}"`,
          `Name a locale Intl supports (the nearest in the fallback chain); output must not depend on the machine's default locale.`, 'registry-intl');
      }
    }
    locales.push(locale);
  }
  const byTag = new Map(locales.map((l) => [l.tag, l]));
  for (const l of locales) {
    l.fallback.forEach((t, i) => {
      if (t === l.tag || !byTag.has(t)) fail(['locales', l.tag, 'fallback', i], `locale ${l.tag}: fallback "${t}" is ${t === l.tag ? 'the locale itself' : 'not a locale of this registry'}`, undefined, 'registry-fallback');
    });
  }
  for (const l of locales) {
    const seen = new Set<string>();
    (l.related ?? []).forEach((t, i) => {
      const problem = t === l.tag ? 'the locale itself' : !byTag.has(t) ? 'not a locale of this registry' : seen.has(t) ? 'listed twice' : undefined;
      seen.add(t);
      if (problem) {
        fail(['locales', l.tag, 'related', i], `locale ${l.tag}: related "${t}" is ${problem}`,
          `List other tags of the registry, most related first (${l.fallback.length ? `e.g. ${l.fallback.join(', ')}` : 'e.g. ru, en'}).`, 'registry-related');
      }
    });
  }
  if (locales.length === 0 && diagnostics.length === 0) fail(['locales'], 'the registry lists no locales');
  if (diagnostics.length > 0 || !baseUrl || !idAuthority || !limit || !categoryLimit || !categoryContent || !publisher) return { diagnostics };
  return { registry: { feeds: { baseUrl, idAuthority, limit, categoryLimit, categoryContent, publisher, ...defaults, ...delivery }, locales, byTag }, diagnostics };
}

type Delivery = Pick<FeedSettings, 'hub' | 'ttl' | 'updatePeriod' | 'updateFrequency' | 'archives'>;

/**
 * The optional fields that tell readers and hubs how the feeds are delivered: `hub` (an
 * absolute http(s) URL, published in every feed, so without user name or password), `ttl`
 * and `updateFrequency` (whole numbers above 0), `updatePeriod` (one of UPDATE_PERIODS); and
 * whether there are RFC 5005 archives (`archives`, one of ARCHIVE_PERIODS).
 */
function deliverySettings(f: Record<string, unknown>, fail: (field: string, message: string, hint: string, ruleId: RuleId) => void): Delivery {
  const out: Delivery = {};
  if ('hub' in f) {
    const hint = 'Write the absolute http(s) address of the WebSub hub, e.g. https://pubsubhubbub.appspot.com/, or leave feeds.hub out.';
    const checked = typeof f.hub === 'string' ? checkUrl(cleanText(f.hub)) : undefined;
    if (!checked) fail('hub', 'feeds.hub must be the URL of a WebSub hub (a string)', hint, 'registry-hub');
    else if (!checked.ok) fail('hub', `feeds.hub ${checked.problem}`, hint, 'registry-hub');
    else if (new URL(checked.href).username || new URL(checked.href).password) {
      fail('hub', `feeds.hub "${checked.href}" has a user name or password; every feed publishes the hub's URL`, hint, 'registry-hub');
    } else out.hub = checked.href;
  }
  const whole = (field: 'ttl' | 'updateFrequency', what: string, example: string) => {
    if (!(field in f)) return;
    const v = f[field];
    if (Number.isInteger(v) && (v as number) > 0) out[field] = v as number;
    else {
      fail(field, `feeds.${field} must be a whole number above 0 (${what}), not ${JSON.stringify(v)}`,
        `e.g. "${field}": ${example}, or leave it out.`, 'registry-schedule');
    }
  };
  whole('ttl', 'minutes a reader may cache a feed', '60');
  if ('updatePeriod' in f) {
    const v = f.updatePeriod;
    if (typeof v === 'string' && (UPDATE_PERIODS as readonly string[]).includes(v)) out.updatePeriod = v as UpdatePeriod;
    else {
      fail('updatePeriod', `feeds.updatePeriod must be one of ${UPDATE_PERIODS.join(', ')}, not ${JSON.stringify(v)}`,
        'e.g. "updatePeriod": "hourly", or leave it out.', 'registry-schedule');
    }
  }
  whole('updateFrequency', 'updates per updatePeriod', '2');
  if ('archives' in f) {
    const v = f.archives;
    if (typeof v === 'string' && (ARCHIVE_PERIODS as readonly string[]).includes(v)) out.archives = v as ArchivePeriod;
    else {
      fail('archives', `feeds.archives must be ${ARCHIVE_PERIODS.map((p) => `"${p}"`).join(' or ')}, not ${JSON.stringify(v)}`,
        'e.g. "archives": "monthly" for RFC 5005 archives (out/<locale>/archive/<yyyy-mm>.rss.xml …), or leave it out for none.', 'registry-archives');
    }
  }
  return out;
}

/**
 * The languages a locale's "also in" line links first: the registry's `related` list, or
 * without one the fallback chain and then `en`.
 */
export function relatedLanguages(locale: Locale): string[] {
  return locale.related ?? [...new Set([...locale.fallback, 'en'])].filter((t) => t !== locale.tag);
}

function supported(kind: 'intl' | 'plural', tag: string): boolean {
  return kind === 'intl' ? Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0 : Intl.PluralRules.supportedLocalesOf(tag).length > 0;
}

export function isBcp47(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && !tag.includes('_');
  } catch {
    return false;
  }
}


function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A registry with another base URL (`--base-url`), leaving the loaded one as it was. */
export function withBaseUrl(registry: Registry, baseUrl: string): Registry {
  return { ...registry, feeds: { ...registry.feeds, baseUrl: withSlash(baseUrl) } };
}
