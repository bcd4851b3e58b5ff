/**
 * RFC 5005 (Feed Paging and Archiving) in RSS and Atom, one place for both: an archive has
 * `<fh:archive/>` in its head and `rel="current"` to the subscription feed; every document of
 * a chain links `rel="prev-archive"` (older) and `rel="next-archive"` (newer) where there is
 * one. RSS carries the links as `atom:link` (RFC 5005, Appendix B). JSON Feed has `next_url`
 * instead (src/formats/json.ts).
 */
import type { HistoryLinks } from './model.js';
import { el, type XElement } from './xml.js';

export const FH_NS = 'http://purl.org/syndication/history/1.0';

/** `{ 'xmlns:fh': … }` for an archive, else nothing. */
export function historyNamespace(history: HistoryLinks | undefined): Record<string, string> {
  return history?.archive ? { 'xmlns:fh': FH_NS } : {};
}

/** The links (`linkName`: `atom:link` in RSS, `link` in Atom), then `<fh:archive/>` for an archive. */
export function historyElements(history: HistoryLinks | undefined, linkName: string): XElement[] {
  if (!history) return [];
  const link = (rel: string, to: HistoryLinks['current']) => (to ? [el(linkName, { rel, type: to.mediaType, href: to.href })] : []);
  return [
    ...link('current', history.current),
    ...link('prev-archive', history.prev),
    ...link('next-archive', history.next),
    ...(history.archive ? [el('fh:archive')] : []),
  ];
}
