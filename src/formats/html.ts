/**
 * The one HTML escaper: every piece of text that polyfeed puts into an HTML document, or
 * into a field that readers treat as HTML (RSS <description>), passes through it.
 */
import { cleanText } from '../util/clean.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Plain text as HTML text, safe both between tags and inside a quoted attribute value
 * (either quote): `&`, `<`, `>`, `"` and `'` become references, so `<script>` shows as
 * those characters and never becomes markup. Characters HTML and XML forbid (controls,
 * lone surrogates) are cleaned as for the feeds: feed text was cleaned where it came in,
 * but the status page also shows names straight from the file system.
 */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
