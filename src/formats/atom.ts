/**
 * Atom 1.0 (RFC 4287). `xml:lang` on the feed and on each entry (a fallback entry carries its
 * own language), plain-text titles and summaries marked `type="text"`, HTML content, RFC 3339
 * dates with the article's own offset, one `rel="alternate"` link per language version with
 * `hreflang`, and the image as `rel="enclosure"` with its real MIME type. Partner feeds add per
 * entry `<rights>`, `rel="license"` (RFC 4946), `<dcterms:valid>` (a takedown's end is in the
 * past; `<updated>` is the newer modified date) and the image as Media RSS.
 */
import { rfc3339 } from '../content/dates.js';
import { readFeedXml, tokenizedFeed, Tokens } from './feed-wrapper.js';
import { DCTERMS_NS, MEDIA_NS, mediaContent, usesPartnerMetadata } from './media.js';
import type { DocumentLink, FeedModel, ItemModel } from './model.js';
import { serializeXml } from './serialize.js';
import { child, children, el, replaceChildren, textOf, type XElement } from './xml.js';

export function renderAtom(model: FeedModel, self: DocumentLink): string {
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
    ...(usesPartnerMetadata(model) ? { 'xmlns:dcterms': DCTERMS_NS, 'xmlns:media': MEDIA_NS } : {}),
  };
  text(root, 'title', model.title, model.lang);
  text(root, 'subtitle', model.description, model.lang);
  text(root, 'rights', model.copyright, model.lang);
  replaceChildren(root, 'updated', [el('updated', {}, rfc3339(model.updated))]);
  replaceChildren(root, 'generator', [el('generator', { version: model.generator.version }, model.generator.name)]);
  replaceChildren(root, 'link', [
    el('link', { rel: 'alternate', type: 'text/html', href: model.homeUrl }),
    el('link', { rel: 'self', type: self.mediaType, href: self.href }),
  ]);
  children(root, 'entry').forEach((node, i) => repairEntry(node, model.items[i]!, model.lang));
  return serializeXml(root);
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
    el('author', {}, el('name', {}, a.name), ...(a.email ? [el('email', {}, a.email)] : []), ...(a.url ? [el('uri', {}, a.url)] : []))));
  replaceChildren(node, 'category', item.categories.map((c) => el('category', { term: c.term, label: c.label })));
  // Partner metadata (absent from public feeds).
  if (item.rights) node.elements!.push(el('rights', { type: 'text', 'xml:lang': item.lang }, item.rights.text));
  if (item.validUntil) node.elements!.push(el('dcterms:valid', {}, `end=${rfc3339(item.validUntil)}; scheme=W3C-DTF`));
  if (item.media) node.elements!.push(mediaContent(item.media, item.lang));
}

/** A plain-text construct (feed marks every title as HTML), with its language. */
function text(parent: XElement, name: string, value: string, lang: string): void {
  replaceChildren(parent, name, [el(name, { type: 'text', 'xml:lang': lang }, value)]);
}
