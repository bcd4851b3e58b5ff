/**
 * The strict checks every document must pass before it is published (and that
 * `polyfeed validate` runs on a folder), one per format (src/formats/code.ts pairs each with
 * its format row of src/outputs.ts):
 * - RSS 2.0: well-formed XML; an `rss` root with version 2.0 and one channel that has a
 *   title, an http(s) link, a description and a language; every item a title or a
 *   description and a guid;
 * - Atom 1.0: well-formed XML and the RELAX NG schema of RFC 4287;
 * - JSON Feed 1.1: JSON, the JSON Schema of version 1.1, no control characters;
 * and for all: a feed-level language that is BCP 47 (the registry's feed tag, where the
 * registry is known), unique item ids, and only http(s) URLs in links (icons and logos too). The reader-facing
 * documents have their own:
 * - HTML pages: no HTML parse error (parse5), `<html lang>` the registry's tag, one h1, no
 *   script, absolute links only http(s);
 * - OPML 2.0: well-formed XML, `<opml version="2.0">` with a head, a title and a body, every
 *   outline a text, every subscription a title and an http(s) xmlUrl, languages BCP 47;
 * - CSS: balanced blocks, no @import and no url() but @namespace's (no resource from elsewhere).
 *
 * They are the heavy part of checking (parse5, the RELAX NG and JSON Schema checkers): only the
 * code that runs a check loads this module (src/formats/code.ts); the build loop uses ./index.ts.
 */
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { SaxesParser } from 'saxes';
import type { RuleId } from '../diagnostics.js';
import { isBcp47 } from '../locales/registry.js';
import { checkUrl } from '../util/url.js';
import { atomSchemaErrors, jsonFeedSchemaErrors, xmlWellFormednessErrors } from './checks.js';

export interface CheckProblem {
  ruleId: RuleId;
  message: string;
}

interface Facts {
  lang?: string;
  ids: string[];
  urls: string[];
  problems: CheckProblem[];
}

export function checkRss(text: string, expectedLang?: string): CheckProblem[] {
  return checkXml(text, 'rss', expectedLang);
}

export function checkAtom(text: string, expectedLang?: string): CheckProblem[] {
  return checkXml(text, 'atom', expectedLang);
}

export function checkJsonFeed(text: string, expectedLang?: string): CheckProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return [{ ruleId: 'output-json', message: `not valid JSON: ${(e as Error).message}` }];
  }
  const problems: CheckProblem[] = jsonFeedSchemaErrors(parsed).map((m) => ({ ruleId: 'output-schema', message: `JSON Feed 1.1 schema: ${m}` }));
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.exec(text.replace(/\\u00[0-9a-fA-F]{2}/g, (e) => String.fromCharCode(parseInt(e.slice(2), 16))));
  if (control) problems.push({ ruleId: 'output-control-character', message: `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` });
  const obj = parsed as { language?: unknown; home_page_url?: unknown; feed_url?: unknown; icon?: unknown; favicon?: unknown; items?: { id?: unknown; url?: unknown; external_url?: unknown; image?: unknown }[] };
  const facts: Facts = { lang: typeof obj.language === 'string' ? obj.language : undefined, ids: [], urls: [], problems };
  for (const u of [obj.home_page_url, obj.feed_url, obj.icon, obj.favicon]) if (typeof u === 'string') facts.urls.push(u);
  for (const item of Array.isArray(obj.items) ? obj.items : []) {
    facts.ids.push(String(item?.id));
    for (const u of [item?.url, item?.external_url, item?.image]) if (typeof u === 'string') facts.urls.push(u);
  }
  return common(facts, expectedLang);
}

function checkXml(text: string, format: 'rss' | 'atom', expectedLang?: string): CheckProblem[] {
  const facts = xmlFacts(format);
  const wf = xmlWellFormednessErrors(text, facts.observe);
  if (wf.length) return wf.map((m) => ({ ruleId: 'output-xml', message: `not well-formed XML: ${m}` }));
  if (format === 'atom') facts.problems.push(...atomSchemaErrors(text).map((m) => ({ ruleId: 'output-schema' as const, message: `Atom RELAX NG (RFC 4287): ${m}` })));
  else facts.problems.push(...facts.rssStructure());
  return common(facts, expectedLang);
}

