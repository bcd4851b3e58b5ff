/**
 * Atom documents are validated against the RFC 4287 grammar with its media types, NCNames and
 * e-mail addresses relaxed to text, those values matched apart, and the full schema only when
 * either fails (src/validate/checks.ts). Whatever the values, that must give exactly what the full
 * schema gives: the same verdict and the same messages. Checked on a hand-written feed whose
 * language tags, media types, link types and e-mail address are generated, on every Atom
 * document of the sample build, and on a few broken by hand.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { atomSchemaErrors, atomSchemaErrorsFullSchemaOnly } from '../src/validate/checks.js';
import { polyfeed } from './support/cli.js';
import { tempProject } from './support/fixtures.js';

function agree(xml: string): string[] {
  const fast = atomSchemaErrors(xml);
  expect(fast, xml).to.deep.equal(atomSchemaErrorsFullSchemaOnly(xml));
  return fast;
}

const attr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

interface Values {
  feedLang: string;
  entryLang: string;
  titleLang: string;
  hreflang: string;
  linkType: string;
  contentType: string;
  titleType: string;
  email: string;
  contentSrc: string;
  contentBody: string;
}

function feed(v: Values): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${attr(v.feedLang)}">
  <id>tag:example.org,2026:feeds/en</id>
  <title>Radio Free Europe</title>
  <updated>2026-12-01T10:00:00Z</updated>
  <author><name>RFE/RL</name><email>${attr(v.email).replace(/&quot;/g, '"')}</email></author>
  <link rel="self" type="application/atom+xml" href="https://feeds.example.org/en/atom.xml"/>
  <entry xml:lang="${attr(v.entryLang)}">
    <title type="${attr(v.titleType)}" xml:lang="${attr(v.titleLang)}">A story</title>
    <id>tag:example.org,2026:articles/a/en</id>
    <link rel="alternate" type="${attr(v.linkType)}" hreflang="${attr(v.hreflang)}" href="https://www.rferl.org/a/a.html"/>
    <link rel="alternate" type="text/html" hreflang="ru" href="https://www.svoboda.org/a/a.html"/>
    <updated>2026-12-01T10:00:00Z</updated>
    <content type="${attr(v.contentType)}"${v.contentSrc}>${v.contentBody}</content>
  </entry>
</feed>
`;
}

const VALID: Values = {
  feedLang: 'en', entryLang: 'sr-Latn-ME', titleLang: 'uz-Cyrl', hreflang: 'fa-AF', linkType: 'text/html',
  contentType: 'html', titleType: 'text', email: 'news@rferl.org', contentSrc: '', contentBody: '&lt;p&gt;Text&lt;/p&gt;',
};
const contentSrc = fc.constantFrom('', ' src="https://www.rferl.org/a/a.mp4"');
const contentBody = fc.constantFrom('', 'Text', '&lt;p&gt;Text&lt;/p&gt;', '<div xmlns="http://www.w3.org/1999/xhtml"><p>Text</p></div>', '<x:b xmlns:x="https://example.org/x">b</x:b>', '<title xml:lang="not a tag">in the Atom namespace</title>');

/** Strings made of the pieces the patterns turn on: letters, digits, hyphens, slashes, line breaks, long runs. */
const piece = fc.constantFrom('a', 'Z', 'en', 'sr', 'Latn', 'abcdefgh', 'abcdefghi', '1', '419', '-', '--', '/', '//', '@', ' ', '\n', '\r', '\t', 'é', 'ж', '😀', 'text', 'html', 'xhtml', ':', '_', '.', '');
const value = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), fc.string({ maxLength: 12 }), fc.constantFrom('', 'en', 'x', '-en', 'en-', 'en--US', 'abcdefghi', 'en-abcdefghi', 'e1', '1e', 'a/b', '/b', 'a/', '/', 'a\n/b', 'a/\rb', 'text', 'html', 'xhtml', 'a@b', '@b', 'a@', 'a\n@b'));
const field = fc.constantFrom<Exclude<keyof Values, 'contentSrc' | 'contentBody'>>('feedLang', 'entryLang', 'titleLang', 'hreflang', 'linkType', 'contentType', 'titleType', 'email');
// XML 1.0 has no place for most C0 controls or lone surrogates: such a document is not well-formed, in both.
const xmlSafe = (s: string) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/.test(s) || /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(s);

describe('Atom schema check: relaxed grammar plus patterns gives the full schema verdict', () => {
  it('the hand-written feed is valid as written', () => {
    expect(agree(feed(VALID))).to.deep.equal([]);
  });

  it('agrees with the full schema whatever the pattern-typed values (fast-check, 3,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(field, value), { minLength: 1, maxLength: 3 }), contentSrc, contentBody, (changes, src, body) => {
        const v = { ...VALID, contentSrc: src, contentBody: body };
        for (const [k, x] of changes) v[k] = x;
        fc.pre(Object.values(v).every(xmlSafe));
        agree(feed(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a bad tag, a bad media type and a bad address with the full schema messages', () => {
    for (const [k, x] of [['hreflang', 'en_US'], ['feedLang', ''], ['linkType', 'html'], ['contentType', 'xhtml'], ['email', 'nobody'], ['entryLang', 'abcdefghi'], ['contentBody', '<div xmlns="http://www.w3.org/1999/xhtml">x</div>']] as const) {
      const errors = agree(feed({ ...VALID, [k]: x }));
      expect(errors, `${k}=${x}`).to.not.deep.equal([]);
    }
  });

  it('agrees on every Atom document of the sample build (feeds, categories, archives)', function () {
    this.timeout(600_000);
    const p = tempProject({ sampleContent: true });
    after(() => p.remove());
    const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', '2026-12-01T00:00:00Z', '--no-cache', '--quiet']);
    expect(r.code, r.stderr).to.equal(0);
    const out = p.out;
    const atoms: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('atom.xml')) atoms.push(p);
      }
    };
    walk(out);
    expect(atoms.length).to.be.greaterThan(50);
    for (const p of atoms) expect(agree(readFileSync(p, 'utf8')), p).to.deep.equal([]);
  });
});
