/**
 * The two style sheets, with no resource from elsewhere (no font, no image, no @import):
 *
 * - out/style.css, for every page: system fonts, WCAG AA colours (light and dark), a visible
 *   focus ring, the skip link, and logical properties only (margin-inline, border-inline-start,
 *   float: inline-end …), so right-to-left pages are mirrored by `dir` alone;
 * - out/<locale>/feed.css, linked from RSS and Atom by `<?xml-stylesheet type="text/css"?>`:
 *   a browser that opens a feed shows, in the feed's language and direction, what the page is
 *   (generated content on the root element), the feed's address, its title and the headlines,
 *   and hides the rest. Browsers apply CSS to XML without XSLT (which Chrome is dropping).
 *
 * Interface strings reach CSS only through `cssString` (src/formats/serialize.ts).
 */
import type { DocumentLinks } from './model.js';
import type { PageModel } from './page-model.js';
import { cssString } from './serialize.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const HISTORY = 'http://purl.org/syndication/history/1.0';

export function renderFeedCss(model: Pick<PageModel, 'dir' | 'feedCss'>, _links: DocumentLinks): string {
  const s = model.feedCss;
  return `/* polyfeed: how a browser shows this language's RSS and Atom feeds. */
@namespace atom url("${ATOM}");
@namespace fh url("${HISTORY}");

:root {
  display: block;
  direction: ${model.dir};
  margin: 0;
  /* A 44rem column in the middle (auto margins on the root element do not centre it in RTL). */
  padding-block: 1.5rem 3rem;
  padding-inline: max(1rem, calc((100vw - 44rem) / 2));
  font: 1.125rem/1.6 system-ui, "Noto Sans", "Noto Sans Arabic", sans-serif;
  color: #1b1b1b;
  background: #ffffff;
}
* { display: none; }
:root::before {
  display: block;
  content: ${cssString(s.notice)};
  margin-block-end: 1.5rem;
  padding: 1rem 1.25rem;
  border-inline-start: 0.375rem solid #0b57a4;
  background: #eaf2fb;
  font-weight: 600;
}
/* In document order, in both formats: the title, the self link, the items. */
channel { display: block; }
channel > title, :root > atom|title {
  display: block;
  margin-block-end: 0.5rem;
  font-size: 1.75rem;
  font-weight: 700;
  line-height: 1.25;
}
channel > atom|link[rel="self"], :root > atom|link[rel="self"] {
  display: block;
  margin-block-end: 1.5rem;
  color: #3d3d3d;
  overflow-wrap: anywhere;
}
channel > atom|link[rel="self"]::before, :root > atom|link[rel="self"]::before {
  content: ${cssString(s.address)} " " attr(href);
}
item, atom|entry { display: block; }
item:first-of-type::before, atom|entry:first-of-type::before {
  display: block;
  content: ${cssString(s.latest)};
  margin-block: 0.5rem;
  font-size: 1.25rem;
  font-weight: 700;
}
/* An archive (RFC 5005: fh:archive) holds one month, not the latest stories: no heading. */
channel:has(> fh|archive) > item:first-of-type::before, :root:has(> fh|archive) > atom|entry:first-of-type::before {
  content: none;
  display: none;
}
item > title, atom|entry > atom|title {
  display: block;
  padding-block: 0.5rem;
  border-block-end: 1px solid #c8c8c8;
}
@media (prefers-color-scheme: dark) {
  :root { color: #ececec; background: #121212; }
  :root::before { background: #1d2a3a; border-color: #8cc4ff; }
  channel > atom|link[rel="self"], :root > atom|link[rel="self"] { color: #c8c8c8; }
  item > title, atom|entry > atom|title { border-color: #4a4a4a; }
}
`;
}

export function renderPageCss(_model: unknown, _links: DocumentLinks): string {
  return PAGE_CSS;
}

const PAGE_CSS = `/* polyfeed: the pages (out/index.html and each language's index.html). Logical properties only: RTL pages mirror by dir. */
:root {
  color-scheme: light dark;
  --fg: #1b1b1b;
  --muted: #4a4a4a;
  --bg: #ffffff;
  --panel: #f1f5fa;
  --rule: #d4d4d4;
  --link: #0b57a4;
  --visited: #5b2a8f;
  --accent: #0b57a4;
  --focus: #b34700;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #ececec;
    --muted: #bdbdbd;
    --bg: #121212;
    --panel: #1c232c;
    --rule: #3a3a3a;
    --link: #8cc4ff;
    --visited: #d0b0ff;
    --accent: #8cc4ff;
    --focus: #ffb347;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  max-inline-size: 46rem;
  margin-inline: auto;
  padding: 0 1rem 3rem;
  font: 1.0625rem/1.6 system-ui, "Noto Sans", "Noto Sans Arabic", "Noto Sans Armenian", "Noto Sans Georgian", sans-serif;
}
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--visited); }
a:hover { text-decoration-thickness: 0.15em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
.skip {
  position: absolute;
  inset-inline-start: 1rem;
  inset-block-start: 0.5rem;
  padding: 0.5rem 1rem;
  background: var(--bg);
  color: var(--link);
  transform: translateY(-200%);
}
.skip:focus { transform: none; }
header { padding-block: 1.5rem 0.5rem; border-block-end: 1px solid var(--rule); }
h1 { margin-block: 0.25rem 0.5rem; font-size: 1.875rem; line-height: 1.25; }
h2 { margin-block: 2rem 0.75rem; font-size: 1.375rem; line-height: 1.3; }
h3 { margin-block: 0 0.25rem; font-size: 1.1875rem; line-height: 1.35; }
.intro, .date, footer { color: var(--muted); }
.up { margin-block: 0; font-size: 0.9375rem; }
.subscribe {
  margin-block-start: 1.5rem;
  padding: 0.25rem 1.25rem 0.75rem;
  border-inline-start: 0.375rem solid var(--accent);
  background: var(--panel);
}
.subscribe h2 { margin-block-start: 0.75rem; }
.feeds { margin: 0; padding: 0; list-style: none; }
.feeds li { display: flex; flex-wrap: wrap; gap: 0 0.75rem; padding-block: 0.25rem; }
.format { min-inline-size: 8rem; font-weight: 700; }
.feeds code { font-size: 0.9375rem; overflow-wrap: anywhere; }
.items { margin: 0; padding: 0; list-style: none; }
.items > li { display: flow-root; padding-block: 1rem; border-block-end: 1px solid var(--rule); }
.items img {
  float: inline-end;
  inline-size: 9rem;
  max-inline-size: 35%;
  block-size: auto;
  margin-inline-start: 1rem;
  margin-block-end: 0.5rem;
  border-radius: 0.25rem;
}
.date, .note { margin-block: 0 0.25rem; font-size: 0.9375rem; }
.note { font-style: italic; }
.summary { margin-block: 0.25rem 0; }
.languages ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; list-style: none; }
main .languages ul { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.5rem 1rem; }
main .languages a { display: block; padding: 0.5rem 0.75rem; border: 1px solid var(--rule); border-radius: 0.375rem; font-size: 1.125rem; }
footer { margin-block-start: 2.5rem; font-size: 0.875rem; }
`;
