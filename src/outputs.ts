/**
 * The media type of every kind of file polyfeed writes into out/. This is the one place that
 * knows it: `polyfeed serve`, the `_headers` file and the README's server snippets all ask
 * `mediaTypeOf`. (A minimal stand-in for the table of output kinds.)
 */

/**
 * The Content-Type for a file below out/ (`relPath` relative to out/, `/`-separated, e.g.
 * `en/rss.xml`); `undefined` for a kind that is sent without one (XSL stylesheets).
 */
export function mediaTypeOf(relPath: string): string | undefined {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1] ?? '';
  const folder = parts.length > 1 ? parts[parts.length - 2] : undefined;
  if (name === 'rss.xml' || name.endsWith('.rss.xml')) return 'application/rss+xml; charset=utf-8';
  if (name === 'atom.xml' || name.endsWith('.atom.xml')) return 'application/atom+xml; charset=utf-8';
  if (name === 'feed.json' || (folder === 'archive' && name.endsWith('.json'))) return 'application/feed+json; charset=utf-8';
  if (name.endsWith('.opml')) return 'text/x-opml; charset=utf-8';
  if (name.endsWith('.html')) return 'text/html; charset=utf-8';
  if (name.endsWith('.css')) return 'text/css; charset=utf-8';
  if (name.endsWith('.xsl')) return undefined;
  return 'application/octet-stream';
}
