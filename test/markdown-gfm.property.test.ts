/**
 * Bodies are parsed with GFM only when they may hold a GFM construct (src/render/markdown.ts).
 * Whatever the text, that must render to exactly what GFM everywhere renders: the same HTML
 * and the same lead text. Checked on generated Markdown made of the characters and words that
 * start or end GFM's constructs (and CommonMark's), on the sample's bodies and on the bench
 * corpus's.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderMarkdown, renderMarkdownAlwaysGfm } from '../src/render/markdown.js';
import { generate } from './bench/bench.js';
import { ROOT } from './support/cli.js';

const BASE = 'https://www.rferl.org/a/story.html';

function agree(markdown: string): void {
  const fast = renderMarkdown(markdown, BASE);
  const full = renderMarkdownAlwaysGfm(markdown, BASE);
  expect(fast.html, JSON.stringify(markdown)).to.equal(full.html);
  expect(fast.leadText, JSON.stringify(markdown)).to.equal(full.leadText);
}

/** A body after its front matter. */
function bodyOf(text: string): string {
  const end = text.indexOf('\n---', 4);
  return end < 0 ? text : text.slice(text.indexOf('\n', end + 1) + 1);
}

const PIECES = [
  'a', 'b', 'word', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '*', '**', '_', '[', ']', '(', ')', '![', '](', '<', '>',
  '`', '```', '#', '# ', '- ', '1. ', '> ', '|', ' | ', '|---|', ':-:', ':-', '-:', '--', '---', '=', '~', '~~', '@', 'user@example.org',
  'www.', 'www.example.org', 'http://', 'https://', 'HTTPS://', 'WWW.', 'example.com/a?b=c', 'mailto:', 'xmpp:', ':', '.',
  ',', '^', '[^1]', '[^1]: note', '[ ]', '[x]', '[X]', '\\', '\\|', '&#64;', '&amp;', '&#x7c;', '"', "'", '<b>', '</b>',
  '<https://example.org>', '<a href="https://example.org">', '</a>', '[t]: https://example.org/t', '[t]', 'Кыргызстан', 'ქართ', 'ایران',
];

describe('GFM only where a body can hold it', function () {
  this.timeout(120000);

  it('renders any text as GFM everywhere renders it (HTML and lead text)', function () {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join('')), agree), { numRuns: 3000 });
  });

  it('renders any lines of those pieces as GFM everywhere renders them', function () {
    const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join(''));
    fc.assert(fc.property(fc.array(line, { maxLength: 8 }).map((l) => l.join('\n')), agree), { numRuns: 3000 });
  });

  it('renders any string at all as GFM does', function () {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), agree), { numRuns: 2000 });
  });

  it('renders every body of the sample and of a generated corpus as GFM does', function () {
    const sample = path.join(ROOT, 'content');
    let n = 0;
    for (const dir of readdirSync(sample)) {
      for (const f of readdirSync(path.join(sample, dir)).filter((f) => f.endsWith('.md'))) {
        agree(bodyOf(readFileSync(path.join(sample, dir, f), 'utf8')));
        n++;
      }
    }
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-gfm-'));
    try {
      generate(tmp, 20);
      const content = tmp;
      for (const dir of readdirSync(content)) {
        for (const f of readdirSync(path.join(content, dir))) {
          agree(bodyOf(readFileSync(path.join(content, dir, f), 'utf8')));
          n++;
        }
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(n).to.be.greaterThan(100);
  });

  it('still renders tables, strikethrough, footnotes, task lists and bare addresses', function () {
    const { html } = renderMarkdown('x ~~old~~ www.example.org and me@example.org[^1]\n\n[^1]: n\n\n- [x] done\n\n| a |\n|---|\n| 1 |\n', BASE);
    expect(html).to.include('<del>old</del>');
    expect(html).to.include('<a href="http://www.example.org/">www.example.org</a>');
    expect(html).to.include('<a href="mailto:me@example.org">me@example.org</a>');
    expect(html).to.include('data-footnote-ref');
    expect(html).to.include('type="checkbox"');
    expect(html).to.include('<table>');
  });

  it('links an address whose @ is a character reference, as GFM does', function () {
    // found by a 150,000-run fuzz: the source holds no `@`, the decoded text does
    for (const body of ['a&#64;a.b', 'write to news&#x40;rferl.org', 'www&#46;rferl.org', 'https&#58;//rferl.org']) agree(body);
    expect(renderMarkdown('a&#64;a.b', BASE).html).to.include('href="mailto:a@a.b"');
  });
});