function common(facts: Facts, expectedLang: string | undefined): CheckProblem[] {
  const { problems, lang } = facts;
  if (lang === undefined) problems.push({ ruleId: 'output-language', message: 'no feed-level language' });
  else if (!isBcp47(lang)) problems.push({ ruleId: 'output-language', message: `feed language "${lang}" is not a BCP 47 tag` });
  else if (expectedLang !== undefined && lang !== expectedLang) problems.push({ ruleId: 'output-language', message: `feed language is "${lang}", the registry says "${expectedLang}"` });
  const seen = new Set<string>();
  for (const id of facts.ids) {
    if (seen.has(id)) problems.push({ ruleId: 'output-duplicate-id', message: `item id "${id}" is not unique` });
    seen.add(id);
  }
  for (const u of facts.urls) {
    const c = checkUrl(u);
    if (!c.ok) problems.push({ ruleId: 'output-url', message: `link ${c.problem}` });
  }
  return problems;
}

export function checkHtml(text: string, expectedLang?: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const html = (message: string) => problems.push({ ruleId: 'output-html', message });
  const tree: Root = fromHtml(text, { onerror: (e) => void html(`line ${e.line}, column ${e.column}: ${e.reason}`) });
  if (!text.startsWith('<!DOCTYPE html>')) html('the document does not start with <!DOCTYPE html>');
  const elements: Element[] = [];
  const walk = (n: Root | RootContent) => {
    if (n.type === 'element') elements.push(n);
    if ('children' in n) n.children.forEach(walk);
  };
  walk(tree);
  const root = elements.find((e) => e.tagName === 'html');
  const lang = typeof root?.properties.lang === 'string' ? root.properties.lang : undefined;
  const facts: Facts = { lang, ids: [], urls: [], problems };
  const h1 = elements.filter((e) => e.tagName === 'h1').length;
  if (h1 !== 1) html(`a page has exactly one <h1>; this one has ${h1}`);
  for (const e of elements) {
    if (e.tagName === 'script') html('a page carries no script');
    for (const key of ['href', 'src'] as const) {
      const v = e.properties[key];
      // Links between our documents are relative; every absolute one must be http(s).
      if (typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v)) facts.urls.push(v);
    }
  }
  return common(facts, expectedLang);
}

export function checkOpml(text: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const structure = (message: string) => problems.push({ ruleId: 'output-structure', message });
  const urls: string[] = [];
  const seen = new Map<string, number>();
  let version: string | undefined;
  const wf = xmlWellFormednessErrors(text, (parser) => {
    const stack: string[] = [];
    parser.on('opentag', (tag) => {
      stack.push(tag.name);
      const p = stack.join('/');
      seen.set(p, (seen.get(p) ?? 0) + 1);
      const attr = (name: string) => {
        const a = tag.attributes[name];
        return a === undefined ? undefined : typeof a === 'string' ? a : a.value;
      };
      if (stack.length === 1) version = attr('version');
      if (tag.name !== 'outline') return;
      if (!p.startsWith('opml/body/')) structure(`an <outline> outside <body>`);
      if (!attr('text')?.trim()) structure('an outline without text');
      const lang = attr('language');
      if (lang !== undefined && !isBcp47(lang)) problems.push({ ruleId: 'output-language', message: `outline language "${lang}" is not a BCP 47 tag` });
      if (attr('type') === 'rss') {
        const xmlUrl = attr('xmlUrl');
        if (!xmlUrl) structure('a subscription outline (type="rss") without xmlUrl');
        else urls.push(xmlUrl);
        if (!attr('title')?.trim()) structure('a subscription outline (type="rss") without title');
        const htmlUrl = attr('htmlUrl');
        if (htmlUrl !== undefined) urls.push(htmlUrl);
      }
    });
    parser.on('closetag', () => void stack.pop());
  });
  if (wf.length) return wf.map((m) => ({ ruleId: 'output-xml', message: `not well-formed XML: ${m}` }));
  if (version !== '2.0' || !seen.has('opml')) structure('the root element must be <opml version="2.0">');
  for (const el of ['head', 'body']) if (seen.get(`opml/${el}`) !== 1) structure(`an OPML document has exactly one <${el}>`);
  if (seen.get('opml/head/title') !== 1) structure('the OPML head has no <title> (or more than one)');
  if (!seen.has('opml/body/outline')) structure('the OPML body has no outline');
  for (const u of urls) {
    const c = checkUrl(u);
    if (!c.ok) problems.push({ ruleId: 'output-url', message: `link ${c.problem}` });
  }
  return problems;
}

