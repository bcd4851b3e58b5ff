/**
 * How polyfeed uses the `feed` package without trusting it.
 *
 * feed 6.0.0 lays out RSS, Atom and JSON documents well, but mishandles text: it passes
 * XML-invalid characters through, splits only the first `]]>` of a CDATA section, leaves
 * `&` and `<` unescaped in some attributes, gives Atom no `xml:lang`, marks plain titles as
 * HTML and writes JSON Feed 1.0. So we never hand it text. Every value it gets is an opaque
 * token (`urn:x-polyfeed:7`, which survives its URL parsing and escaping unchanged); its
 * output is parsed back with a strict XML parser, tokens are replaced by the real values,
 * the format modules repair what feed gets wrong, and src/formats/serialize.ts writes the
 * result — the only place text is escaped.
 */
import { Feed, type FeedOptions } from 'feed';
import type { FeedModel } from './model.js';
import { xml2js } from 'xml-js';
import type { XElement, XNode } from './xml.js';

const TOKEN = /urn:x-polyfeed:(\d+)/;

export class Tokens {
  private readonly values: string[] = [];

  /** A stand-in for `value` that feed can neither damage nor misplace. */
  put(value: string): string {
    this.values.push(value);
    return `urn:x-polyfeed:${this.values.length - 1}`;
  }

  /** The real value behind a token (text that is no token stays as it is). */
  resolve(text: string): string {
    const m = TOKEN.exec(text);
    if (!m) return text;
    if (m[0] !== text) throw new Error(`feed altered a token: ${JSON.stringify(text)}`);
    return this.values[Number(m[1])]!;
  }
}

/**
 * A `feed` instance for one document of `model`, every value a token of `tk`. `extra` adds the
 * feed options one format needs; `describe` turns a summary into what that format's
 * description field holds.
 */
export function tokenizedFeed(model: FeedModel, tk: Tokens, extra: Partial<FeedOptions> = {}, describe = (summary: string) => summary): Feed {
  const feed = new Feed({
    id: tk.put(model.id),
    title: tk.put(model.title),
    description: tk.put(model.description),
    link: tk.put(model.homeUrl),
    updated: new Date(model.updated.epochMs),
    ...extra,
  });
  for (const item of model.items) {
    feed.addItem({
      title: tk.put(item.title),
      id: tk.put(item.id),
      link: tk.put(item.url),
      date: new Date(item.updated.epochMs),
      published: new Date(item.published.epochMs),
      description: tk.put(describe(item.summary)),
      content: tk.put(item.contentHtml),
    });
  }
  return feed;
}

/** Parses feed's XML output strictly into our tree, resolving tokens; CDATA becomes text. */
export function readFeedXml(xml: string, tokens: Tokens): XElement {
  const doc = xml2js(xml, { compact: false, ignoreDeclaration: true, ignoreInstruction: true, ignoreComment: true }) as { elements?: unknown[] };
  const convert = (node: Record<string, unknown>): XNode | undefined => {
    if (node.type === 'text' || node.type === 'cdata') {
      return { type: 'text', text: tokens.resolve(String(node.type === 'text' ? node.text : node.cdata)) };
    }
    if (node.type !== 'element') return undefined;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries((node.attributes ?? {}) as Record<string, unknown>)) attributes[k] = tokens.resolve(String(v));
    const kids = ((node.elements ?? []) as Record<string, unknown>[]).map(convert).filter((n): n is XNode => n !== undefined);
    return { type: 'element', name: String(node.name), attributes, elements: kids };
  };
  const root = (doc.elements ?? []).map((n) => convert(n as Record<string, unknown>)).find((n): n is XElement => n?.type === 'element');
  if (!root) throw new Error('feed produced no root element');
  return root;
}

/** Parses feed's JSON output, resolving tokens in every string. */
export function readFeedJson(json: string, tokens: Tokens): Record<string, unknown> {
  return JSON.parse(json, (_key, value: unknown) => (typeof value === 'string' ? tokens.resolve(value) : value)) as Record<string, unknown>;
}
