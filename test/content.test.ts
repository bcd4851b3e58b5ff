/** Dates, front matter, Markdown: checked against values written by hand. */
import { expect } from 'chai';
import { parseFeedDate, rfc3339, rfc822 } from '../src/content/dates.js';
import { contentHash, parseContentText } from '../src/content/frontmatter.js';
import { renderMarkdown, summarize } from '../src/render/markdown.js';

const date = (s: string) => {
  const r = parseFeedDate(s);
  if (!r.ok) throw new Error(r.problem);
  return r.date;
};

describe('dates keep the article’s own offset', function () {
  it('formats RFC 822 for RSS and RFC 3339 for Atom and JSON in the written offset', function () {
    expect(rfc822(date('2015-07-21T18:30:00+06:00'))).to.equal('Tue, 21 Jul 2015 18:30:00 +0600');
    expect(rfc3339(date('2015-07-21T18:30:00+06:00'))).to.equal('2015-07-21T18:30:00+06:00');
    expect(rfc822(date('2015-07-21T23:59:59-04:30'))).to.equal('Tue, 21 Jul 2015 23:59:59 -0430');
    expect(rfc3339(date('2024-02-29T00:00:00Z'))).to.equal('2024-02-29T00:00:00Z');
    expect(rfc822(date('2024-02-29T00:00:00Z'))).to.equal('Thu, 29 Feb 2024 00:00:00 +0000');
    expect(rfc3339(date('2015-07-21T18:30:00.250+06:00'))).to.equal('2015-07-21T18:30:00.250+06:00');
  });

  it('the local weekday and date are the offset’s, not UTC’s', function () {
    // 00:30 on Wednesday in Bishkek is still Tuesday in UTC.
    expect(rfc822(date('2015-07-22T00:30:00+06:00'))).to.equal('Wed, 22 Jul 2015 00:30:00 +0600');
    expect(date('2015-07-22T00:30:00+06:00').epochMs).to.equal(Date.UTC(2015, 6, 21, 18, 30));
  });

  it('refuses dates without an offset, date-only values and impossible dates, saying why', function () {
    const problem = (s: string) => {
      const r = parseFeedDate(s);
      return r.ok ? '' : r.problem;
    };
    expect(problem('2015-07-21T18:30:00')).to.match(/no UTC offset.*ambiguous/);
    expect(problem('2015-07-21')).to.match(/no time and no UTC offset/);
    expect(problem('2015-02-30T10:00:00Z')).to.match(/not a real calendar date/);
    expect(problem('July 21, 2015')).to.match(/not an ISO 8601 date-time/);
    expect(problem('2015-07-21T10:00:00+15:00')).to.match(/offset outside/);
  });
});

