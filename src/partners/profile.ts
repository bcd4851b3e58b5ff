/**
 * Syndication agreements: `partners/<partner-id>.yaml`, one per partner, read with positions
 * the way front matter is (src/content/frontmatter.ts), each field checked with a rule id and
 * a hint. A missing folder means no partners; everything else that is wrong is an error, and
 * with any error nothing is published.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { error, warning, type Diagnostic, type RuleId } from '../diagnostics.js';
import { SLUG } from '../content/frontmatter.js';
import type { Registry } from '../locales/registry.js';
import { cleanText, hasVisibleText } from '../util/clean.js';
import { closest } from '../util/closest.js';
import { isObject } from '../util/object.js';
import { decodeUtf8, notUtf8 } from '../util/text.js';
import { parseYamlSource, type Position } from '../util/yaml-source.js';
import { PRESET_NAMES, type PresetName } from './presets.js';

export const PARTNER_FIELDS = [
  'name', 'locales', 'categories', 'limit', 'maxAge', 'formats', 'content', 'attribution', 'links', 'media', 'rules', 'takedownDays',
] as const;
const CATEGORY_FIELDS = ['include', 'exclude'];
const FORMAT_NAMES = ['rss', 'atom', 'json'] as const;
export type PartnerFormat = (typeof FORMAT_NAMES)[number];

export const DEFAULT_TAKEDOWN_DAYS = 7;

/** One agreement, checked: what a partner gets, in which languages, how. */
export interface PartnerProfile {
  /** The file name without `.yaml`: a slug, the folder under out/partners/. */
  id: string;
  /** How the file is named in messages, e.g. `partners/acme.yaml`. */
  file: string;
  name: string;
  /** Registry tags, in registry order. */
  locales: string[];
  categories: { include: string[]; exclude: string[] };
  /** Items per feed; else the registry's `feeds.limit`. */
  limit?: number;
  /** Only articles published less than this long before the build clock. */
  maxAgeMs?: number;
  formats: PartnerFormat[];
  /** `excerpt`: the summary, labelled as an excerpt, ending with a link to the full story. */
  content: 'full' | 'excerpt';
  /** A localized "first published by" line on every item. */
  attribution: boolean;
  /** Query parameters added to every link to an article (never to ids), in the order written. */
  links: [string, string][];
  /** `cleared`: only images whose front matter says `syndication: true`. */
  media: 'all' | 'cleared' | 'none';
  rules: PresetName[];
  /** How long a partner feed carries the takedown of an expired or withdrawn item. */
  takedownDays: number;
  /** Where a field (or a list entry: `where('rules', 1)`) is written, for messages about it. */
  where(...path: (string | number)[]): Position;
}

export interface MemoryPartnerFile {
  /** `<partner-id>.yaml` */
  path: string;
  text: string;
}

export interface PartnerFile {
  id: string;
  display: string;
  bytes: Uint8Array;
}

/** The agreement files of a folder; a missing folder is no partners. */
export function listPartnersDir(dir: string, displayDir = path.normalize(dir)): { files: PartnerFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: PartnerFile[] = [];
  let names: string[];
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) {
      return { files, diagnostics: [error('partner-unreadable', 'is not a folder', { file: displayDir, hint: 'Point --partners at the folder that holds <partner-id>.yaml files.' })] };
    }
    names = readdirSync(dir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { files, diagnostics };
    return { files, diagnostics: [error('partner-unreadable', 'cannot read the partners folder', { file: displayDir, hint: 'Check its permissions.' })] };
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const display = path.join(displayDir, name);
    if (!name.endsWith('.yaml')) {
      diagnostics.push(warning('partner-stray-file', 'is not an agreement (<partner-id>.yaml), so it is not read', {
        file: display, hint: name.endsWith('.yml') ? `Rename it to ${name.slice(0, -4)}.yaml.` : 'Agreements are files named <partner-id>.yaml.',
      }));
      continue;
    }
    try {
      const st = lstatSync(path.join(dir, name));
      if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOTREG' });
      files.push({ id: name.slice(0, -'.yaml'.length), display, bytes: new Uint8Array(readFileSync(path.join(dir, name))) });
    } catch (e) {
      diagnostics.push(error('partner-unreadable', `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'EIO'})`, {
        file: display, hint: 'An agreement is a regular, readable YAML file (symbolic links are not followed).',
      }));
    }
  }
  return { files, diagnostics };
}

