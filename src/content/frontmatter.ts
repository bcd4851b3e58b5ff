/**
 * Front matter: the YAML block between `---` lines at the top of each content file, and the
 * content hash. One splitter and one parser, used by the build, status and translate (the
 * git-history lookup included). Read with positions; every problem names its line and
 * column, has a rule id and says what to do.
 */
import { createHash } from 'node:crypto';
import { error, type Diagnostic, type RuleId } from '../diagnostics.js';
import { parseSimpleYaml } from '../util/yaml-fast.js';
import { checkUrl } from '../util/url.js';
import { parseYamlSource, type Position } from '../util/yaml-source.js';
import { closest } from '../util/closest.js';
import { isObject } from '../util/object.js';
import { parseFeedDate, type FeedDate } from './dates.js';
import { cleanText, hasVisibleText } from '../util/clean.js';
export interface Author {
  name: string;
  url?: string;
  email?: string;
}

export interface ImageRef {
  url: string;
  alt?: string;
  type?: string;
  length?: number;
  /** Who made or owns the picture, as it is credited ("RFE/RL", "Jane Doe/AFP"). */
  credit?: string;
  /** The picture's license: an absolute http(s) URL. */
  license?: string;
  /** Cleared for syndication: only `true` lets it out to a partner whose agreement says `media: cleared`. */
  syndication?: boolean;
  /** Pixels. */
  width?: number;
  height?: number;
}

/** The rights of one article: a line of text and, where there is one, the license's URL. */
export interface Rights {
  text?: string;
  license?: string;
}

/** A correction: shown at the top of the item under a "Correction" label; the item's modified date moves to it. */
export interface Correction {
  date: FeedDate;
  text: string;
}

/** A version taken back: it leaves the public feeds at once, and partner feeds carry a takedown. */
export interface Withdrawal {
  reason: string;
  /** When; else the version's `updated`. */
  date?: FeedDate;
}

export interface FrontMatter {
  title?: string;
  date?: FeedDate;
  updated?: FeedDate;
  authors?: Author[];
  categories?: string[];
  summary?: string;
  /** A translation may give only some fields (e.g. `alt`); the rest come from the original. */
  image?: Partial<ImageRef>;
  url?: string;
  translationOf?: string;
  sourceHash?: string;
  /** A version still being written or translated: in no feed until the line is removed. */
  draft?: boolean;
  rights?: Rights;
  /** `false` keeps the article out of every partner feed. */
  syndication?: boolean;
  /** After it, the item leaves the public feeds; partner feeds carry a takedown for a while. */
  expires?: FeedDate;
  withdrawn?: Withdrawal;
  corrections?: Correction[];
}

export const FIELDS = [
  'title', 'date', 'updated', 'authors', 'categories', 'summary', 'image', 'url', 'translationOf', 'sourceHash', 'draft',
  'rights', 'syndication', 'expires', 'withdrawn', 'corrections',
] as const;
const IMAGE_FIELDS = ['url', 'alt', 'type', 'length', 'credit', 'license', 'syndication', 'width', 'height'];
const RIGHTS_FIELDS = ['text', 'license'];
const WITHDRAWN_FIELDS = ['reason', 'date'];
const CORRECTION_FIELDS = ['date', 'text'];
export const SLUG = /^[a-z0-9][a-z0-9-]*$/;
/** A category is a folder of out/ too (`<locale>/categories/<slug>/`): a slug that does not end in a hyphen. */
export const CATEGORY_SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Where each field is written: `[keyLine, keyColumn, valueLine, valueColumn]`, for every
 * top-level field and, as `image.width`, every field of a mapping (plain data: the build
 * index keeps it).
 */
export type FieldPositions = Readonly<Record<string, readonly [number, number, number, number]>>;

/**
 * Field positions as one string (`title=2,1,2,8;date=3,1,3,7`): what a content record keeps.
 * They are read only for a message, and a string is one value where an object of arrays is
 * thirty (at 88k files, 37 MB of heap and the garbage collector's time in every build).
 */
export type PackedPositions = string;

export function packPositions(positions: FieldPositions): PackedPositions {
  return Object.entries(positions).map(([field, p]) => `${field}=${p.join(',')}`).join(';');
}

function unpackPositions(packed: PackedPositions): FieldPositions {
  const out: Record<string, [number, number, number, number]> = {};
  for (const part of packed ? packed.split(';') : []) {
    const eq = part.lastIndexOf('=');
    const [a = 1, b = 1, c = 1, d = 1] = part.slice(eq + 1).split(',').map(Number);
    out[part.slice(0, eq)] = [a, b, c, d];
  }
  return out;
}

