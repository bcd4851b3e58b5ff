/**
 * Property: arbitrary Unicode titles and bodies — right-to-left scripts, combining marks,
 * emoji, astral characters, XML and Markdown metacharacters — come back unchanged from all
 * three formats, read by independent parsers (feedsmith, parse5 through hast-util-from-html).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import { toString as hastText } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { build } from '../src/index.js';
import { smallLocales } from './support/fixtures.js';
import { atomText, sniffedText } from './support/readers.js';

const INTERESTING = [
  'ا', 'ب', 'پ', 'ی', 'ک', '\u200c', 'ش', 'ע', 'ב', // Arabic script with ZWNJ, Hebrew
  'e\u0301', 'a\u0308\u0323', '\u0947', // combining marks
  '😀', '👩🏽‍💻', '🇰🇬', '𝔸', '𠀀', // emoji, ZWJ sequence, flag, astral letters
  '&', '&amp;', '<', '>', '"', "'", ']]>', '<script>', '\\', '*', '_', '#', '[', ']', '`', '~', '|', // metacharacters
  'Қ', 'ғ', 'ʻ', 'ß', 'İ', '\u00a0', '\u2028', '\u202e', // Cyrillic, Latin, NBSP, line separator, RLO
];

// Text as a user might write it: no control characters or line breaks (titles are one line).
const char = fc.oneof(
  fc.constantFrom(...INTERESTING),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
).filter((c) => !/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udfff]/u.test(c.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
const text = fc.array(char, { minLength: 0, maxLength: 40 }).map((cs) => `A${cs.join('')}Z`);

/** Markdown that renders as exactly `s`: every ASCII punctuation character backslash-escaped. */
const markdownLiteral = (s: string) => s.replace(/[!-/:-@[-`{-~]/g, '\\$&');
const firstParagraphText = (html: string) => {
  let found: string | undefined;
  const visit = (n: Root | Element) => {
    for (const c of n.children) {
      if (found !== undefined) return;
      if (c.type === 'element') {
        if (c.tagName === 'p') found = hastText(c);
        else visit(c);
      }
    }
  };
  visit(fromHtml(html, { fragment: true }));
  return found;
};

describe('arbitrary Unicode comes back unchanged (property)', function () {
  this.timeout(120_000);
  const locales = smallLocales(['en', 'fa', 'ky']);

  it('titles and body text, through RSS, Atom and JSON Feed, in an RTL and two LTR locales', async function () {
    await fc.assert(
      fc.asyncProperty(text, text, fc.constantFrom('en', 'fa', 'ky'), async (title, body, locale) => {
        const { documents, diagnostics } = await build({
          files: [{ path: `story/${locale}.md`, text: `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-05-01T10:00:00+02:00\n---\n\n${markdownLiteral(body)}\n` }],
          locales,
          now: new Date('2026-01-01T00:00:00Z'),
        });
        expect(diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        const doc = (format: string) => documents.find((d) => d.locale === locale && d.format === format)!.text;
        const rss = parseRssFeed(doc('rss')).items![0]!;
        const atom = parseAtomFeed(doc('atom')).entries![0]!;
        const json = parseJsonFeed(JSON.parse(doc('json'))).items![0]!;
        // As readers show them: an RSS title by feedparser's guess, an Atom one by its type (test/support/readers.ts).
        expect(sniffedText(rss.title!)).to.equal(title);
        expect(atomText(atom.title)).to.equal(title);
        expect(json.title).to.equal(title);
        for (const html of [rss.content!.encoded!, atom.content!.value!, json.content_html!]) {
          expect(firstParagraphText(html)).to.equal(body);
        }
        expect(json.content_html!.startsWith(`<div lang="${locale}" dir="${locale === 'fa' ? 'rtl' : 'ltr'}">`)).to.equal(true);
      }),
      { numRuns: 150 },
    );
  });
});