export function listMemoryPartners(files: readonly MemoryPartnerFile[], displayDir = 'partners'): PartnerFile[] {
  const encoder = new TextEncoder();
  return [...files]
    .filter((f) => f.path.endsWith('.yaml') && !f.path.includes('/'))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => ({ id: f.path.slice(0, -'.yaml'.length), display: path.join(displayDir, f.path), bytes: encoder.encode(f.text) }));
}

/**
 * Where a build's agreements come from: memory (`partnerFiles`), the `partners` folder, or —
 * for content held in memory without either — nowhere (a test or an API caller building
 * files in memory must not pick up the agreements of whatever folder it runs in).
 */
/** The agreements' folder: `partners`, or by default beside the content (<project>/partners for <project>/content). */
export function partnersFolder(options: { content?: string; partners?: string }): string {
  return options.partners ?? path.join(path.dirname(options.content ?? 'content'), 'partners');
}

export function listPartners(options: { content?: string; partners?: string; partnerFiles?: readonly MemoryPartnerFile[]; files?: readonly unknown[] }): { files: PartnerFile[]; diagnostics: Diagnostic[] } {
  if (options.partnerFiles) return { files: listMemoryPartners(options.partnerFiles), diagnostics: [] };
  if (options.partners === undefined && options.files !== undefined) return { files: [], diagnostics: [] };
  return listPartnersDir(partnersFolder(options));
}

export interface ProfileContext {
  registry: Registry;
  /** Every category slug that means something: those of en's categories.json and those content uses. */
  categories: ReadonlySet<string>;
}

/** Reads and checks every agreement; a profile with errors is left out (its errors say why). */
export function readPartners(files: readonly PartnerFile[], ctx: ProfileContext): { partners: PartnerProfile[]; diagnostics: Diagnostic[] } {
  const partners: PartnerProfile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    const r = readProfile(f, ctx);
    diagnostics.push(...r.diagnostics);
    if (r.profile) partners.push(r.profile);
  }
  return { partners, diagnostics };
}

const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000];

/** `7d`, `2w`, `36h`, `1d12h`, `90m` in milliseconds; undefined if it is no such duration (or zero). */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || !text.trim()) return undefined;
  const ms = m.slice(1).reduce((sum, n, i) => sum + (n ? Number(n) * UNIT_MS[i]! : 0), 0);
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

