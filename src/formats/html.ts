/**
 * HTML pages: out/<locale>/index.html and the root page out/index.html, from a page model.
 * Readable without JavaScript (there is none) and without any resource from elsewhere but
 * the articles' own images: one style sheet of ours, relative links between our documents,
 * absolute URLs only where a reader copies or a machine reads them (feed addresses,
 * `<link rel="alternate">`, `canonical`). Landmarks header, nav, main and footer, one h1 and
 * headings in order, a skip link, `lang` and `dir` on the page and on every piece in another
 * language. Written through the one XML writer's HTML mode (src/formats/serialize.ts).
 */
import type { DocumentLinks } from './model.js';
import type { FeedSet, LanguageLink, PageBlock, PageItem, PageModel } from './page-model.js';
import { relativeHref } from '../publish/paths.js';
import { serializeHtml } from './serialize.js';
import { el, type XElement } from './xml.js';
import { cleanText } from '../util/clean.js';

export function renderPage(model: PageModel, { self }: DocumentLinks): string {
  const local = (path: string) => relativeHref(self.path, path);
  const head = el('head', {},
    el('meta', { charset: 'utf-8' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', {}, model.title),
    el('meta', { name: 'description', content: model.intro }),
    el('meta', { name: 'color-scheme', content: 'light dark' }),
    ...(self.stylesheet ? [el('link', { rel: 'stylesheet', href: self.stylesheet })] : []),
    el('link', { rel: 'canonical', href: self.href }),
    ...model.discovery.links.map((f) => el('link', { rel: 'alternate', type: f.mediaType, title: `${model.discovery.title} (${f.label})`, href: f.url })),
    ...model.alternates.map((a) => el('link', { rel: 'alternate', hreflang: a.hreflang, href: a.url })),
  );
  const header = el('header', {},
    el('a', { class: 'skip', href: '#main' }, model.skipLink),
    ...(model.up ? [el('p', { class: 'up' }, el('a', { href: local(model.up.path) }, model.up.text))] : []),
    el('h1', {}, model.heading),
    el('p', { class: 'intro' }, model.intro),
  );
  const inMain = model.blocks.filter((b) => b.place === 'main');
  const after = model.blocks.filter((b) => b.place === 'after-main');
  const body = el('body', {},
    header,
    el('main', { id: 'main' }, ...inMain.map((b) => block(b, model, local))),
    ...after.map((b) => block(b, model, local)),
    el('footer', {}, el('p', {}, model.footer)),
  );
  return serializeHtml(el('html', { lang: model.lang, dir: model.dir }, head, body));
}

/** One block, a section with its h2 (the list of languages is a <nav>). */
function block(b: PageBlock, model: PageModel, local: (path: string) => string): XElement {
  const heading = (text: string) => el('h2', { id: `${b.id}-heading` }, text);
  switch (b.type) {
    case 'latest':
      return el('section', { class: 'latest', 'aria-labelledby': `${b.id}-heading` },
        heading(b.heading),
        ...(b.items.length ? [el('ol', { class: 'items' }, ...b.items.map((i) => el('li', {}, item(i, model))))] : [el('p', {}, b.empty)]));
    case 'subscribe':
      return el('section', { class: 'subscribe', 'aria-labelledby': `${b.id}-heading` },
        heading(b.heading),
        el('p', {}, b.explainer),
        ...(b.feeds ? [feedList(b.feeds)] : []),
        ...(b.topics.length
          ? [el('h3', {}, b.topicsHeading), el('ul', { class: 'topics' }, ...b.topics.map((c) => el('li', {}, el('h4', {}, c.label), feedList(c.feeds))))]
          : []),
        el('p', { class: 'opml' }, el('a', { href: local(b.opml.path), type: 'text/x-opml' }, b.opml.text)),
      );
    case 'languages':
      return el('nav', { class: 'languages', 'aria-labelledby': `${b.id}-heading` },
        heading(b.heading),
        el('ul', {}, ...b.links.map((l) => el('li', {}, languageLink(l, local)))));
  }
}

/** The feed's formats, each labelled, each address in full: what a reader copies. */
function feedList(feeds: FeedSet): XElement {
  return el('ul', { class: 'feeds' }, ...feeds.links.map((f) =>
    el('li', {}, el('span', { class: 'format' }, f.label), ' ', el('a', { href: f.url, type: f.mediaType, dir: 'ltr' }, el('code', {}, f.url)))));
}

function languageLink(l: LanguageLink, local: (path: string) => string): XElement {
  return el('a', { href: local(l.path), hreflang: l.lang, lang: l.lang, dir: l.dir }, l.name);
}

function item(i: PageItem, model: PageModel): XElement {
  // Attributes for the parts in the version's language, where it is not the page's.
  const own = i.lang === model.lang ? {} : { lang: i.lang, dir: i.dir };
  return el('article', {},
    el('h3', own, el('a', { href: i.url }, i.title)),
    el('p', { class: 'date' }, el('time', { datetime: i.date.datetime }, i.date.text)),
    ...(i.note ? [el('p', { class: 'note' }, i.note)] : []),
    ...(i.image ? [el('img', { src: i.image.url, alt: i.image.alt, loading: 'lazy', ...own })] : []),
    el('p', { class: 'summary', ...own }, i.summary),
  );
}

// The one escaper for HTML built as text (the status page, RSS <description>); pages are trees written by serialize.ts.
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