/**
 * Where a front matter field is written (its key, or with `key: false` its value); a nested
 * field (`image.width`) that is absent falls back to its parent; an absent field to the
 * opening `---` line.
 */
export function fieldPosition(where: FieldPositions | PackedPositions, field: string, options: { key?: boolean } = { key: true }): Position {
  const positions = typeof where === 'string' ? unpackPositions(where) : where;
  const p = positions[field] ?? (field.includes('.') ? positions[field.split('.')[0]!] : undefined);
  if (!p) return { line: 1, column: 1 };
  return options.key === false ? { line: p[2], column: p[3] } : { line: p[0], column: p[1] };
}

export interface SplitFile {
  /** The YAML between the delimiters. */
  yaml: string;
  /** 1-based line of the first YAML line. */
  yamlLine: number;
  /** Index in the text where the body starts, and its 1-based line. */
  bodyIndex: number;
  bodyLine: number;
}

export interface SplitProblem {
  ruleId: RuleId;
  problem: string;
  line: number;
  hint: string;
}

/**
 * The closing line: "---" or "..." after the first line. Not a /m regex: JavaScript's ^ and $
 * would also match at U+2028 and U+2029, which may stand inside a quoted YAML value. The scan
 * (src/content/scan.ts) matches it on bytes read as Latin-1, where it means the same.
 */
export const CLOSE = /\n(?:---|\.\.\.)[ \t]*\r?(?=\n|$)/;

/** Splits `---\n<yaml>\n---\n<body>`. Text must have had its BOM removed. */
export function splitFrontMatter(text: string): SplitFile | SplitProblem {
  const firstEnd = text.indexOf('\n');
  const first = (firstEnd < 0 ? text : text.slice(0, firstEnd)).replace(/\r$/, '');
  if (first.trimEnd() !== '---') {
    return {
      ruleId: 'fm-missing',
      problem: 'the file does not start with front matter',
      line: 1,
      hint: 'Start the file with a line "---", then the YAML fields (title, date, …), then another "---" line, then the Markdown body.',
    };
  }
  const m = firstEnd < 0 ? null : CLOSE.exec(text.slice(firstEnd));
  if (!m) {
    return {
      ruleId: 'fm-unclosed',
      problem: 'the front matter opened on line 1 is never closed',
      line: 1,
      hint: 'Add a line "---" after the last front matter field, before the Markdown body.',
    };
  }
  const closeIndex = firstEnd + m.index;
  const afterClose = text.indexOf('\n', closeIndex + 1);
  const bodyIndex = afterClose < 0 ? text.length : afterClose + 1;
  const yaml = text.slice(firstEnd + 1, closeIndex + 1);
  let yamlLines = 0;
  for (let i = yaml.indexOf('\n'); i >= 0; i = yaml.indexOf('\n', i + 1)) yamlLines++;
  return { yaml, yamlLine: 2, bodyIndex, bodyLine: 2 + yamlLines + 1 };
}

export interface ParsedContent {
  /** Undefined when the front matter has errors. */
  fm?: FrontMatter;
  positions: FieldPositions;
  bodyIndex: number;
  bodyLine: number;
  diagnostics: Diagnostic[];
}

/** Splits a content file's text (BOM removed) and reads its front matter. */
export function parseContentText(text: string, file: string): ParsedContent {
  const split = splitFrontMatter(text);
  if ('problem' in split) {
    return {
      positions: {}, bodyIndex: 0, bodyLine: 1,
      diagnostics: [error(split.ruleId, split.problem, { file, line: split.line, column: 1, hint: split.hint })],
    };
  }
  const { fm, diagnostics, positions } = readFrontMatter(split, file);
  return { ...(diagnostics.length ? {} : { fm }), positions, bodyIndex: split.bodyIndex, bodyLine: split.bodyLine, diagnostics };
}

const HASH_LENGTH = 12;

/** The content hash of an original: what a translation records as `sourceHash`. */
export function contentHash(title: string, summary: string | undefined, body: string): string {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  return createHash('sha256')
    .update(`${norm(title)}\n\u0000\n${norm(summary ?? '')}\n\u0000\n${norm(body)}`)
    .digest('hex')
    .slice(0, HASH_LENGTH);
}

interface FrontMatterResult {
  fm: FrontMatter;
  diagnostics: Diagnostic[];
  positions: FieldPositions;
}

