/**
 * RSS 2.0. Dates in RFC 822 with the article's own offset; plain-text titles (written for how
 * readers guess at HTML in them: src/formats/serialize.ts); the summary in
 * <description>, the HTML in <content:encoded>; authors as <dc:creator> (RSS's <author> must
 * be an e-mail address); the image as <enclosure> and as Media RSS <media:content> with a
 * <media:thumbnail> (readers that show a picture per headline read those; src/formats/media.ts);
 * translations as <atom:link rel="alternate">. The channel has the service's icon as <image>,
 * and links to the same feed in Atom and JSON Feed and in the other languages as
 * <atom:link rel="alternate">, and to its archives (src/formats/history.ts). Partner feeds add per item: <dc:rights> and
 * <atom:link rel="license"> (RFC 4946), <dcterms:modified>, <dcterms:valid> (a DCMI period,
 * `end=…`: a takedown's is in the past, as MSN reads it).
 * Where its row names a style sheet, an `<?xml-stylesheet type="text/css"?>` instruction lets a
 * browser show what the document is (src/formats/css.ts).
 */
import { rfc3339, rfc822 } from '../content/dates.js';
import { readFeedXml, tokenizedFeed, Tokens } from './feed-wrapper.js';
import { historyElements, historyNamespace } from './history.js';
import { feedNamespaces, mediaContent } from './media.js';
import type { DocumentLinks, FeedModel } from './model.js';
import { escapeHtml } from './html.js';
import { serializeXml } from './serialize.js';
import { child, children, el, stylesheetInstruction, removeChildren, replaceChildren, type Reading, type XElement } from './xml.js';

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  sy: 'http://purl.org/rss/1.0/modules/syndication/',
};

export function renderRss(model: FeedModel, links: DocumentLinks): string {
  const { self } = links;
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
    escapeHtml,
  );
  const rss = readFeedXml(feed.rss2(), tk);
  const hasSchedule = model.updatePeriod !== undefined || model.updateFrequency !== undefined;
  rss.attributes = {
    version: '2.0', 'xmlns:atom': NS.atom, 'xmlns:content': NS.content, 'xmlns:dc': NS.dc,
    ...feedNamespaces(model), ...(hasSchedule ? { 'xmlns:sy': NS.sy } : {}), ...historyNamespace(links.history),
  };
  const channel = child(rss, 'channel')!;
  setText(channel, 'lastBuildDate', rfc822(model.updated));
  // How long a reader may cache the feed (RSS <ttl>, minutes) and how often it changes (RSS 1.0
  // Syndication module), after <generator>: only what the registry sets.
  const generatorAt = channel.elements!.findIndex((n) => n.type === 'element' && n.name === 'generator');
  channel.elements!.splice(generatorAt + 1, 0,
    ...(model.ttl !== undefined ? [el('ttl', {}, String(model.ttl))] : []),
    ...(model.updatePeriod !== undefined ? [el('sy:updatePeriod', {}, model.updatePeriod)] : []),
    ...(model.updateFrequency !== undefined ? [el('sy:updateFrequency', {}, String(model.updateFrequency))] : []));
  // RSS 2.0's one picture of a channel; its title and link must be the channel's.
  if (model.icon) {
    const copyright = channel.elements!.findIndex((n) => n.type === 'element' && n.name === 'copyright');
    channel.elements!.splice(copyright + 1, 0, el('image', {}, el('url', {}, model.icon), el('title', {}, model.title), el('link', {}, model.homeUrl)));
  }
  const selfAt = channel.elements!.indexOf(children(channel, 'atom:link').find((l) => l.attributes?.rel === 'self')!);
  channel.elements!.splice(selfAt + 1, 0,
    // WebSub (W3C, section 4): the hub is announced next to the feed's self link.
    ...(model.hub ? [el('atom:link', { rel: 'hub', href: model.hub })] : []),
    ...links.formats.map((f) => el('atom:link', { rel: 'alternate', type: f.mediaType, href: f.href })),
    ...links.languages.map((l) => el('atom:link', { rel: 'alternate', type: l.mediaType, hreflang: l.lang, href: l.href })),
    // RFC 5005 archives (Appendix B: atom:link in RSS 2.0).
    ...historyElements(links.history, 'atom:link'));
  children(channel, 'item').forEach((node, i) => repairItem(node, model.items[i]!));
  // How readers read the channel's plain text (src/formats/serialize.ts).
  read(channel, 'title', 'sniffed');
  read(channel, 'description', 'html');
  read(channel, 'copyright', 'sniffed');
  const image = child(channel, 'image');
  if (image) read(image, 'title', 'sniffed');
  return serializeXml(rss, self.stylesheet ? [stylesheetInstruction(self.stylesheet)] : []);
}

function repairItem(node: XElement, item: FeedModel['items'][number]): void {
  // feed writes the date of the last update as pubDate, in GMT; RSS means first publication.
  setText(node, 'pubDate', rfc822(item.published));
  replaceChildren(node, 'dc:creator', item.authors.map((a) => el('dc:creator', {}, a.name)));
  // RSS has no per-item language; Dublin Core's says so for an item from the fallback chain.
  if (item.isFallback) node.elements!.push(el('dc:language', {}, item.lang));
  replaceChildren(node, 'category', item.categories.map((c) => el('category', {}, c.label)));
  if (item.image) {
    const { url, length, type } = item.image;
    replaceChildren(node, 'enclosure', [el('enclosure', { url, length, type })]);
    const at = node.elements!.findIndex((n) => n.type === 'element' && n.name === 'enclosure') + 1;
    node.elements!.splice(at, 0, ...mediaContent(item.image, item.lang));
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
  // How readers read the item's plain text (src/formats/serialize.ts); <description> is HTML already.
  read(node, 'title', 'sniffed');
  read(node, 'category', 'text');
  read(node, 'dc:creator', 'text');
  read(node, 'dc:rights', 'sniffed');
}

/** Marks the text of every child `name` of `parent` as plain text that readers read as `reading`. */
function read(parent: XElement, name: string, reading: Reading): void {
  for (const e of children(parent, name)) for (const n of e.elements ?? []) if (n.type === 'text') n.reading = reading;
}

function setText(parent: XElement, name: string, text: string): void {
  replaceChildren(parent, name, [el(name, {}, text)]);
}