/** A style sheet: blocks balanced, nothing loaded from elsewhere. */
export function checkCss(text: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const css = (message: string) => problems.push({ ruleId: 'output-css', message });
  // Strings and comments out of the way first: braces and url( inside them mean nothing.
  const bare = text.replace(/\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'/g, (m) => (m.startsWith('/*') ? ' ' : '""'));
  if (/\/\*|["']/.test(bare.replace(/""/g, ''))) css('an unclosed comment or string');
  let depth = 0;
  for (const c of bare) {
    if (c === '{') depth++;
    if (c === '}' && --depth < 0) break;
  }
  if (depth !== 0) css('braces do not balance');
  if (/@import\b/i.test(bare)) css('@import loads a style sheet from elsewhere');
  for (const line of bare.split('\n')) {
    if (/\burl\(/i.test(line) && !/^@namespace\b/.test(line.trim())) css(`url() loads a resource: ${line.trim().slice(0, 80)}`);
  }
  return problems;
}

const MEDIA_RSS = 'http://search.yahoo.com/mrss/';

/** Collects the facts of an RSS or Atom document while it is parsed (one parse). */
function xmlFacts(format: 'rss' | 'atom') {
  const seen = new Map<string, number>();
  let rootName = '';
  let rootVersion: string | undefined;
  let items = 0;
  const itemsWithout = { titleOrDescription: 0, guid: 0 };
  let item: { title: boolean; description: boolean; guid: boolean } | undefined;
  const facts: Facts & {
    observe(parser: SaxesParser<{ xmlns: true; position: true }>): void;
    rssStructure(): CheckProblem[];
  } = {
    ids: [],
    urls: [],
    problems: [],
    observe(parser) {
      const stack: string[] = [];
      let text = '';
      parser.on('opentag', (tag) => {
        stack.push(tag.name);
        text = '';
        const attr = (name: string) => {
          const a = tag.attributes[name];
          return a === undefined ? undefined : typeof a === 'string' ? a : a.value;
        };
        if (stack.length === 1) {
          rootName = tag.local;
          rootVersion = attr('version');
          if (format === 'atom') facts.lang = attr('xml:lang');
        }
        const p = stack.join('/');
        if (format === 'rss' && p === 'rss/channel/item') {
          items++;
          item = { title: false, description: false, guid: false };
        }
        const href = attr('href') ?? (tag.local === 'enclosure' || tag.uri === MEDIA_RSS ? attr('url') : undefined);
        if (href !== undefined) facts.urls.push(href);
      });
      parser.on('text', (t) => (text += t));
      parser.on('closetag', () => {
        const p = stack.join('/');
        seen.set(p, (seen.get(p) ?? 0) + 1);
        if (format === 'rss') {
          if (p === 'rss/channel/language') facts.lang = text.trim();
          if (p === 'rss/channel/link' || p === 'rss/channel/item/link' || p === 'rss/channel/image/url' || p === 'rss/channel/image/link') facts.urls.push(text.trim());
          if (p === 'rss/channel/item/guid') facts.ids.push(text.trim());
          if (item && p.startsWith('rss/channel/item/')) {
            const name = p.slice('rss/channel/item/'.length);
            if (name === 'title' && text.trim()) item.title = true;
            if (name === 'description' && text.trim()) item.description = true;
            if (name === 'guid' && text.trim()) item.guid = true;
          }
          if (p === 'rss/channel/item' && item) {
            if (!item.title && !item.description) itemsWithout.titleOrDescription++;
            if (!item.guid) itemsWithout.guid++;
            item = undefined;
          }
        } else {
          if (p === 'feed/entry/id') facts.ids.push(text.trim());
          if (p === 'feed/author/uri' || p === 'feed/entry/author/uri' || p === 'feed/icon' || p === 'feed/logo') facts.urls.push(text.trim());
        }
        stack.pop();
        text = '';
      });
    },
    rssStructure() {
      const out: CheckProblem[] = [];
      const need = (cond: boolean, message: string) => {
        if (!cond) out.push({ ruleId: 'output-structure', message });
      };
      need(rootName === 'rss' && rootVersion === '2.0', 'the root element must be <rss version="2.0">');
      need(seen.get('rss/channel') === 1, 'an RSS feed has exactly one <channel>');
      for (const el of ['title', 'link', 'description']) need(seen.get(`rss/channel/${el}`) === 1, `the channel has no <${el}> (or more than one)`);
      need(itemsWithout.titleOrDescription === 0, `${itemsWithout.titleOrDescription} of ${items} items have neither <title> nor <description>`);
      need(itemsWithout.guid === 0, `${itemsWithout.guid} of ${items} items have no <guid>`);
      return out;
    },
  };
  return facts;
}