const TEXT_HINTS: Partial<Record<string, string>> = {
  title: 'Write the headline after "title: ", in quotes if it contains ": ".',
  summary: 'Write one or two plain sentences after "summary: ", or leave the line out to use the first paragraph.',
};

/** Parses and checks the front matter fields. `file` is how the file is shown in messages. */
function readFrontMatter(split: SplitFile, file: string): FrontMatterResult {
  const diagnostics: Diagnostic[] = [];
  const fm: FrontMatter = {};
  const opening: Position = { line: 1, column: 1 };
  let positions: FieldPositions = {};
  const where = (field: string, options: { key?: boolean } = { key: true }) => fieldPosition(positions, field, options);
  const parsed = parseSimpleYaml(split.yaml, split.yamlLine - 1) ?? parseYamlSource(split.yaml, split.yamlLine - 1);
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      diagnostics.push(error('fm-yaml', `the front matter is not valid YAML: ${p.message}`, {
        file, line: p.line, column: p.column,
        hint: 'Check the indentation and quote values that contain ": " or start with a quote, "[", "{", "&", "*", "!", "|", ">", "%" or "@".',
      }));
    }
    return { fm, diagnostics, positions };
  }
  const { value, locate, literal } = parsed.source;
  if (isObject(value)) {
    const place = (path: string[]) => {
      const key = locate(path, { key: true }) ?? opening;
      const v = locate(path) ?? key;
      return [key.line, key.column, v.line, v.column] as const;
    };
    const entries: [string, readonly [number, number, number, number]][] = [];
    for (const [k, v] of Object.entries(value)) {
      entries.push([k, place([k])]);
      if (isObject(v)) for (const sub of Object.keys(v)) entries.push([`${k}.${sub}`, place([k, sub])]);
    }
    positions = Object.fromEntries(entries);
  }
  const at = (...p: (string | number)[]): Position => locate(p) ?? { line: split.yamlLine, column: 1 };
  const problem = (ruleId: RuleId, place: Position, message: string, hint?: string) =>
    diagnostics.push(error(ruleId, message, { file, ...place, ...(hint ? { hint } : {}) }));
  if (value === null || value === undefined) return { fm, diagnostics, positions };
  if (!isObject(value)) {
    problem('fm-not-mapping', at(), 'the front matter must be a set of "field: value" lines');
    return { fm, diagnostics, positions };
  }
  for (const [key, v] of Object.entries(value)) {
    const place = at(key);
    if (!(FIELDS as readonly string[]).includes(key)) {
      const near = closest(key, FIELDS);
      problem('fm-unknown-field', locate([key], { key: true }) ?? place, `unknown front matter field "${key}"`,
        near ? `Did you mean "${near}"?` : `Known fields: ${FIELDS.join(', ')}.`);
      continue;
    }
    switch (key as (typeof FIELDS)[number]) {
      case 'title':
      case 'summary':
      case 'translationOf':
      case 'sourceHash': {
        // Text whatever it looks like: `title: 1984` is the headline "1984", `summary: 0x1F`
        // is not 31 and `sourceHash: 0183e1784102` is not a number.
        const written = v === null ? undefined : literal([key]);
        if (written === undefined && v !== null) {
          problem('fm-not-text', place, `"${key}" must be text`, TEXT_HINTS[key]);
          break;
        }
        // Cleaned and trimmed where it comes in, so that what is published is what was
        // checked (a title of only control or invisible characters is empty).
        const s = cleanText(written ?? '').trim();
        if (!hasVisibleText(s)) problem('fm-empty', place, `"${key}" is empty${s ? ' (it has only invisible characters)' : ''}`, TEXT_HINTS[key]);
        else (fm as Record<string, string>)[key] = s;
        break;
      }
      case 'date':
      case 'updated': {
        const parsedDate = typeof v === 'string' ? parseFeedDate(v) : { ok: false as const, ruleId: 'date-invalid' as const, problem: `${JSON.stringify(v)} is not a date` };
        if (parsedDate.ok) fm[key as 'date' | 'updated'] = parsedDate.date;
        else problem(parsedDate.ruleId, place, `"${key}": ${parsedDate.problem}`, 'Write an ISO 8601 date-time with its UTC offset, e.g. 2015-07-21T18:30:00+06:00 (or …Z for UTC).');
        break;
      }
      case 'authors': {
        const list = Array.isArray(v) ? v : [v];
        const authors: Author[] = [];
        list.forEach((a, i) => {
          const w = Array.isArray(v) ? at(key, i) : place;
          if (typeof a === 'string' && hasVisibleText(cleanText(a))) authors.push({ name: cleanText(a).trim() });
          else if (isObject(a) && typeof a.name === 'string' && hasVisibleText(cleanText(a.name))) {
            const author: Author = { name: cleanText(a.name).trim() };
            if (a.url !== undefined) {
              const url = typeof a.url === 'string' ? checkUrl(a.url) : undefined;
              if (url?.ok) author.url = url.href;
              else problem('url-invalid', w, `author "${author.name}": url ${url?.problem ?? 'must be text'}`, 'Write the absolute http(s) address, e.g. https://example.org/staff/jane.');
            }
            if (a.email !== undefined) {
              if (typeof a.email === 'string' && /^[^\s@<>()"]+@[^\s@<>()"]+\.[^\s@<>()"]+$/.test(a.email)) author.email = a.email;
              else problem('fm-author', w, `author "${author.name}": email is not an e-mail address`);
            }
            authors.push(author);
          } else problem('fm-author', w, 'each author must be a name, or an object with a "name"', 'For example: authors: [Jane Doe] or authors: [{ name: Jane Doe, url: https://… }]');
        });
        fm.authors = authors;
        break;
      }
      case 'categories': {
        const list = Array.isArray(v) ? v : [v];
        fm.categories = [];
        list.forEach((c, i) => {
          const s = String(c ?? '');
          if (CATEGORY_SLUG.test(s)) fm.categories!.push(s);
          else problem('fm-category', Array.isArray(v) ? at(key, i) : place, `category "${s}" is not a slug`,
            'Categories are lowercase slugs such as human-rights (letters, digits, inner hyphens); they name the folder of the category\'s feeds, and their display names come from locales/<locale>/categories.json.');
        });
        break;
      }
      case 'image': {
        const img: Partial<ImageRef> = {};
        const obj = typeof v === 'string' ? { url: v } : v;
        if (!isObject(obj)) {
          problem('fm-image', place, '"image" must be a URL or an object with url, alt, type, length');
          break;
        }
        for (const [k, iv] of Object.entries(obj)) {
          const w = typeof v === 'string' ? place : at(key, k);
          if (!IMAGE_FIELDS.includes(k)) {
            const near = closest(k, IMAGE_FIELDS);
            problem('fm-unknown-field', locate([key, k], { key: true }) ?? w, `unknown image field "${k}"`,
              near ? `Did you mean "${near}"?` : `Known image fields: ${IMAGE_FIELDS.join(', ')}.`);
          } else if (k === 'length') {
            if (Number.isSafeInteger(iv) && (iv as number) >= 0) img.length = iv as number;
            else problem('fm-image', w, 'image length must be the size of the file in bytes (a whole number)');
          } else if (k === 'width' || k === 'height') {
            if (Number.isSafeInteger(iv) && (iv as number) > 0) img[k] = iv as number;
            else problem('fm-image', w, `image ${k} must be the picture's ${k} in pixels (a whole number above 0), not ${JSON.stringify(iv)}`,
              `For example ${k}: ${k === 'width' ? 1200 : 800}.`);
          } else if (k === 'syndication') {
            if (typeof iv === 'boolean') img.syndication = iv;
            else problem('fm-syndication', w, 'image syndication must be true or false',
              'Write "syndication: true" only when the picture is cleared for partners (agreements with media: cleared send only those).');
          } else if (k === 'license') {
            const url = typeof iv === 'string' ? checkUrl(iv) : undefined;
            if (url?.ok) img.license = url.href;
            else problem('url-invalid', w, `image license ${url?.problem ?? 'must be the URL of the license'}`,
              'Write the absolute http(s) address of the license, e.g. https://creativecommons.org/licenses/by/4.0/.');
          } else if (typeof iv !== 'string' || !hasVisibleText(cleanText(iv))) problem('fm-image', w, `image ${k} must be text`);
          else if (k === 'type' && !/^image\/[a-z0-9.+-]+$/i.test(iv)) problem('fm-image', w, `image type "${iv}" is not an image MIME type`, 'For example image/jpeg, image/png, image/webp.');
          else if (k === 'url') {
            // Relative image URLs resolve against the article's URL later; what is written must be a URL reference.
            const url = checkUrl(iv, 'https://example.invalid/a/');
            if (url.ok) img.url = iv.trim();
            else problem('url-invalid', w, `image url ${url.problem}`, 'Write the image\'s http(s) address, e.g. https://example.org/photo.jpg, with spaces written %20.');
          } else (img as Record<string, string>)[k] = cleanText(iv).trim();
        }
        fm.image = img;
        break;
      }
      case 'draft': {
        if (typeof v === 'boolean') fm.draft = v;
        else problem('fm-draft', place, '"draft" must be true or false', 'Write "draft: true" to keep this version out of the feeds, or remove the line.');
        break;
      }
      case 'syndication': {
        if (typeof v === 'boolean') fm.syndication = v;
        else problem('fm-syndication', place, '"syndication" must be true or false',
          'Write "syndication: false" to keep this article out of every partner feed, or remove the line.');
        break;
      }
      case 'rights': {
        const obj = typeof v === 'string' ? { text: v } : v;
        if (!isObject(obj)) {
          problem('fm-rights', place, '"rights" must be a line of text, or { text, license }',
            'For example: rights: { text: "© RFE/RL. Republished with permission.", license: https://… }');
          break;
        }
        const rights: Rights = {};
        for (const [k, rv] of Object.entries(obj)) {
          const w = typeof v === 'string' ? place : at(key, k);
          if (!RIGHTS_FIELDS.includes(k)) {
            const near = closest(k, RIGHTS_FIELDS);
            problem('fm-unknown-field', locate([key, k], { key: true }) ?? w, `unknown rights field "${k}"`,
              near ? `Did you mean "${near}"?` : `Known rights fields: ${RIGHTS_FIELDS.join(', ')}.`);
          } else if (k === 'license') {
            const url = typeof rv === 'string' ? checkUrl(rv) : undefined;
            if (url?.ok) rights.license = url.href;
            else problem('url-invalid', w, `rights license ${url?.problem ?? 'must be the URL of the license'}`,
              'Write the absolute http(s) address of the license, e.g. https://creativecommons.org/licenses/by/4.0/.');
          } else if (typeof rv !== 'string' || !hasVisibleText(cleanText(rv))) {
            problem('fm-rights', w, 'rights text must be a line of text', 'For example: rights: "© RFE/RL. Republished with permission."');
          } else rights.text = cleanText(rv).trim();
        }
        if (Object.keys(obj).length === 0) problem('fm-rights', place, '"rights" is empty', 'Give the rights text, the license URL or both, or remove the line.');
        fm.rights = rights;
        break;
      }
      case 'expires': {
        const parsedDate = typeof v === 'string' ? parseFeedDate(v) : { ok: false as const, ruleId: 'date-invalid' as const, problem: `${JSON.stringify(v)} is not a date` };
        if (parsedDate.ok) fm.expires = parsedDate.date;
        else problem(parsedDate.ruleId, place, `"expires": ${parsedDate.problem}`, 'Write an ISO 8601 date-time with its UTC offset, e.g. 2026-12-31T23:59:00+06:00: after it the article leaves the feeds.');
        break;
      }
      case 'withdrawn': {
        const obj = typeof v === 'string' ? { reason: v } : v;
        if (!isObject(obj)) {
          problem('fm-withdrawn', place, '"withdrawn" must give the reason (text), or { reason, date }',
            'For example: withdrawn: "Legal request" — and set "updated" to the time of the withdrawal, or write withdrawn: { reason: …, date: … }.');
          break;
        }
        const w: Partial<Withdrawal> = {};
        let reasonReported = false;
        for (const [k, wv] of Object.entries(obj)) {
          const p = typeof v === 'string' ? place : at(key, k);
          if (!WITHDRAWN_FIELDS.includes(k)) {
            const near = closest(k, WITHDRAWN_FIELDS);
            problem('fm-unknown-field', locate([key, k], { key: true }) ?? p, `unknown withdrawn field "${k}"`,
              near ? `Did you mean "${near}"?` : `Known withdrawn fields: ${WITHDRAWN_FIELDS.join(', ')}.`);
          } else if (k === 'date') {
            const d = typeof wv === 'string' ? parseFeedDate(wv) : { ok: false as const, ruleId: 'date-invalid' as const, problem: `${JSON.stringify(wv)} is not a date` };
            if (d.ok) w.date = d.date;
            else problem(d.ruleId, p, `"withdrawn" date: ${d.problem}`, 'Write the time of the withdrawal as an ISO 8601 date-time with its UTC offset.');
          } else if (typeof wv !== 'string' || !hasVisibleText(cleanText(wv))) {
            problem('fm-withdrawn', p, 'the reason for "withdrawn" must be text', 'For example: withdrawn: "Legal request".');
            reasonReported = true;
          } else w.reason = cleanText(wv).trim();
        }
        if (w.reason === undefined && !reasonReported) {
          problem('fm-withdrawn', place, '"withdrawn" needs a reason', 'For example: withdrawn: { reason: "Legal request", date: 2026-01-05T10:00:00Z }.');
        }
        if (w.reason !== undefined) fm.withdrawn = w as Withdrawal;
        break;
      }
      case 'corrections': {
        const list = Array.isArray(v) ? v : [v];
        const corrections: Correction[] = [];
        list.forEach((c, i) => {
          const p = Array.isArray(v) ? at(key, i) : place;
          const path = (...rest: string[]) => (Array.isArray(v) ? [key, i, ...rest] : [key, ...rest]);
          if (!isObject(c)) {
            problem('fm-corrections', p, 'each correction must be { date, text }',
              'For example:\n  corrections:\n    - date: 2015-07-22T09:00:00+06:00\n      text: An earlier version misspelled the minister\'s name.');
            return;
          }
          let date: FeedDate | undefined;
          let text: string | undefined;
          for (const [k, cv] of Object.entries(c)) {
            const cp = locate(path(k)) ?? p;
            if (!CORRECTION_FIELDS.includes(k)) {
              const near = closest(k, CORRECTION_FIELDS);
              problem('fm-unknown-field', locate(path(k), { key: true }) ?? cp, `unknown correction field "${k}"`,
                near ? `Did you mean "${near}"?` : `Known correction fields: ${CORRECTION_FIELDS.join(', ')}.`);
            } else if (k === 'date') {
              const d = typeof cv === 'string' ? parseFeedDate(cv) : { ok: false as const, ruleId: 'date-invalid' as const, problem: `${JSON.stringify(cv)} is not a date` };
              if (d.ok) date = d.date;
              else problem(d.ruleId, cp, `correction date: ${d.problem}`, 'Write when the correction was made, as an ISO 8601 date-time with its UTC offset.');
            } else if (typeof cv !== 'string' || !hasVisibleText(cleanText(cv))) {
              problem('fm-corrections', cp, 'the text of a correction must be text', 'Say what was wrong and what is right, in the language of this file.');
            } else text = cleanText(cv).trim();
          }
          if (!('date' in c)) problem('fm-corrections', p, 'a correction needs its "date"', 'Add "date: <ISO 8601 date-time with offset>": when the correction was made.');
          if (!('text' in c)) problem('fm-corrections', p, 'a correction needs its "text"', 'Add "text: …": what was wrong and what is right.');
          if (date && text !== undefined) corrections.push({ date, text });
        });
        fm.corrections = corrections;
        break;
      }
      case 'url': {
        const url = typeof v === 'string' ? checkUrl(v) : undefined;
        if (url?.ok) fm.url = url.href;
        else problem('url-invalid', place, `"url" ${url?.problem ?? 'must be the absolute http(s) address of the article'}`,
          'Write the article\'s absolute http(s) address, or leave the line out to derive it from the locale\'s site in locales/registry.json.');
        break;
      }
    }
  }
  if (fm.date && fm.expires && fm.expires.epochMs <= fm.date.epochMs) {
    problem('fm-expires', where('expires', { key: false }), '"expires" is not after "date": the article would never be shown',
      'Check both dates and their UTC offsets; "expires" is when the article leaves the feeds.');
  }
  if (fm.date && fm.withdrawn?.date && fm.withdrawn.date.epochMs < fm.date.epochMs) {
    problem('fm-withdrawn', locate(['withdrawn', 'date']) ?? where('withdrawn', { key: false }), 'the "withdrawn" date is before "date": an article cannot be withdrawn before it was published',
      'Check both dates and their UTC offsets.');
  }
  (fm.corrections ?? []).forEach((c, i) => {
    if (fm.date && c.date.epochMs < fm.date.epochMs) {
      problem('fm-corrections', locate(['corrections', i, 'date']) ?? where('corrections', { key: false }), 'a correction is dated before "date": an article cannot be corrected before it was published',
        'Check both dates and their UTC offsets.');
    }
  });
  if (fm.date && fm.updated && fm.updated.epochMs < fm.date.epochMs) {
    problem('date-updated-before-date', where('updated', { key: false }), '"updated" is before "date": an article cannot be updated before it was published',
      'Check both dates and their UTC offsets; "updated" is the time of the last change.');
  }
  return { fm, diagnostics, positions };
}
