/**
 * The pure parts of serving, against values written by hand: media types, request paths,
 * content coding, conditional requests, and the `_headers` rules (read back with both hosts'
 * splat rules: Netlify's `*` within a segment, Cloudflare's across `/`).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/cli.js';
import { mediaTypeOf } from '../src/outputs.js';
import { headersFile } from '../src/serve/headers.js';
import { chooseCoding, ifNoneMatchMatches, notModifiedSince, parseRequestPath } from '../src/serve/request.js';

describe('mediaTypeOf', function () {
  const cases: [string, string | undefined][] = [
    ['en/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['fa-AF/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['ru/feed.json', 'application/feed+json; charset=utf-8'],
    ['en/archive/2015-07.rss.xml', 'application/rss+xml; charset=utf-8'],
    ['fa-AF/archive/2024-02.atom.xml', 'application/atom+xml; charset=utf-8'],
    ['ru/archive/2015-07.json', 'application/feed+json; charset=utf-8'],
    ['feeds.opml', 'text/x-opml; charset=utf-8'],
    ['index.html', 'text/html; charset=utf-8'],
    ['en/index.html', 'text/html; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['manifest.json', 'application/octet-stream'],
    ['en/notes.xml', 'application/octet-stream'],
  ];
  for (const [p, type] of cases) it(`${p} → ${type ?? 'none'}`, () => expect(mediaTypeOf(p)).to.equal(type));

  it("the README's Serving and hosting section names every one of these types, in its table and in the nginx, Caddy and S3 snippets", function () {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Serving and hosting'), readme.indexOf('## What the feeds contain'));
    expect(section.length).to.be.greaterThan(1000);
    const snippet = (fence: string) => section.slice(section.indexOf('```' + fence), section.indexOf('```', section.indexOf('```' + fence) + 3));
    for (const [, type] of cases) {
      if (type === undefined || type === 'application/octet-stream') continue;
      expect(section, type).to.include(`Content-Type: ${type}`);
      const [bare] = type.split(';');
      if (!['text/html', 'text/css'].includes(bare!)) {
        expect(snippet('nginx'), `nginx: ${bare}`).to.include(bare!);
        expect(snippet('caddyfile'), `Caddy: ${type}`).to.include(`"${type}"`);
      }
      expect(snippet('sh\nskip='), `S3: ${type}`).to.include(`--content-type '${type}'`);
    }
  });
});

describe('parseRequestPath', function () {
  it('decodes segments, keeps the query, notes the trailing slash', function () {
    expect(parseRequestPath('/en/rss.xml?x=1')).to.deep.equal({ ok: true, segments: ['en', 'rss.xml'], trailingSlash: false, query: '?x=1' });
    expect(parseRequestPath('/')).to.deep.equal({ ok: true, segments: [], trailingSlash: true, query: '' });
    expect(parseRequestPath('/en/')).to.deep.equal({ ok: true, segments: ['en'], trailingSlash: true, query: '' });
    expect(parseRequestPath('/a%20b/%D1%80%D1%83.xml')).to.deep.equal({ ok: true, segments: ['a b', 'ру.xml'], trailingSlash: false, query: '' });
    expect(parseRequestPath('http://127.0.0.1:8080/en/rss.xml')).to.deep.include({ ok: true, segments: ['en', 'rss.xml'] });
  });
  const refused: [string, 400 | 404][] = [
    ['/../x', 400], ['/%2e%2e/x', 400], ['/%2E./x', 400], ['/en/./rss.xml', 400], ['/en%2fx', 400], ['/en%5cx', 400], ['/en\\x', 400],
    ['/%00', 400], ['/a%0ab', 400], ['/%zz', 400], ['/%', 400], ['/%c0%ae', 400], ['/%ff', 400], ['*', 400], ['en/rss.xml', 400],
    ['/.polyfeed/x', 404], ['/.env', 404], ['/en/.x', 404], ['/%2ehidden', 404], ['//x', 404], ['/en//rss.xml', 404],
  ];
  for (const [target, status] of refused) it(`${JSON.stringify(target)} → ${status}`, () => expect(parseRequestPath(target)).to.deep.include({ ok: false, status }));
});

describe('chooseCoding (Accept-Encoding)', function () {
  const cases: [string | undefined, boolean, string | null][] = [
    [undefined, true, 'identity'],
    ['', true, 'identity'],
    ['gzip, deflate, br', true, 'br'],
    ['gzip', true, 'gzip'],
    ['x-gzip', true, 'gzip'],
    ['br;q=0.5, gzip', true, 'gzip'],
    ['br;q=1.0, gzip;q=0.999', true, 'br'],
    ['gzip;q=0, br;q=0', true, 'identity'],
    ['identity;q=0', true, null],
    ['identity;q=0, gzip', true, 'gzip'],
    ['identity, gzip;q=0.5', true, 'identity'],
    ['identity;q=0.5, gzip;q=0.5', true, 'gzip'],
    ['*', true, 'br'],
    ['*;q=0', true, null],
    ['*;q=0, identity', true, 'identity'],
    ['*;q=0.3, br;q=0', true, 'gzip'],
    ['gzip;q=2', true, 'identity'],
    ['compress', true, 'identity'],
    ['br, gzip', false, 'identity'],
    ['identity;q=0', false, null],
  ];
  for (const [header, compressible, want] of cases) {
    it(`${JSON.stringify(header)}${compressible ? '' : ' (not compressible)'} → ${want}`, () => expect(chooseCoding(header, compressible)).to.equal(want));
  }
});

describe('conditional requests', function () {
  it('If-None-Match: exact, in a list, weak, *; not a different tag or a bare token', function () {
    expect(ifNoneMatchMatches('"abc"', '"abc"')).to.equal(true);
    expect(ifNoneMatchMatches('"x", "abc"', '"abc"')).to.equal(true);
    expect(ifNoneMatchMatches('W/"abc"', '"abc"')).to.equal(true);
    expect(ifNoneMatchMatches('*', '"abc"')).to.equal(true);
    expect(ifNoneMatchMatches('"abc-gzip"', '"abc"')).to.equal(false);
    expect(ifNoneMatchMatches('abc', '"abc"')).to.equal(false);
  });
  it('If-Modified-Since: whole seconds; not a bad or a future date', function () {
    const mtime = Date.parse('2026-01-01T10:00:00.700Z');
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(notModifiedSince('Thu, 01 Jan 2026 10:00:00 GMT', mtime, now)).to.equal(true);
    expect(notModifiedSince('Thu, 01 Jan 2026 09:59:59 GMT', mtime, now)).to.equal(false);
    expect(notModifiedSince('Sat, 03 Jan 2026 00:00:00 GMT', mtime, now)).to.equal(false);
    expect(notModifiedSince('yesterday', mtime, now)).to.equal(false);
  });
});

describe('headersFile (_headers for Netlify and Cloudflare Pages)', function () {
  const LOCALES = ['en', 'ru', 'fa-AF', 'sr-Latn'];
  const paths = [
    ...LOCALES.flatMap((l) => [`${l}/rss.xml`, `${l}/atom.xml`, `${l}/feed.json`, `${l}/archive/2024.json`, `${l}/archive/2025.json`, `${l}/russia.rss.xml`, `${l}/index.html`]),
    'index.html', 'style.css', 'feeds.opml', 'feed.xsl', 'rss.xml',
  ];
  // Category feeds: the same three names one and three folders deeper, in many folders.
  const CATEGORIES = ['russia', 'press-freedom', 'central-asia', 'human-rights', 'kyrgyzstan', 'media', 'elections', 'war'];
  const nested = [...paths, ...LOCALES.flatMap((l) => CATEGORIES.flatMap((c) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${l}/categories/${c}/${f}`)))];

  /** Rules of a _headers file: pattern → header lines. */
  const parse = (text: string) => {
    const rules: { pattern: string; headers: string[] }[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line === '') continue;
      if (line.startsWith('  ')) rules[rules.length - 1]!.headers.push(line.trim());
      else rules.push({ pattern: line, headers: [] });
    }
    return rules;
  };
  // Both hosts read `:name` as one path segment.
  const toRegExp = (pattern: string, star: string) =>
    new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]\w*/g, '[^/]+')).join(star)}$`);
  const netlify = (pattern: string, p: string) => toRegExp(pattern, '[^/]*').test(`/${p}`);
  const cloudflare = (pattern: string, p: string) => toRegExp(pattern, '.*').test(`/${p}`);

  it('every file with a media type gets exactly that one Content-Type under both readings of *; XSL none', function () {
    const rules = parse(headersFile(paths, mediaTypeOf));
    for (const r of rules) expect(r.pattern.split('*').length - 1, r.pattern).to.be.at.most(1);
    for (const p of paths) {
      for (const [host, matches] of [['Netlify', netlify], ['Cloudflare', cloudflare]] as const) {
        const types = rules.filter((r) => matches(r.pattern, p)).flatMap((r) => r.headers.filter((h) => h.startsWith('Content-Type: ')));
        const want = mediaTypeOf(p);
        expect(types, `${host}: ${p}`).to.deep.equal(want === undefined ? [] : [`Content-Type: ${want}`]);
      }
    }
  });

  it('one rule per kind of file across locales, not one per file (Cloudflare reads at most 100)', function () {
    const rules = parse(headersFile(paths, mediaTypeOf));
    const patterns = rules.map((r) => r.pattern);
    for (const p of ['/*', '/*/rss.xml', '/*/atom.xml', '/*/feed.json', '/*/russia.rss.xml', '/*/index.html']) expect(patterns).to.include(p);
    expect(rules.length).to.be.lessThan(20);
    expect(rules.find((r) => r.pattern === '/*')!.headers).to.deep.equal(['X-Content-Type-Options: nosniff']);
    expect(rules.find((r) => r.pattern === '/*/rss.xml')!.headers).to.deep.equal(['Content-Type: application/rss+xml; charset=utf-8', 'Cache-Control: public, max-age=60']);
  });

  /** Under both hosts' matching, every file gets exactly the Content-Type of its row (none where it has no row). */
  const expectOneContentType = (rules: ReturnType<typeof parse>, files: readonly string[]) => {
    for (const p of files) {
      for (const [host, matches] of [['Netlify', netlify], ['Cloudflare', cloudflare]] as const) {
        const types = rules.filter((r) => matches(r.pattern, p)).flatMap((r) => r.headers.filter((h) => h.startsWith('Content-Type: ')));
        expect(types, `${host}: ${p}`).to.deep.equal(mediaTypeOf(p) === undefined ? [] : [`Content-Type: ${mediaTypeOf(p)}`]);
      }
    }
  };

  it('category feeds in folders of their own: exactly one Content-Type on both hosts, one rule per file name, whatever the number of categories', function () {
    const rules = parse(headersFile(nested, mediaTypeOf));
    expectOneContentType(rules, nested);
    const patterns = rules.map((r) => r.pattern);
    for (const f of ['rss.xml', 'atom.xml', 'feed.json']) expect(patterns).to.include(`/:a/categories/:b/${f}`);
    expect(rules.length).to.be.lessThan(20);
  });

  it('RFC 5005 archives, ten years of months in every locale: exactly one Content-Type on both hosts, one rule per format', function () {
    const months = Array.from({ length: 120 }, (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const archived = [...paths, ...LOCALES.flatMap((l) => months.flatMap((m) => ['rss.xml', 'atom.xml', 'json'].map((f) => `${l}/archive/${m}.${f}`)))];
    const rules = parse(headersFile(archived, mediaTypeOf));
    expectOneContentType(rules, archived);
    const patterns = rules.map((r) => r.pattern);
    for (const f of ['*.rss.xml', '*.atom.xml', '*.json']) expect(patterns).to.include(`/:a/archive/${f}`);
    expect(rules.length).to.be.lessThan(20);
  });

  it('the same paths in any order give the same bytes; hidden names and _headers itself get no rule', function () {
    const text = headersFile(paths, mediaTypeOf);
    expect(headersFile([...paths].reverse(), mediaTypeOf)).to.equal(text);
    expect(headersFile([...paths, '.polyfeed/x', 'en/.draft.xml', '_headers'], mediaTypeOf)).to.equal(text);
  });
});
