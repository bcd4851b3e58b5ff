/**
 * Atom 1.0 (RFC 4287). `xml:lang` on the feed and on each entry (a fallback entry carries its
 * own language), plain-text titles and summaries marked `type="text"` (`type="html"`, escaped,
 * when the text looks like markup: src/formats/serialize.ts), HTML content, RFC 3339
 * dates with the article's own offset, one `rel="alternate"` link per language version with
 * `hreflang`, and the image as `rel="enclosure"` with its real MIME type and as Media RSS. The
 * feed has the service's `<icon>` and `<logo>`, and links to the same feed in RSS and JSON Feed
 * (`rel="alternate"` by type) and in the other languages (`rel="alternate"` by hreflang:
 * RFC 4287 allows one alternate per type and hreflang combination), and to its archives
 * (RFC 5005: src/formats/history.ts). Partner feeds add per
 * entry `<rights>`, `rel="license"` (RFC 4946) and `<dcterms:valid>` (a takedown's end is in
 * the past; `<updated>` is the newer modified date).
 * Where its row names a style sheet, an `<?xml-stylesheet type="text/css"?>` instruction
 * (src/formats/css.ts).
 */
import { rfc3339 } from '../content/dates.js';
import { readFeedXml, tokenizedFeed, Tokens } from './feed-wrapper.js';
import { historyElements, historyNamespace } from './history.js';
import { feedNamespaces, mediaContent } from './media.js';
import type { DocumentLinks, FeedModel, ItemModel } from './model.js';
import { serializeXml, textConstruct } from './serialize.js';
import { child, children, el, plainText, stylesheetInstruction, replaceChildren, textOf, type XElement } from './xml.js';

export function renderAtom(model: FeedModel, links: DocumentLinks): string {
  const { self } = links;
  const tk = new Tokens();
  const feed = tokenizedFeed(model, tk, {
    copyright: tk.put(model.copyright),
    generator: tk.put(model.generator.name),
    author: { name: tk.put(model.publisher) },
    feedLinks: { atom: tk.put(self.href) },
  });
  const root = readFeedXml(feed.atom1(), tk);
  root.attributes = {
    xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': model.lang,
    ...feedNamespaces(model), ...historyNamespace(links.history),
  };
  text(root, 'title', model.title, model.lang);
  text(root, 'subtitle', model.description, model.lang);
  text(root, 'rights', model.copyright, model.lang);
  replaceChildren(root, 'author', [el('author', {}, el('name', {}, plainText(model.publisher, 'text')))]);
  replaceChildren(root, 'updated', [el('updated', {}, rfc3339(model.updated))]);
  replaceChildren(root, 'generator', [el('generator', { version: model.generator.version }, model.generator.name)]);
  replaceChildren(root, 'link', [
    el('link', { rel: 'alternate', type: 'text/html', href: model.homeUrl }),
    el('link', { rel: 'self', type: self.mediaType, href: self.href }),
    // WebSub (W3C, section 4): the hub is announced next to the feed's self link.
    ...(model.hub ? [el('link', { rel: 'hub', href: model.hub })] : []),
    ...links.formats.map((f) => el('link', { rel: 'alternate', type: f.mediaType, href: f.href })),
    ...links.languages.map((l) => el('link', { rel: 'alternate', type: l.mediaType, hreflang: l.lang, href: l.href })),
    // RFC 5005 archives.
    ...historyElements(links.history, 'link'),
  ]);
  const images = [...(model.icon ? [el('icon', {}, model.icon)] : []), ...(model.logo ? [el('logo', {}, model.logo)] : [])];
  if (images.length) root.elements!.splice(root.elements!.findIndex((n) => n.type === 'element' && n.name === 'link'), 0, ...images);
  children(root, 'entry').forEach((node, i) => repairEntry(node, model.items[i]!, model.lang));
  return serializeXml(root, self.stylesheet ? [stylesheetInstruction(self.stylesheet)] : []);
}

function repairEntry(node: XElement, item: ItemModel, feedLang: string): void {
  node.attributes = { 'xml:lang': item.lang };
  text(node, 'title', item.title, item.lang);
  text(node, 'summary', item.summary, item.lang);
  // The HTML itself says which parts are in which language (a fallback note is in the
  // feed's language, the body in the item's); the construct takes the feed's.
  replaceChildren(node, 'content', [el('content', { type: 'html', 'xml:lang': feedLang }, textOf(child(node, 'content')!))]);
  // Readers disagree on which alternate link is the entry's own: many take the first,
  // feedparser the last. So the entry's link comes first (with its language) and, when
  // there are translations between, once more last (without hreflang: RFC 4287 allows one
  // alternate per type and hreflang combination).
  replaceChildren(node, 'link', [
    el('link', { rel: 'alternate', type: 'text/html', hreflang: item.lang, href: item.url }),
    ...item.alternates.map((a) => el('link', { rel: 'alternate', type: 'text/html', hreflang: a.lang, href: a.href, title: a.title })),
    ...(item.alternates.length ? [el('link', { rel: 'alternate', type: 'text/html', href: item.url })] : []),
    ...(item.image ? [el('link', { rel: 'enclosure', type: item.image.type, length: item.image.length, href: item.image.url, title: item.image.alt })] : []),
    ...(item.rights?.license ? [el('link', { rel: 'license', type: 'text/html', href: item.rights.license })] : []),
  ]);
  replaceChildren(node, 'updated', [el('updated', {}, rfc3339(item.updated))]);
  replaceChildren(node, 'published', [el('published', {}, rfc3339(item.published))]);
  replaceChildren(node, 'author', item.authors.map((a) =>
    el('author', {}, el('name', {}, plainText(a.name, 'text')), ...(a.email ? [el('email', {}, a.email)] : []), ...(a.url ? [el('uri', {}, a.url)] : []))));
  // The label is plain text that readers read as such (src/formats/serialize.ts).
  replaceChildren(node, 'category', item.categories.map((c) => ({ ...el('category', { term: c.term, label: c.label }), readings: { label: 'text' } })));
  // Partner metadata (absent from public feeds).
  if (item.rights) node.elements!.push(construct('rights', item.rights.text, item.lang));
  if (item.validUntil) node.elements!.push(el('dcterms:valid', {}, `end=${rfc3339(item.validUntil)}; scheme=W3C-DTF`));
  if (item.image) node.elements!.push(...mediaContent(item.image, item.lang));
}

/** A construct of plain text (feed marks every title as HTML), with its language. */
function text(parent: XElement, name: string, value: string, lang: string): void {
  replaceChildren(parent, name, [construct(name, value, lang)]);
}

/** `type="text"`, or `type="html"` for text that looks like markup (src/formats/serialize.ts). */
function construct(name: string, value: string, lang: string): XElement {
  const { type, content } = textConstruct(value);
  return el(name, { type, 'xml:lang': lang }, content);
}
