/**
 * Markdown (CommonMark + GFM) to sanitized HTML with unified: remark-parse → remark-gfm →
 * remark-rehype → rehype-raw (inline HTML is parsed, not passed through) → rehype-sanitize
 * (GitHub's rules: no script, no event handlers, no javascript: or data: URLs) → links and
 * images made absolute against the article's URL → rehype-stringify.
 */
import type { Element, Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { toText } from 'hast-util-to-text';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { EXIT, visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { cleanText } from '../util/clean.js';

export interface RenderedBody {
  html: string;
  /** Plain text of the first paragraph: what a summary is derived from. */
  leadText: string;
}

const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite'],
  ins: ['cite'],
};

/** Makes relative links absolute: feed readers have no base to resolve them against. */
function rehypeAbsoluteUrls() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    const base = String(file.data.base);
    visit(tree, 'element', (node: Element) => {
      for (const attr of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attr];
        if (typeof value !== 'string') continue;
        try {
          node.properties[attr] = new URL(value, base).href;
        } catch {
          delete node.properties[attr];
        }
      }
    });
  };
}

// GitHub's sanitization schema, as it is.
const schema = { ...defaultSchema };

// Built once: constructing the plugins is a good part of the cost of a small document.
// Re-parsing the HTML tree (rehype-raw) costs about a third of a render, and only Markdown
// with inline HTML needs it.
// The parsers are below (CommonMark, or GFM where a body needs it); these run on their tree.
const pipeline = (raw: boolean) => {
  const p = unified().use(remarkRehype, { allowDangerousHtml: raw });
  return (raw ? p.use(rehypeRaw) : p).use(rehypeSanitize, schema).use(rehypeAbsoluteUrls).use(rehypeStringify).freeze();
};
const withRawHtml = pipeline(true);
const withoutRawHtml = pipeline(false);

/*
 * GFM only where a body can hold it. micromark with the GFM extensions parses about 2.4
 * times slower than CommonMark alone (the literal-autolink construct is tried at every
 * letter), and most news copy holds no table, no strikethrough, no footnote, no task list and
 * no bare URL or e-mail address. So a body is parsed as CommonMark, and again with GFM only
 * when it may hold a GFM construct:
 * - tables need a `|` or an aligned delimiter row without pipes (`:-:`, `--:`: micromark takes
 *   `a` over `:-` for a table), strikethrough a `~`, footnotes `[^`, task lists `[ ]` or `[x]`:
 *   any of these in the source, and the body is parsed with GFM at once;
 * - literal autolinks (`www.`, `http://`, `https://`, an address with `@`) are recognized in
 *   text only, and the same source is text in CommonMark (a link's destination is not):
 *   GFM when a text node (or an image's alt text) of the CommonMark tree holds one. The tree
 *   is asked, not the source: `a&#64;a.b` is an address once its reference is decoded.
 * Either way the tree is the one GFM gives (test/markdown-gfm.property.test.ts holds the two
 * paths to the same HTML for any text).
 */
const commonMark = unified().use(remarkParse).freeze();
const gfm = unified().use(remarkParse).use(remarkGfm).freeze();
const GFM_SOURCE = /[|~]|:-|-:|\[\^|\[(?:[ \t\r\nxX]|\r\n)\]/;
const LITERAL_AUTOLINK_TEXT = /www\.|https?:\/\/|@/i;

function parseMarkdown(file: VFile): MdastRoot {
  const source = String(file.value);
  if (GFM_SOURCE.test(source)) return gfm.parse(file);
  const tree = commonMark.parse(file);
  let autolink = false;
  visit(tree, (node) => {
    const text = node.type === 'text' ? (node as { value: string }).value : node.type === 'image' ? (node as { alt?: string | null }).alt ?? '' : '';
    if (!LITERAL_AUTOLINK_TEXT.test(text)) return undefined;
    autolink = true;
    return EXIT;
  });
  return autolink ? gfm.parse(file) : tree;
}

export function renderMarkdown(markdown: string, base: string): RenderedBody {
  return render(markdown, base, parseMarkdown);
}

/** The same with GFM whatever the body holds: what `renderMarkdown` must always agree with. */
export function renderMarkdownAlwaysGfm(markdown: string, base: string): RenderedBody {
  return render(markdown, base, (file) => gfm.parse(file));
}

function render(markdown: string, base: string, parse: (file: VFile) => MdastRoot): RenderedBody {
  const file = new VFile({ value: markdown, data: { base } });
  const mdast = parse(file);
  let hasHtml = false;
  visit(mdast, 'html', () => {
    hasHtml = true;
    return EXIT;
  });
  const p = hasHtml ? withRawHtml : withoutRawHtml;
  const tree = p.runSync(mdast, file) as Root;
  let leadText = '';
  visit(tree, 'element', (node: Element) => {
    if (leadText || node.tagName !== 'p') return;
    leadText = toText(node).replace(/\s+/g, ' ').trim();
  });
  // Character references (`&#x1;`) become characters here, so the rendered text is cleaned
  // too: it is where they come in.
  return { html: cleanText(p.stringify(tree)), leadText: cleanText(leadText) };
}

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * A plain-text summary of at most `max` characters, cut on a word boundary (found with
 * Intl.Segmenter in the locale's language, so scripts without spaces cut correctly too).
 */
export function summarize(text: string, intlLocale: string, max = 300): string {
  // Only the beginning can end up in the summary; segmenting a whole long paragraph is waste.
  const cut = text.length > max + 16;
  const clean = (cut ? text.slice(0, max + 16) : text).replace(/\s+/g, ' ').trim();
  if (!cut && [...clean].length <= max) return clean;
  let segmenter = segmenters.get(intlLocale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(intlLocale, { granularity: 'word' });
    segmenters.set(intlLocale, segmenter);
  }
  let out = '';
  for (const { segment } of segmenter.segment(clean)) {
    if ([...out].length + [...segment].length > max - 1) break;
    out += segment;
  }
  out = out.replace(/[\s\p{P}]+$/u, '');
  if (!out) out = [...clean].slice(0, max - 1).join('');
  return `${out}…`;
}
