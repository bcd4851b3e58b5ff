/**
 * RSS 2.0. Dates in RFC 822 with the article's own offset; plain-text titles; the summary in
 * <description>, the HTML in <content:encoded>; authors as <dc:creator> (RSS's <author> must
 * be an e-mail address); the image as <enclosure>; translations as <atom:link rel="alternate">.
 * Partner feeds add per item: <dc:rights> and <atom:link rel="license"> (RFC 4946),
 * <dcterms:modified>, <dcterms:valid> (a DCMI period, `end=…`: a takedown's is in the past,
 * as MSN reads it), and the image as Media RSS (src/formats/media.ts).
 */
import { rfc3339, rfc822 } from '../content/dates.js';
import { readFeedXml, tokenizedFeed, Tokens } from './feed-wrapper.js';
import { mediaContent, MEDIA_NS, DCTERMS_NS, usesPartnerMetadata } from './media.js';
import type { DocumentLink, FeedModel } from './model.js';
import { plainTextAsHtml, serializeXml } from './serialize.js';
import { child, children, el, removeChildren, replaceChildren, type XElement } from './xml.js';

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
};

export function renderRss(model: FeedModel, self: DocumentLink): string {
  const tk = new Tokens();
  const feed = tokenizedFeed(
    model,
    tk,
    {
      language: tk.put(model.lang),
      copyright: tk.put(model.copyright),
      generator: tk.put(`${model.generator.name} ${model.generator.version}`),
      docs: tk.put('https://www.rssboard.org/rss-specification'),
      feedLinks: { rss: tk.put(self.href) },
    },
    // Readers take <description> as HTML; our summary is plain text.
    plainTextAsHtml,
  );
  const rss = readFeedXml(feed.rss2(), tk);
  rss.attributes = {
    version: '2.0', 'xmlns:atom': NS.atom, 'xmlns:content': NS.content, 'xmlns:dc': NS.dc,
    ...(usesPartnerMetadata(model) ? { 'xmlns:dcterms': DCTERMS_NS, 'xmlns:media': MEDIA_NS } : {}),
  };
  const channel = child(rss, 'channel')!;
  setText(channel, 'lastBuildDate', rfc822(model.updated));
  children(channel, 'item').forEach((node, i) => repairItem(node, model.items[i]!));
  return serializeXml(rss);
}

function repairItem(node: XElement, item: FeedModel['items'][number]): void {
  // feed writes the date of the last update as pubDate, in GMT; RSS means first publication.
  setText(node, 'pubDate', rfc822(item.published));
  replaceChildren(node, 'dc:creator', item.authors.map((a) => el('dc:creator', {}, a.name)));
  // RSS has no per-item language; Dublin Core's says so for an item from the fallback chain.
  if (item.isFallback) node.elements!.push(el('dc:language', {}, item.lang));
  replaceChildren(node, 'category', item.categories.map((c) => el('category', {}, c.label)));
  if (item.image) {
    replaceChildren(node, 'enclosure', [el('enclosure', { url: item.image.url, length: item.image.length, type: item.image.type })]);
  }
  // The translations go before <link>: readers such as feedparser take the last
  // alternate link they meet as the item's link.
  const alternates = item.alternates.map((a) =>
    el('atom:link', { rel: 'alternate', type: 'text/html', hreflang: a.lang, href: a.href, title: a.title }));
  const link = child(node, 'link')!;
  removeChildren(node, 'link');
  node.elements!.splice(1, 0, ...alternates, link);
  // Partner metadata (absent from public feeds).
  if (item.rights) {
    node.elements!.push(el('dc:rights', {}, item.rights.text));
    if (item.rights.license) node.elements!.push(el('atom:link', { rel: 'license', type: 'text/html', href: item.rights.license }));
  }
  if (item.modified) node.elements!.push(el('dcterms:modified', {}, rfc3339(item.modified)));
  if (item.validUntil) node.elements!.push(el('dcterms:valid', {}, `end=${rfc3339(item.validUntil)}; scheme=W3C-DTF`));
  if (item.media) node.elements!.push(mediaContent(item.media, item.lang));
}

function setText(parent: XElement, name: string, text: string): void {
  replaceChildren(parent, name, [el(name, {}, text)]);
}
