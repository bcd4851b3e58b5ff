/**
 * Interface strings: i18next resources `<locales>/<tag>/<namespace>.json`, one i18next
 * instance for the whole build, a fixed `t` per locale. Missing strings fall back along
 * the registry's chain; `resourceGaps` reports what each locale lacks compared with `en`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import { cleanText } from '../util/clean.js';
import { parseJsonSource } from '../util/json-source.js';
import { isObject } from '../util/object.js';
import type { Locale, Registry } from './registry.js';

export const SOURCE_LOCALE = 'en';
export const DEFAULT_NAMESPACE = 'feed';

/** resources[tag][namespace] = flat { "key": "string" } */
export type Resources = Record<string, Record<string, Record<string, string>>>;

export interface LoadedResources {
  resources: Resources;
  /** Where each namespace file is shown in messages: files[tag][namespace]. */
  files: Record<string, Record<string, string>>;
  diagnostics: Diagnostic[];
}

export async function loadResources(localesDir: string, registry: Registry, displayDir = localesDir): Promise<LoadedResources> {
  const resources: Resources = {};
  const files: Record<string, Record<string, string>> = {};
  const diagnostics: Diagnostic[] = [];
  let entries: string[] = [];
  try {
    entries = await readdir(localesDir);
  } catch {
    /* the registry loader has already said the folder is unreadable */
  }
  for (const name of entries.sort()) {
    if (name.startsWith('.') || name.endsWith('.json')) continue;
    if (!registry.byTag.has(name)) {
      diagnostics.push(warning('strings-stray-folder', `folder "${name}" is not a locale of the registry; its strings are not used`, { file: path.join(displayDir, name) }));
    }
  }
  await Promise.all(
    registry.locales.map(async ({ tag }) => {
      resources[tag] = {};
      files[tag] = {};
      let names: string[];
      try {
        names = (await readdir(path.join(localesDir, tag))).filter((n) => n.endsWith('.json')).sort();
      } catch {
        return; // reported as missing keys by resourceGaps
      }
      for (const n of names) {
        const ns = n.slice(0, -'.json'.length);
        const file = path.join(displayDir, tag, n);
        files[tag]![ns] = file;
        const parsed = parseJsonSource(new Uint8Array(await readFile(path.join(localesDir, tag, n))), file);
        diagnostics.push(...parsed.diagnostics);
        if (!parsed.source) continue;
        const flat: Record<string, string> = {};
        const walk = (v: unknown, prefix: string[]): void => {
          if (isObject(v)) for (const [k, sub] of Object.entries(v)) walk(sub, [...prefix, k]);
          else if (typeof v === 'string') flat[prefix.join('.')] = cleanText(v);
          else diagnostics.push(error('strings-not-text', `"${prefix.join('.')}" must be a string`, { file, ...parsed.source!.locate(prefix) }));
        };
        walk(parsed.source.value, []);
        resources[tag]![ns] = flat;
      }
    }),
  );
  return { resources, files, diagnostics };
}

export interface LocaleGaps {
  /** `namespace:key` present in `en` (in this locale's plural forms) but missing or empty here. */
  missingKeys: string[];
  /** `namespace:key` present here but not in `en`. */
  extraKeys: string[];
}

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const CATEGORY_ORDER: readonly string[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** One string a locale is asked to translate. */
export interface TranslationUnit {
  namespace: string;
  /** The key in the locale's file, e.g. `alsoIn_few`. */
  key: string;
  /** The `en` key the source text comes from, e.g. `alsoIn_other`. */
  sourceKey: string;
  /** For plural keys: the target's plural category. */
  category?: string;
}

/** The plural categories a locale's strings need, in CLDR order (zero, one, two, few, many, other). */
export function pluralCategories(locale: Locale): string[] {
  const cats = new Intl.PluralRules(locale.plural).resolvedOptions().pluralCategories as string[];
  return [...cats].sort((a, b) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));
}

/**
 * What `target` is asked to translate: `en`'s namespaces and keys in `en`'s order, each
 * plural key (`x_one`, `x_other` …) expanded, where `en` has its first form, to the
 * target's categories. Namespaces without keys are left out.
 */
export function translationUnits(registry: Registry, resources: Resources, target: string): { namespace: string; units: TranslationUnit[] }[] {
  const locale = registry.byTag.get(target);
  if (!locale) return [];
  const categories = pluralCategories(locale);
  const out: { namespace: string; units: TranslationUnit[] }[] = [];
  for (const [namespace, strings] of Object.entries(resources[SOURCE_LOCALE] ?? {})) {
    const units: TranslationUnit[] = [];
    const seenBases = new Set<string>();
    for (const key of Object.keys(strings)) {
      const m = PLURAL_SUFFIX.exec(key);
      if (!m) {
        units.push({ namespace, key, sourceKey: key });
        continue;
      }
      const base = key.slice(0, m.index);
      if (seenBases.has(base)) continue;
      seenBases.add(base);
      for (const category of categories) {
        const same = `${base}_${category}`;
        const sourceKey = same in strings ? same : `${base}_other` in strings ? `${base}_other` : key;
        units.push({ namespace, key: same, sourceKey, category });
      }
    }
    if (units.length) out.push({ namespace, units });
  }
  return out;
}

