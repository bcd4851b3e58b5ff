/**
 * The code behind each format row of src/outputs.ts: its serializer and its check. It is most of
 * what polyfeed loads (unified and hast for pages, the RELAX NG and JSON Schema checkers), so it
 * is a module of its own that only what makes or checks a document loads: the worker tasks
 * (src/workers/tasks.ts) and, through `formatCode()` in src/outputs.ts, `polyfeed validate`. A
 * build that reuses every document from the cache never loads it.
 */
import { HEADERS_OUTPUT, type FormatName } from '../outputs.js';
import { checkAtom, checkCss, checkHtml, checkJsonFeed, checkOpml, checkRss, type CheckProblem } from '../validate/documents.js';
import { renderAtom } from './atom.js';
import { renderFeedCss, renderPageCss } from './css.js';
import { renderPage } from './html.js';
import { renderJson } from './json.js';
import type { DocumentLinks } from './model.js';
import { renderOpml } from './opml.js';
import { renderRss } from './rss.js';

export interface FormatCode<M = never> {
  /** `links`: where the document is published, and its versions in the other formats and languages. */
  serialize(model: M, links: DocumentLinks): string;
  /** Problems in a document of this format; `expectedLang` is the registry's feed tag, where known. */
  check(text: string, expectedLang?: string): CheckProblem[];
}

export const FORMAT_CODE = {
  rss: { serialize: renderRss, check: checkRss },
  atom: { serialize: renderAtom, check: checkAtom },
  json: { serialize: renderJson, check: checkJsonFeed },
  html: { serialize: renderPage, check: checkHtml },
  opml: { serialize: renderOpml, check: checkOpml },
  'feed-css': { serialize: renderFeedCss, check: checkCss },
  'page-css': { serialize: renderPageCss, check: checkCss },
  // Light, and made every build from the others: its code is in its row.
  headers: HEADERS_OUTPUT.format,
} as const satisfies Record<FormatName, FormatCode<never>>;

/** A format's code, by name: what a worker is told to run on a document. */
export function codeOf(format: FormatName): FormatCode<unknown> {
  return FORMAT_CODE[format] as FormatCode<unknown>;
}
