/**
 * What polyfeed says about a file besides its media type, the same for `polyfeed serve` and
 * the `_headers` file: how long it may be cached and whether it is worth compressing. Both
 * follow from the media type `mediaTypeOf` (src/outputs.ts) gives.
 */

/** Feeds (and OPML lists of feeds) may be cached for a minute: readers poll them. */
export function cacheControlOf(mediaType: string | undefined): string {
  return mediaType !== undefined && /^(?:application\/(?:rss\+xml|atom\+xml|feed\+json)|text\/x-opml)\b/.test(mediaType)
    ? 'public, max-age=60'
    : 'public, no-cache';
}

/** Text, XML and JSON shrink well; anything else (images, unknown bytes) is sent as it is. */
export function isCompressible(mediaType: string | undefined): boolean {
  return mediaType !== undefined && /^text\/|^application\/(?:[a-z0-9.-]+\+)?(?:xml|json)\b/.test(mediaType);
}
