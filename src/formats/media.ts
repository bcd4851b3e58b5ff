/**
 * The image as Media RSS 1.5.1 (https://www.rssboard.org/media-rss), the same in RSS items and
 * Atom entries: <media:content> with url, type, medium, width, height and fileSize; inside it
 * the alt text as <media:description> (in the item's language: `lang` on media:content),
 * <media:credit>, <media:copyright url="license">, the license as <dcterms:license>, and the
 * image itself as <media:thumbnail> beside it.
 *
 * Media RSS 1.5.1 also has <media:license>, but the W3C Feed Validation Service (w3c/feedvalidator
 * at 43dabeb2) does not know it and reports "Undefined media:content element: media:license" as
 * an error in RSS and Atom alike; Dublin Core's <dcterms:license> says the same and passes.
 */
import type { FeedModel, ImageModel } from './model.js';
import { el, type XElement } from './xml.js';

export const MEDIA_NS = 'http://search.yahoo.com/mrss/';
export const DCTERMS_NS = 'http://purl.org/dc/terms/';

/** The namespaces a feed's items use beyond the format's own: Media RSS, DCMI terms. */
export function feedNamespaces(model: FeedModel): Record<string, string> {
  const media = model.items.some((i) => i.image);
  const dcterms = model.items.some((i) => i.modified || i.validUntil || i.image?.license);
  return { ...(dcterms ? { 'xmlns:dcterms': DCTERMS_NS } : {}), ...(media ? { 'xmlns:media': MEDIA_NS } : {}) };
}

/** `<media:content>` and, beside it in the item (where readers that show a picture per headline look), `<media:thumbnail>`. */
export function mediaContent(m: ImageModel, lang: string): XElement[] {
  return [
    el('media:content', { url: m.url, type: m.type, medium: 'image', width: m.width, height: m.height, fileSize: m.length || undefined, lang },
      ...(m.alt ? [el('media:description', { type: 'plain' }, m.alt)] : []),
      ...(m.credit ? [el('media:credit', {}, m.credit)] : []),
      ...(m.credit ? [el('media:copyright', { url: m.license }, m.credit)] : []),
      ...(m.license ? [el('dcterms:license', {}, m.license)] : [])),
    el('media:thumbnail', { url: m.url, width: m.width, height: m.height }),
  ];
}
