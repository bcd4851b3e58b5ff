/**
 * Front matter: the YAML block between `---` lines at the top of each content file.
 * Read with positions; every problem names its line and column and says what to do.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { parseSimpleYaml } from '../util/yaml-fast.js';
import { isHttpUrl } from '../util/url.js';
import { parseYamlSource, type Position } from '../util/yaml-source.js';
import { isObject } from '../locales/registry.js';
import { parseFeedDate, type FeedDate } from './dates.js';
import { cleanText } from '../formats/serialize.js';

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
}

export const FIELDS = ['title', 'date', 'updated', 'authors', 'categories', 'summary', 'image', 'url', 'translationOf', 'sourceHash', 'draft'] as const;
const IMAGE_FIELDS = ['url', 'alt', 'type', 'length'];
export const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export interface SplitFile {
  /** The YAML between the delimiters. */
  yaml: string;
  /** 1-based line of the first YAML line. */
  yamlLine: number;
  /** Index in the text where the body starts, and its 1-based line. */
  bodyIndex: number;
  bodyLine: number;
}

// The closing line. Not a /m regex: JavaScript's ^ and $ would also match at U+2028 and
// U+2029, which may stand inside a quoted YAML value.
const CLOSE = /\n(?:---|\.\.\.)[ \t]*\r?(?=\n|$)/;

/** Splits `---\n<yaml>\n---\n<body>`. Text must have had its BOM removed. */
export function splitFrontMatter(text: string): SplitFile | { problem: string; line: number; hint: string } {
  const firstEnd = text.indexOf('\n');
  const first = (firstEnd < 0 ? text : text.slice(0, firstEnd)).replace(/\r$/, '');
  if (first.trimEnd() !== '---') {
    return {
      problem: 'the file does not start with front matter',
      line: 1,
      hint: 'Start the file with a line "---", then the YAML fields (title, date, …), then another "---" line, then the Markdown body.',
    };
  }
  const rest = text.slice(firstEnd + 1);
  const m = CLOSE.exec(`\n${rest}`);
  if (firstEnd < 0 || !m) {
    return {
      problem: 'the front matter opened on line 1 is never closed',
      line: 1,
      hint: 'Add a line "---" after the last front matter field, before the Markdown body.',
    };
  }
  const closeIndex = firstEnd + 1 + m.index;
  const afterClose = text.indexOf('\n', closeIndex);
  const bodyIndex = afterClose < 0 ? text.length : afterClose + 1;
  const yaml = text.slice(firstEnd + 1, closeIndex);
  const yamlLines = yaml === '' ? 0 : yaml.split('\n').length - (yaml.endsWith('\n') ? 1 : 0);
  return { yaml, yamlLine: 2, bodyIndex, bodyLine: 2 + yamlLines + 1 };
}

/** Parses and checks the front matter fields. `file` is how the file is shown in messages. */
export interface FrontMatterResult {
  fm: FrontMatter;
  diagnostics: Diagnostic[];
  /** Where a field is written; for an absent field, the opening `---` line. */
  where(field: string): Position;
}