function readProfile(f: PartnerFile, ctx: ProfileContext): { profile?: PartnerProfile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const file = f.display;
  if (!SLUG.test(f.id)) {
    diagnostics.push(error('partner-id', `partner id "${f.id}" is not a slug`, {
      file, hint: 'Name the file <partner-id>.yaml with lowercase letters, digits and hyphens: the id is the folder out/partners/<partner-id>/.',
    }));
    return { diagnostics };
  }
  const text = decodeUtf8(f.bytes);
  if (text === undefined) return { diagnostics: [notUtf8(file, f.bytes)] };
  const parsed = parseYamlSource(cleanText(text.replace(/^\uFEFF/, '')));
  if (!parsed.ok) {
    return {
      diagnostics: parsed.problems.map((p) => error('partner-yaml', `the agreement is not valid YAML: ${p.message}`, {
        file, line: p.line, column: p.column, hint: 'Check the indentation, and quote values that contain ": ".',
      })),
    };
  }
  const { value, locate } = parsed.source;
  const top: Position = { line: 1, column: 1 };
  const at = (...p: (string | number)[]): Position => locate(p) ?? top;
  const keyAt = (...p: (string | number)[]): Position => locate(p, { key: true }) ?? at(...p);
  const problem = (ruleId: RuleId, place: Position, message: string, hint: string) =>
    diagnostics.push(error(ruleId, message, { file, ...place, hint }));
  if (!isObject(value)) {
    problem('partner-yaml', top, 'an agreement must be a set of "field: value" lines', `Start with "name: <the partner's name>" and "locales: [ru, ky]"; known fields: ${PARTNER_FIELDS.join(', ')}.`);
    return { diagnostics };
  }
  const tags = ctx.registry.locales.map((l) => l.tag);
  const profile: Omit<PartnerProfile, 'where'> = {
    id: f.id, file, name: '', locales: [], categories: { include: [], exclude: [] },
    formats: [...FORMAT_NAMES], content: 'excerpt', attribution: true, links: [], media: 'cleared', rules: [], takedownDays: DEFAULT_TAKEDOWN_DAYS,
  };
  const oneOf = <T extends string>(key: string, v: unknown, allowed: readonly T[], hint: string): T | undefined => {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    const near = typeof v === 'string' ? closest(v, allowed) : undefined;
    problem('partner-field', at(key), `"${key}" must be ${allowed.join(' or ')}, not ${JSON.stringify(v)}`, `${near ? `Did you mean "${near}"? ` : ''}${hint}`);
    return undefined;
  };
  const list = (key: string, v: unknown): { item: unknown; place: Position }[] =>
    (Array.isArray(v) ? v.map((item, i) => ({ item, place: at(key, i) })) : [{ item: v, place: at(key) }]);

  for (const [key, v] of Object.entries(value)) {
    if (!(PARTNER_FIELDS as readonly string[]).includes(key)) {
      const near = closest(key, PARTNER_FIELDS);
      problem('partner-unknown-field', keyAt(key), `unknown agreement field "${key}"`, near ? `Did you mean "${near}"?` : `Known fields: ${PARTNER_FIELDS.join(', ')}.`);
      continue;
    }
    switch (key as (typeof PARTNER_FIELDS)[number]) {
      case 'name':
        if (typeof v === 'string' && hasVisibleText(v)) profile.name = v.trim();
        else problem('partner-field', at(key), '"name" must be the partner\'s name (text)', 'For example: name: Baltic Aggregator');
        break;
      case 'locales': {
        if (v === 'all') {
          profile.locales = [...tags];
          break;
        }
        if (!Array.isArray(v) || v.length === 0) {
          problem('partner-field', at(key), '"locales" must be a list of registry locales, or all', `For example: locales: [ru, ky], or locales: all (${tags.length} locales).`);
          break;
        }
        const wanted = new Set<string>();
        for (const { item, place } of list(key, v)) {
          const tag = String(item);
          if (ctx.registry.byTag.has(tag)) wanted.add(tag);
          else {
            const norm = (t: string) => t.toLowerCase().replace(/_/g, '-');
            const near = tags.find((t) => norm(t) === norm(tag)) ?? closest(tag, tags);
            problem('partner-locale', place, `"${tag}" is not a locale of the registry`, `${near ? `Did you mean ${near}? ` : ''}Locales: ${tags.join(', ')}, or all.`);
          }
        }
        profile.locales = tags.filter((t) => wanted.has(t));
        break;
      }
      case 'categories': {
        const obj = Array.isArray(v) ? { include: v } : v;
        if (!isObject(obj)) {
          problem('partner-field', at(key), '"categories" must be { include: [...], exclude: [...] }', 'For example: categories: { include: [kyrgyzstan, central-asia], exclude: [opinion] }');
          break;
        }
        for (const [k, cv] of Object.entries(obj)) {
          if (!CATEGORY_FIELDS.includes(k)) {
            const near = closest(k, CATEGORY_FIELDS);
            problem('partner-unknown-field', keyAt(key, k), `unknown categories field "${k}"`, near ? `Did you mean "${near}"?` : 'Known: include, exclude.');
            continue;
          }
          const path = Array.isArray(v) ? [key] : [key, k];
          const items = Array.isArray(cv) ? cv.map((c, i) => ({ c, place: at(...path, i) })) : [{ c: cv, place: at(...path) }];
          for (const { c, place } of items) {
            const slug = String(c ?? '');
            if (ctx.categories.has(slug)) profile.categories[k as 'include' | 'exclude'].push(slug);
            else {
              const near = closest(slug, [...ctx.categories]);
              problem('partner-category', place, `"${slug}" is not a category of any article nor of locales/en/categories.json`,
                `${near ? `Did you mean "${near}"? ` : ''}Known categories: ${[...ctx.categories].sort().join(', ')}.`);
            }
          }
        }
        break;
      }
      case 'limit':
        if (Number.isSafeInteger(v) && (v as number) > 0) profile.limit = v as number;
        else problem('partner-limit', at(key), `"limit" must be a whole number above 0, not ${JSON.stringify(v)}`, 'The number of items per feed, newest first, e.g. limit: 20; leave it out for the registry\'s feeds.limit.');
        break;
      case 'maxAge': {
        const ms = typeof v === 'string' ? parseDuration(v) : undefined;
        if (ms !== undefined) profile.maxAgeMs = ms;
        else problem('partner-max-age', at(key), `"maxAge" must be a duration such as 7d, not ${JSON.stringify(v)}`, 'Write a number and a unit: m (minutes), h (hours), d (days), w (weeks), e.g. maxAge: 7d or maxAge: 1d12h.');
        break;
      }
      case 'formats': {
        const formats = new Set<PartnerFormat>();
        for (const { item, place } of list(key, v)) {
          if ((FORMAT_NAMES as readonly unknown[]).includes(item)) formats.add(item as PartnerFormat);
          else {
            const near = typeof item === 'string' ? closest(item, FORMAT_NAMES) : undefined;
            problem('partner-field', place, `"${String(item)}" is not a format polyfeed writes`, `${near ? `Did you mean "${near}"? ` : ''}Formats: rss, atom, json.`);
          }
        }
        profile.formats = FORMAT_NAMES.filter((n) => formats.has(n));
        if (formats.size === 0 && Array.isArray(v) && v.length === 0) problem('partner-field', at(key), '"formats" lists no format', 'List some of rss, atom, json, or leave the line out for all three.');
        break;
      }
      case 'content': {
        const c = oneOf(key, v, ['full', 'excerpt'] as const, 'full: the whole article; excerpt: its summary and a link to the full story.');
        if (c) profile.content = c;
        break;
      }
      case 'media': {
        const m = oneOf(key, v, ['all', 'cleared', 'none'] as const, 'cleared: only images whose front matter says syndication: true; none: no images at all.');
        if (m) profile.media = m;
        break;
      }
      case 'attribution':
        if (typeof v === 'boolean') profile.attribution = v;
        else problem('partner-field', at(key), '"attribution" must be true or false', 'true: every item ends with a localized "This story was first published by …" line.');
        break;
      case 'links': {
        const params = readLinkParams(v);
        if (params === undefined) {
          problem('partner-field', at(key), '"links" must be the query parameters to add to article links', 'For example: links: { utm_source: acme, utm_medium: syndication }, or links: "utm_source=acme&utm_medium=syndication".');
        } else profile.links = params;
        break;
      }
      case 'rules': {
        for (const { item, place } of list(key, v)) {
          if ((PRESET_NAMES as readonly unknown[]).includes(item)) {
            if (!profile.rules.includes(item as PresetName)) profile.rules.push(item as PresetName);
          } else {
            const near = typeof item === 'string' ? closest(item, PRESET_NAMES) : undefined;
            problem('partner-preset', place, `"${String(item)}" is not a rule preset`, `${near ? `Did you mean "${near}"? ` : ''}Presets: ${PRESET_NAMES.join(', ')} (README, "Rule presets").`);
          }
        }
        break;
      }
      case 'takedownDays':
        if (Number.isSafeInteger(v) && (v as number) >= 0) profile.takedownDays = v as number;
        else problem('partner-field', at(key), `"takedownDays" must be a whole number of days, not ${JSON.stringify(v)}`, `How long the partner feeds carry a takedown notice for an expired or withdrawn item (default ${DEFAULT_TAKEDOWN_DAYS}).`);
        break;
    }
  }
  if (!('name' in value)) problem('partner-field', top, 'the agreement has no "name"', 'Add "name: <the partner\'s name>".');
  if (!('locales' in value)) problem('partner-field', top, 'the agreement has no "locales"', 'Add "locales: [ru, ky]" (registry tags) or "locales: all".');
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { profile: { ...profile, where: (...path) => locate(path) ?? top }, diagnostics };
}

const PARAM_NAME = /^[A-Za-z0-9._~-]+$/;

function readLinkParams(v: unknown): [string, string][] | undefined {
  let pairs: [string, string][];
  if (typeof v === 'string') {
    pairs = [...new URLSearchParams(v.replace(/^\?/, ''))];
  } else if (isObject(v)) {
    pairs = [];
    for (const [k, pv] of Object.entries(v)) {
      if (typeof pv !== 'string' && typeof pv !== 'number') return undefined;
      pairs.push([k, String(pv)]);
    }
  } else return undefined;
  if (pairs.length === 0 || pairs.some(([k, pv]) => !PARAM_NAME.test(k) || !hasVisibleText(pv))) return undefined;
  return pairs;
}