/** What each locale lacks (or has in excess) compared with the source locale `en`. */
export function resourceGaps(registry: Registry, resources: Resources): Map<string, LocaleGaps> {
  const result = new Map<string, LocaleGaps>();
  for (const locale of registry.locales) {
    const expected = new Set(translationUnits(registry, resources, locale.tag).flatMap(({ namespace, units }) => units.map((u) => `${namespace}:${u.key}`)));
    const present = new Map<string, string>();
    for (const [ns, keys] of Object.entries(resources[locale.tag] ?? {})) for (const [k, v] of Object.entries(keys)) present.set(`${ns}:${k}`, v);
    result.set(locale.tag, {
      missingKeys: [...expected].filter((k) => !present.get(k)?.trim()).sort(),
      extraKeys: [...present.keys()].filter((k) => !expected.has(k)).sort(),
    });
  }
  return result;
}

/** Build warnings for missing strings: one line per locale and namespace file. */
export function gapWarnings(registry: Registry, loaded: LoadedResources, displayDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [tag, gaps] of resourceGaps(registry, loaded.resources)) {
    const byNs = new Map<string, string[]>();
    for (const k of gaps.missingKeys) {
      const [ns, key] = splitKey(k);
      byNs.set(ns, [...(byNs.get(ns) ?? []), key]);
    }
    const chain = registry.byTag.get(tag)!.fallback;
    for (const [ns, keys] of byNs) {
      out.push(
        warning('strings-missing', `${keys.length} string${keys.length === 1 ? '' : 's'} missing: ${keys.join(', ')}`, {
          file: loaded.files[tag]?.[ns] ?? path.join(displayDir, tag, `${ns}.json`),
          hint: `Feeds use ${chain.length ? chain.join(' → ') : 'the key itself'} for now; translate them (polyfeed status lists every gap).`,
        }),
      );
    }
  }
  return out;
}

export function splitKey(nsKey: string): [string, string] {
  const i = nsKey.indexOf(':');
  return [nsKey.slice(0, i), nsKey.slice(i + 1)];
}

/** One i18next instance for all locales; `t(tag)` is the fixed translator of a locale. */
export interface Translators {
  t(tag: string): TFunction;
  instance: I18n;
}

export function createTranslators(registry: Registry, resources: Resources): Translators {
  const instance = i18next.createInstance();
  const fallbackLng: Record<string, string[]> = { default: [SOURCE_LOCALE] };
  for (const l of registry.locales) fallbackLng[l.tag] = l.fallback.length ? l.fallback : [SOURCE_LOCALE];
  const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))].sort();
  // i18next wants nested or flat objects; ours are flat with "." in keys, so turn the key separator off.
  void instance.init({
    resources,
    lng: SOURCE_LOCALE,
    fallbackLng,
    supportedLngs: false,
    load: 'currentOnly',
    ns: namespaces.length ? namespaces : [DEFAULT_NAMESPACE],
    defaultNS: DEFAULT_NAMESPACE,
    keySeparator: false,
    returnEmptyString: false,
    returnNull: false,
    // Values are plain text; the serializer escapes them, so i18next must not.
    interpolation: { escapeValue: false },
    initAsync: false,
  } as Parameters<I18n['init']>[0]);
  // Plural strings are chosen by src/locales/intl.ts's `plural`, with the registry's plural
  // rules (Node has none for tg, tt or ba): i18next's own count option is never used.
  const fixed = new Map(registry.locales.map((l) => [l.tag, remembering(instance.getFixedT(l.tag))]));
  return {
    instance,
    t: (tag) => fixed.get(tag) ?? instance.getFixedT(tag),
  };
}

/**
 * A translation function that answers a call it has answered before from memory: a build
 * asks for the same few strings thousands of times (every category feed's title on every
 * page of its locale), and i18next's lookup took a fifth of an edited article's build at 5k.
 * Only calls whose options are plain values are remembered; the strings do not change
 * during a build.
 */
function remembering(t: TFunction): TFunction {
  const call = t as unknown as (...args: unknown[]) => unknown;
  const answers = new Map<string, unknown>();
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  const remembered = (...args: unknown[]): unknown => {
    const [key, options] = args;
    let id: string | undefined;
    if (typeof key === 'string' && args.length <= 2) {
      if (options === undefined) id = key;
      else if (typeof options === 'object' && options !== null && Object.values(options).every(plain)) id = `${key}\u0000${JSON.stringify(options)}`;
    }
    if (id === undefined) return call(...args);
    if (answers.has(id)) return answers.get(id);
    const answer = call(...args);
    answers.set(id, answer);
    return answer;
  };
  return remembered as unknown as TFunction;
}