describe('front matter', function () {
  const read = (text: string) => parseContentText(text, 'content/a/en.md');

  it('reads the fields of an original', function () {
    const r = read('---\ntitle: "Q&A: <b>"\ndate: 2015-07-21T18:30:00+06:00\nauthors: [Jane Doe, { name: John, url: "https://example.org/j" }]\ncategories: [human-rights]\nimage:\n  url: https://example.org/a.jpg\n  alt: A photo\n  length: 12\n---\nBody\n');
    expect(r.diagnostics).to.deep.equal([]);
    expect(r.fm!.title).to.equal('Q&A: <b>');
    expect(r.fm!.authors).to.deep.equal([{ name: 'Jane Doe' }, { name: 'John', url: 'https://example.org/j' }]);
    expect(r.fm!.categories).to.deep.equal(['human-rights']);
    expect(r.fm!.image).to.deep.equal({ url: 'https://example.org/a.jpg', alt: 'A photo', length: 12 });
  });

  it('names the line and column of a bad value and says what to do', function () {
    const r = read('---\ntitle: T\ndate: 2015-07-21\n---\n');
    expect(r.diagnostics).to.have.length(1);
    expect(r.diagnostics[0]).to.deep.include({ file: 'content/a/en.md', line: 3, column: 7 });
    expect(r.diagnostics[0]!.ruleId).to.equal('date-no-offset');
    expect(r.diagnostics[0]!.hint).to.match(/2015-07-21T18:30:00\+06:00/);
  });

  it('suggests the field meant by a near miss', function () {
    const r = read('---\ntitle: T\ncategroies: [a]\n---\n');
    expect(r.diagnostics[0]).to.deep.include({ line: 3, column: 1, ruleId: 'fm-unknown-field' });
    expect(r.diagnostics[0]!.hint).to.match(/Did you mean "categories"\?/);
  });

  it('reports malformed YAML at its line', function () {
    const r = read('---\ntitle: T\nauthors: [a, b\n---\n');
    expect(r.diagnostics[0]!.ruleId).to.equal('fm-yaml');
    expect(r.diagnostics[0]!.line).to.be.within(3, 4);
  });

  it('says when the front matter is missing or never closed', function () {
    expect(read('# Just markdown\n').diagnostics.map((d) => d.ruleId)).to.deep.equal(['fm-missing']);
    expect(read('---\ntitle: T\n\nBody\n').diagnostics.map((d) => d.ruleId)).to.deep.equal(['fm-unclosed']);
  });

  it('accepts CRLF line endings', function () {
    const r = read('---\r\ntitle: T\r\ndate: 2015-07-21T18:30:00Z\r\n---\r\nBody\r\n');
    expect(r.diagnostics).to.deep.equal([]);
    expect(r.fm!.title).to.equal('T');
  });
});

describe('Markdown', function () {
  const base = 'https://www.rferl.org/a/story.html';

  it('renders CommonMark and GFM to HTML', function () {
    const { html } = renderMarkdown('Hello *world* ~~old~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n', base);
    expect(html).to.include('<p>Hello <em>world</em> <del>old</del></p>');
    expect(html).to.include('<table>');
  });

  it('makes relative links and images absolute against the article’s URL', function () {
    const { html } = renderMarkdown('[guide](/a/guide.html) [next](next.html) ![p](img/p.jpg) [abs](https://example.org/x?a=1&b=2)', base);
    expect(html).to.include('href="https://www.rferl.org/a/guide.html"');
    expect(html).to.include('href="https://www.rferl.org/a/next.html"');
    expect(html).to.include('src="https://www.rferl.org/a/img/p.jpg"');
    expect(html).to.include('href="https://example.org/x?a=1&#x26;b=2"');
  });

  it('drops scripts, event handlers, javascript: and data: URLs, keeps harmless inline HTML', function () {
    const md = 'Hi <script>alert(1)</script> <img src="x.png" onerror="alert(2)"> <a href="javascript:alert(3)">j</a> <img src="data:image/png;base64,AAAA"> <b>bold</b>';
    const { html } = renderMarkdown(md, base);
    expect(html).not.to.match(/<script|onerror|javascript:|data:/i);
    expect(html).to.include('<b>bold</b>');
  });

  it('derives a summary from the first paragraph, cut on a word boundary', function () {
    const { leadText } = renderMarkdown('First **paragraph** here.\n\nSecond.', base);
    expect(leadText).to.equal('First paragraph here.');
    expect(summarize('Kyrgyzstan has formally terminated a 1993 agreement', 'en', 30)).to.equal('Kyrgyzstan has formally…');
    expect(summarize('Кыргызстан 1993-жылы Америка Кошмо Штаттары', 'ky', 25)).to.equal('Кыргызстан 1993-жылы…');
    expect(summarize('short', 'en', 30)).to.equal('short');
  });
});

describe('content hash', function () {
  it('changes with the title, summary or body, and not with line endings', function () {
    const h = contentHash('T', undefined, 'Body\n');
    expect(h).to.match(/^[0-9a-f]{12}$/);
    expect(contentHash('T', undefined, 'Body\r\n')).to.equal(h);
    expect(contentHash('T2', undefined, 'Body\n')).not.to.equal(h);
    expect(contentHash('T', 'S', 'Body\n')).not.to.equal(h);
    expect(contentHash('T', undefined, 'Body!\n')).not.to.equal(h);
  });
});
