/**
 * OPML 2.0 subscription lists (http://opml.org/spec2.opml): out/<locale>/feeds.opml with the
 * locale's feeds, out/feeds.opml with every public feed, grouped by language. A group is an
 * outline with only `text` (the language's own name); each feed, in each of its formats, is a
 * subscription outline: `type="rss"` (OPML's word for any feed), `text` and `title` in the
 * feed's language, `xmlUrl`, `htmlUrl` (the service's site, the feed's own link), `language`,
 * and `version` where OPML defines one (`RSS` for RSS 2.0; it names none for Atom or JSON Feed).
 * The head has no `<docs>`: OPML 2.0 allows it, but the W3C validator calls it undefined.
 */
import type { DocumentLinks } from './model.js';
import type { FeedSet, PageModel } from './page-model.js';
import { serializeXml } from './serialize.js';
import { el, type XElement } from './xml.js';

export function renderOpml(model: Pick<PageModel, 'opml'>, _links: DocumentLinks): string {
  const { opml } = model;
  const root = el('opml', { version: '2.0' },
    el('head', {},
      el('title', {}, opml.title),
      el('dateModified', {}, opml.dateModified),
      el('ownerName', {}, opml.ownerName),
    ),
    el('body', {}, ...opml.groups.map((g) => el('outline', { text: g.text }, ...g.feeds.flatMap(subscriptions)))),
  );
  return serializeXml(root);
}

function subscriptions(feed: FeedSet): XElement[] {
  return feed.links.map((link) => el('outline', {
    type: 'rss',
    text: `${feed.title} (${link.label})`,
    title: feed.title,
    description: feed.description,
    xmlUrl: link.url,
    htmlUrl: feed.homeUrl,
    language: feed.lang,
    version: link.opmlVersion,
  }));
}
