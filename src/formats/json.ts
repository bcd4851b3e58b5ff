/**
 * JSON Feed 1.1 (feed 6.0.0 writes 1.0): `language` on the feed and every item, `authors`
 * arrays instead of the deprecated `author`, RFC 3339 dates with the article's own offset,
 * the image as an attachment with its MIME type, and translations in the `_polyfeed`
 * extension object: `{ "translations": [{ "language", "url", "title" }], "fallback": bool }`.
 * The feed has the service's `icon` (square) as `icon` and `favicon`, and, JSON Feed having
 * no links of its own, a feed-level `_polyfeed` with the same feed in the other formats and
 * languages: `{ "formats": [{ "type", "url" }], "translations": [{ "language", "url" }] }`,
 * with `corrections` where there are any. Partner feeds add to `_polyfeed`: `rights`
 * ({ text, license }), `expires` (RFC 3339; in the past for a takedown), `takedown`
 * ({ cause: expired or withdrawn, reason }), `excerpt`, `attribution`, and `image` ({ credit, license, width, height, alt }).
 * With RFC 5005 archives (src/plan/archive.ts), JSON Feed's own pagination chains them: the
 * feed's `next_url` is its newest archive, each archive's `next_url` the next older one; an
 * archive's `_polyfeed.archive` has the `current` feed and the `newer` archive (where there is one).
 */
import { rfc3339 } from '../content/dates.js';
import { readFeedJson, tokenizedFeed, Tokens } from './feed-wrapper.js';
import type { DocumentLinks, FeedModel } from './model.js';
import { serializeJson } from './serialize.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export function renderJson(model: FeedModel, links: DocumentLinks): string {
  const { self, history } = links;
  const tk = new Tokens();
  const feed = tokenizedFeed(model, tk, { feedLinks: { json: tk.put(self.href) } });
  const parsed = readFeedJson(feed.json1(), tk);
  const items = (parsed.items as Record<string, unknown>[]).map((it, i) => {
    const item = model.items[i]!;
    return {
      id: it.id,
      url: it.url,
      title: it.title,
      content_html: it.content_html,
      summary: it.summary,
      ...(item.image ? { image: item.image.url } : {}),
      date_published: rfc3339(item.published),
      date_modified: rfc3339(item.updated),
      ...(item.authors.length ? { authors: item.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })) } : {}),
      ...(item.categories.length ? { tags: item.categories.map((c) => c.label) } : {}),
      language: item.lang,
      ...(item.image
        ? { attachments: [{ url: item.image.url, mime_type: item.image.type, ...(item.image.alt ? { title: item.image.alt } : {}), ...(item.image.length ? { size_in_bytes: item.image.length } : {}) }] }
        : {}),
      _polyfeed: {
        fallback: item.isFallback,
        translations: item.alternates.map((a) => ({ language: a.lang, url: a.href, title: a.title })),
        ...(item.corrections ? { corrections: item.corrections.map((c) => ({ date: rfc3339(c.date), text: c.text })) } : {}),
        ...(item.rights ? { rights: item.rights } : {}),
        ...(item.validUntil ? { expires: rfc3339(item.validUntil) } : {}),
        ...(item.takedown ? { takedown: item.takedown } : {}),
        ...(item.excerpt ? { excerpt: true } : {}),
        ...(item.attribution ? { attribution: item.attribution } : {}),
        ...(item.image
          ? {
            image: {
              ...(item.image.credit ? { credit: item.image.credit } : {}), ...(item.image.license ? { license: item.image.license } : {}),
              ...(item.image.width ? { width: item.image.width } : {}), ...(item.image.height ? { height: item.image.height } : {}),
              ...(item.image.alt ? { alt: item.image.alt } : {}),
            },
          }
          : {}),
      },
    };
  });
  return serializeJson({
    version: JSON_FEED_VERSION,
    title: parsed.title,
    home_page_url: parsed.home_page_url,
    feed_url: parsed.feed_url,
    description: parsed.description,
    ...(model.icon ? { icon: model.icon, favicon: model.icon } : {}),
    language: model.lang,
    authors: [{ name: model.publisher }],
    // JSON Feed 1.1's `hubs`: endpoints that push updates of the feed; WebSub is the type it names.
    ...(model.hub ? { hubs: [{ type: 'WebSub', url: model.hub }] } : {}),
    ...(history?.prev ? { next_url: history.prev.href } : {}),
    _polyfeed: {
      formats: links.formats.map((f) => ({ type: f.mediaType, url: f.href })),
      translations: links.languages.map((l) => ({ language: l.lang, url: l.href })),
      ...(history?.archive
        ? { archive: { ...(history.current ? { current: history.current.href } : {}), ...(history.next ? { newer: history.next.href } : {}) } }
        : {}),
    },
    items,
  });
}
