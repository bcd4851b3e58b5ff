/**
 * The one HTML escaper: every piece of text that polyfeed puts into an HTML document, or
 * into a field that readers treat as HTML (RSS <description>), passes through it.
 */
import { cleanText } from './serialize.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Plain text as HTML text, safe both between tags and inside a quoted attribute value
 * (either quote): `&`, `<`, `>`, `"` and `'` become references, so `<script>` shows as
 * those characters and never becomes markup. Characters HTML and XML forbid (controls,
 * lone surrogates) are cleaned as for the feeds.
 */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