export function readFrontMatter(split: SplitFile, file: string): FrontMatterResult {
  const diagnostics: Diagnostic[] = [];
  const fm: FrontMatter = {};
  const opening: Position = { line: 1, column: 1 };
  let where = (_field: string): Position => opening;
  const parsed = parseSimpleYaml(split.yaml, split.yamlLine - 1) ?? parseYamlSource(split.yaml, split.yamlLine - 1);
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      diagnostics.push(error(`the front matter is not valid YAML: ${p.message}`, {
        file, line: p.line, column: p.column,
        hint: 'Check the indentation and quote values that contain ": " or start with a quote, "[", "{", "&", "*", "!", "|", ">", "%" or "@".',
      }));
    }
    return { fm, diagnostics, where };
  }
  const { value, locate } = parsed.source;
  where = (field) => locate([field], { key: true }) ?? opening;
  const at = (...p: (string | number)[]): Partial<Position> => locate(p) ?? { line: split.yamlLine, column: 1 };
  const problem = (where: Partial<Position>, message: string, hint?: string) =>
    diagnostics.push(error(message, { file, ...where, ...(hint ? { hint } : {}) }));
  if (value === null || value === undefined) return { fm, diagnostics, where };
  if (!isObject(value)) {
    problem(at(), 'the front matter must be a set of "field: value" lines');
    return { fm, diagnostics, where };
  }
  for (const [key, v] of Object.entries(value)) {
    const where = at(key);
    if (!(FIELDS as readonly string[]).includes(key)) {
      const near = closest(key, FIELDS);
      problem(locate([key], { key: true }) ?? where, `unknown front matter field "${key}"`,
        near ? `Did you mean "${near}"?` : `Known fields: ${FIELDS.join(', ')}.`);
      continue;
    }
    switch (key as (typeof FIELDS)[number]) {
      case 'title':
      case 'summary':
      case 'translationOf':
      case 'sourceHash': {
        if (typeof v !== 'string' && typeof v !== 'number') {
          problem(where, `"${key}" must be text`, key === 'title' ? 'Write the headline after "title: ", in quotes if it contains ": ".' : undefined);
          break;
        }
        // Trimmed after the characters no feed can carry are gone, so that what is
        // published is what was checked (a title of only control characters is empty).
        const s = cleanText(String(v)).trim();
        if (!s) problem(where, `"${key}" is empty`, key === 'title' ? 'Write the headline after "title: ".' : undefined);
        else (fm as Record<string, string>)[key] = s;
        break;
      }
      case 'date':
      case 'updated': {
        const parsedDate = typeof v === 'string' ? parseFeedDate(v) : { ok: false as const, problem: `${JSON.stringify(v)} is not a date` };
        if (parsedDate.ok) fm[key as 'date' | 'updated'] = parsedDate.date;
        else problem(where, `"${key}": ${parsedDate.problem}`, 'Write an ISO 8601 date-time with its UTC offset, e.g. 2015-07-21T18:30:00+06:00 (or …Z for UTC).');
        break;
      }
      case 'authors': {
        const list = Array.isArray(v) ? v : [v];
        const authors: Author[] = [];
        list.forEach((a, i) => {
          const w = Array.isArray(v) ? at(key, i) : where;
          if (typeof a === 'string' && a.trim()) authors.push({ name: a.trim() });
          else if (isObject(a) && typeof a.name === 'string' && a.name.trim()) {
            const author: Author = { name: a.name.trim() };
            if (a.url !== undefined) {
              if (typeof a.url === 'string' && isHttpUrl(a.url)) author.url = a.url;
              else problem(w, `author "${author.name}": url must be an absolute http(s) URL`);
            }
            if (a.email !== undefined) {
              if (typeof a.email === 'string' && /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(a.email)) author.email = a.email;
              else problem(w, `author "${author.name}": email is not an e-mail address`);
            }
            authors.push(author);
          } else problem(w, 'each author must be a name, or an object with a "name"', 'For example: authors: [Jane Doe] or authors: [{ name: Jane Doe, url: https://… }]');
        });
        fm.authors = authors;
        break;
      }
      case 'categories': {
        const list = Array.isArray(v) ? v : [v];
        fm.categories = [];
        list.forEach((c, i) => {
          const s = String(c ?? '');
          if (SLUG.test(s)) fm.categories!.push(s);
          else problem(Array.isArray(v) ? at(key, i) : where, `category "${s}" is not a slug`,
            'Categories are lowercase slugs such as human-rights; their display names come from locales/<locale>/categories.json.');
        });
        break;
      }
      case 'image': {
        const img: Partial<ImageRef> = {};
        const obj = typeof v === 'string' ? { url: v } : v;
        if (!isObject(obj)) {
          problem(where, '"image" must be a URL or an object with url, alt, type, length');
          break;
        }
        for (const [k, iv] of Object.entries(obj)) {
          const w = at(key, k);
          if (!IMAGE_FIELDS.includes(k)) {
            const near = closest(k, IMAGE_FIELDS);
            problem(locate([key, k], { key: true }) ?? w, `unknown image field "${k}"`, near ? `Did you mean "${near}"?` : `Known image fields: ${IMAGE_FIELDS.join(', ')}.`);
          } else if (k === 'length') {
            if (Number.isInteger(iv) && (iv as number) >= 0) img.length = iv as number;
            else problem(w, 'image length must be the size of the file in bytes (a whole number)');
          } else if (typeof iv !== 'string' || !iv.trim()) problem(w, `image ${k} must be text`);
          else if (k === 'type' && !/^image\/[a-z0-9.+-]+$/i.test(iv)) problem(w, `image type "${iv}" is not an image MIME type`, 'For example image/jpeg, image/png, image/webp.');
          else (img as Record<string, string>)[k] = iv.trim();
        }
        fm.image = img;
        break;
      }
      case 'draft': {
        if (typeof v === 'boolean') fm.draft = v;
        else problem(where, '"draft" must be true or false', 'Write "draft: true" to keep this version out of the feeds, or remove the line.');
        break;
      }
      case 'url': {
        if (typeof v === 'string' && isHttpUrl(v)) fm.url = v;
        else problem(where, '"url" must be the absolute http(s) address of the article', 'Leave it out to derive it from the locale\'s site in locales/registry.json.');
        break;
      }
    }
  }
  return { fm, diagnostics, where };
}


/** The known name nearest to `word` (edit distance ≤ 2, or a case/ordering slip), if any. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

/** Damerau–Levenshtein (optimal string alignment) distance: a swap of two letters counts once. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
