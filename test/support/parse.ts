/** Independent readers of our output: saxes (strict XML), feedsmith (feeds), JSON.parse. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed, type AtomFeed, type JsonFeed, type RssFeed } from 'feedsmith';
import { SaxesParser } from 'saxes';

/** Parses strictly (throws on any well-formedness error) and returns the root's attributes. */
export function strictXml(xml: string): { root: string; attributes: Record<string, string> } {
  const parser = new SaxesParser({ xmlns: true });
  let root: { root: string; attributes: Record<string, string> } | undefined;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    if (root) return;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = typeof v === 'string' ? v : v.value;
    root = { root: tag.name, attributes };
  });
  parser.write(xml).close();
  return root!;
}

/** Every element's `xml:lang`, in document order, as `[elementName, lang]`. */
export function xmlLangs(xml: string): [string, string][] {
  const parser = new SaxesParser({ xmlns: true });
  const out: [string, string][] = [];
  parser.on('opentag', (tag) => {
    const a = tag.attributes['xml:lang'];
    if (a) out.push([tag.name, typeof a === 'string' ? a : a.value]);
  });
  parser.write(xml).close();
  return out;
}

export interface OutFeeds {
  rssText: string;
  atomText: string;
  jsonText: string;
  rss: RssFeed.Feed<string>;
  atom: AtomFeed.Feed<string>;
  json: JsonFeed.Feed<string>;
}

/** Reads `<out>/<locale>/*` with feedsmith, after a strict XML parse of both XML files. */
export function readOut(out: string, locale: string): OutFeeds {
  const rssText = readFileSync(path.join(out, locale, 'rss.xml'), 'utf8');
  const atomText = readFileSync(path.join(out, locale, 'atom.xml'), 'utf8');
  const jsonText = readFileSync(path.join(out, locale, 'feed.json'), 'utf8');
  strictXml(rssText);
  strictXml(atomText);
  return {
    rssText,
    atomText,
    jsonText,
    rss: parseRssFeed(rssText),
    atom: parseAtomFeed(atomText),
    json: parseJsonFeed(JSON.parse(jsonText)),
  };
}

export interface XmlElementFound {
  /** The element's qualified name as written (`media:content`). */
  name: string;
  /** Names of the open elements above it, outermost first. */
  ancestors: string[];
  attributes: Record<string, string>;
  text: string;
}

/** Every element called `name` (qualified, as written), with its attributes and text: strict saxes parse. */
export function xmlElements(xml: string, name: string): XmlElementFound[] {
  const parser = new SaxesParser({ xmlns: true });
  const stack: { found?: XmlElementFound; name: string }[] = [];
  const out: XmlElementFound[] = [];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = typeof v === 'string' ? v : v.value;
    const found = tag.name === name ? { name: tag.name, ancestors: stack.map((s) => s.name), attributes, text: '' } : undefined;
    if (found) out.push(found);
    stack.push({ name: tag.name, ...(found ? { found } : {}) });
  });
  parser.on('text', (t) => {
    for (const s of stack) if (s.found) s.found.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return out;
}
