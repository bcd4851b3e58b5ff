/**
 * RFC 5005 archives (issue 12, item 5): `feeds.archives: "monthly"` writes
 * out/<locale>/archive/<yyyy-mm>.{rss.xml,atom.xml,json}. Read back only with parsers we did not
 * write — feedsmith (RSS, Atom, JSON Feed), saxes (namespaces), and Python's feedparser in a
 * child process — never with polyfeed's own serializer.
 *
 * "Every published article exactly once" is defined and checked as: following prev-archive
 * (RSS, Atom) or next_url (JSON Feed) from the locale's subscription feed visits each archive
 * month once, newest to oldest, ending at an archive without one; the months' items are
 * disjoint (no id in two archives); and their union is the locale's published articles. The
 * subscription feed's own items also appear in their month's archive (RFC 5005 allows it).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { build } from '../src/index.js';
import { polyfeed, ROOT } from './support/cli.js';
import { article, smallLocales, snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { strictXml, xmlElements } from './support/parse.js';
import { expectNoStackTrace, expectPrinted } from './support/stderr.js';

const BASE = 'https://feeds.example.org/rferl/';
const NOW = '2026-12-01T00:00:00Z';
const FH = 'http://purl.org/syndication/history/1.0';
const itemId = (article: string, locale: string) => `tag:example.org,2026:articles/${article}/${locale}`;

/** The file of out/ a public URL names. */
const fileOf = (out: string, url: string) => {
  expect(url.startsWith(BASE), url).to.equal(true);
  return path.join(out, ...url.slice(BASE.length).split('/'));
};

interface Page {
  url: string;
  ids: string[];
  /** Dates of the items as written (RFC 3339 / RFC 822 parsed to ms). */
  dates: number[];
  prev?: string;
  next?: string;
  current?: string;
  /** fh:archive in the document's head (namespace-resolved by saxes); JSON: `_polyfeed.archive`. */
  archive: boolean;
}

type Reader = (out: string, url: string) => Page;

const linkOf = (links: { rel?: string; href?: string }[] | undefined, rel: string) => links?.find((l) => l.rel === rel)?.href;

/** fh:archive as a child of the feed head (channel or feed), by namespace URI, not prefix. */
function hasFhArchive(xml: string, head: string): boolean {
  strictXml(xml);
  const prefixed = Object.entries(strictXml(xml).attributes).find(([k, v]) => k.startsWith('xmlns:') && v === FH)?.[0]?.slice(6);
  if (!prefixed) return false;
  return xmlElements(xml, `${prefixed}:archive`).some((e) => e.ancestors.at(-1) === head);
}

const readers: Record<'atom' | 'rss' | 'json', { start: string; read: Reader }> = {
  atom: {
    start: 'atom.xml',
    read(out, url) {
      const text = readFileSync(fileOf(out, url), 'utf8');
      const f = parseAtomFeed(text);
      return {
        url, ids: (f.entries ?? []).map((e) => e.id!), dates: (f.entries ?? []).map((e) => Date.parse(e.published!)),
        prev: linkOf(f.links, 'prev-archive'), next: linkOf(f.links, 'next-archive'), current: linkOf(f.links, 'current'), archive: hasFhArchive(text, 'feed'),
      };
    },
  },
  rss: {
    start: 'rss.xml',
    read(out, url) {
      const text = readFileSync(fileOf(out, url), 'utf8');
      const f = parseRssFeed(text);
      const links = f.atom?.links;
      return {
        url, ids: (f.items ?? []).map((i) => i.guid!.value!), dates: (f.items ?? []).map((i) => Date.parse(i.pubDate!)),
        prev: linkOf(links, 'prev-archive'), next: linkOf(links, 'next-archive'), current: linkOf(links, 'current'), archive: hasFhArchive(text, 'channel'),
      };
    },
  },
  json: {
    start: 'feed.json',
    read(out, url) {
      const raw = JSON.parse(readFileSync(fileOf(out, url), 'utf8')) as { _polyfeed?: { archive?: { current?: string; newer?: string } } };
      const f = parseJsonFeed(raw);
      return {
        url, ids: (f.items ?? []).map((i) => i.id!), dates: (f.items ?? []).map((i) => Date.parse(i.date_published!)),
        prev: f.next_url, next: raw._polyfeed?.archive?.newer, current: raw._polyfeed?.archive?.current, archive: raw._polyfeed?.archive !== undefined,
      };
    },
  },
};

/** From the subscription feed of `locale` in `format`, every archive in chain order (newest first). */
function walk(out: string, locale: string, format: keyof typeof readers): { feed: Page; archives: Page[] } {
  const { start, read } = readers[format];
  const feed = read(out, `${BASE}${locale}/${start}`);
  const archives: Page[] = [];
  const seen = new Set<string>();
  for (let url = feed.prev; url !== undefined; url = archives.at(-1)!.prev) {
    expect(seen.has(url), `${url} visited twice`).to.equal(false);
    seen.add(url);
    archives.push(read(out, url));
  }
  return { feed, archives };
}

/** The month (yyyy-mm) of an archive URL. */
const monthOfUrl = (url: string) => /\/archive\/(\d{4}-\d{2})\.[a-z.]+$/.exec(url)?.[1];

/** Checks the chain's shape and returns every item id it holds, in walk order. */
function checkChain(locale: string, format: keyof typeof readers, { feed, archives }: { feed: Page; archives: Page[] }): string[] {
  const { start } = readers[format];
  expect(feed.archive, `${locale}/${start} is the subscription feed, not an archive`).to.equal(false);
  expect(archives.length, `${locale}/${start} links prev-archive`).to.be.greaterThan(0);
  archives.forEach((a, i) => {
    expect(a.archive, `${a.url}: fh:archive`).to.equal(true);
    expect(a.current, `${a.url}: current`).to.equal(`${BASE}${locale}/${start}`);
    // next-archive leads back the way we came; the newest archive has none.
    expect(a.next, `${a.url}: next-archive`).to.equal(i === 0 ? undefined : archives[i - 1]!.url);
    expect(a.ids.length, `${a.url}: an archive is never empty`).to.be.greaterThan(0);
    if (i > 0) expect(monthOfUrl(a.url)! < monthOfUrl(archives[i - 1]!.url)!, `${a.url} is older than the one before`).to.equal(true);
  });
  return archives.flatMap((a) => a.ids);
}

/** Every published article of the sample in `locale`: a content file of that name, none drafts, embargoed or withdrawn. */
function publishedInSample(locale: string): string[] {
  const dir = path.join(ROOT, 'content');
  return readdirSync(dir).filter((id) => existsSync(path.join(dir, id, `${locale}.md`))).map((id) => itemId(id, locale)).sort();
}

/** A python3 that has feedparser (Debian's; a pyenv python3 first on PATH lacks it). */
function feedparserPython(): string | undefined {
  for (const py of [process.env.CONFORMANCE_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean) as string[]) {
    const r = spawnSync(py, ['-c', 'import feedparser'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** The walk once more, in Python with feedparser: from a feed file, follow rel="prev-archive"; print each document's ids and links. */
const FEEDPARSER_WALK = `
import json, sys, feedparser
base, out, start = sys.argv[1], sys.argv[2], sys.argv[3]
def path(url):
    assert url.startswith(base), url
    return out + '/' + url[len(base):]
pages, url, seen = [], start, set()
while url:
    assert url not in seen, url
    seen.add(url)
    d = feedparser.parse(path(url))
    assert not d.bozo, (url, d.get('bozo_exception'))
    rels = {l.get('rel'): l.get('href') for l in d.feed.get('links', [])}
    pages.append({'url': url, 'ids': [e.id for e in d.entries], 'prev': rels.get('prev-archive'), 'next': rels.get('next-archive'), 'current': rels.get('current')})
    url = rels.get('prev-archive')
print(json.dumps(pages))
`;

describe('RFC 5005 archives: the sample (feeds.archives: "monthly")', function () {
  this.timeout(180_000);
  let p: TempProject;

  before(function () {
    p = tempProject({ sampleContent: true });
    const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', NOW, '--no-cache', '--quiet']);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => p?.remove());

  it('the sample registry opts in, and en and ru have archives back to July 2015', function () {
    const registry = JSON.parse(readFileSync(path.join(ROOT, 'locales', 'registry.json'), 'utf8')) as { feeds: { archives?: string } };
    expect(registry.feeds.archives).to.equal('monthly');
    for (const locale of ['en', 'ru']) {
      const files = readdirSync(path.join(p.out, locale, 'archive')).sort();
      expect(files, locale).to.include.members(['2015-07.rss.xml', '2015-07.atom.xml', '2015-07.json']);
      expect(files.length % 3, locale).to.equal(0);
    }
  });

  for (const locale of ['en', 'ru']) {
    for (const format of ['atom', 'rss', 'json'] as const) {
      it(`${locale}: following ${format === 'json' ? 'next_url' : 'prev-archive'} from ${readers[format].start} reaches every published article exactly once, back to 2015 (feedsmith)`, function () {
        const chain = walk(p.out, locale, format);
        const ids = checkChain(locale, format, chain);
        // Disjoint months, covering the locale.
        expect(ids.length, 'no article in two archives').to.equal(new Set(ids).size);
        expect([...ids].sort()).to.deep.equal(publishedInSample(locale));
        expect(monthOfUrl(chain.archives.at(-1)!.url)).to.equal('2015-07');
        // Each archive holds the items dated in its month (the sample's dates: in UTC the same month).
        for (const a of chain.archives) {
          for (const d of a.dates) expect(new Date(d).toISOString().slice(0, 7), a.url).to.equal(monthOfUrl(a.url));
        }
        // Overlap allowed: the subscription feed's items are also in their months' archives.
        for (const id of chain.feed.ids) expect(ids, id).to.include(id);
      });
    }
    it(`${locale}: the same walk with Python's feedparser from rss.xml and from atom.xml`, function () {
      const py = feedparserPython();
      if (!py) this.skip();
      for (const start of ['rss.xml', 'atom.xml']) {
        const r = spawnSync(py!, ['-c', FEEDPARSER_WALK, BASE, p.out, `${BASE}${locale}/${start}`], { encoding: 'utf8' });
        expect(r.status, r.stderr).to.equal(0);
        const [feed, ...archives] = JSON.parse(r.stdout) as { url: string; ids: string[]; prev?: string; next?: string; current?: string }[];
        expect(feed!.current).to.equal(null);
        expect(archives.length).to.be.greaterThan(0);
        for (const a of archives) expect(a.current, a.url).to.equal(`${BASE}${locale}/${start}`);
        const ids = archives.flatMap((a) => a.ids);
        expect(ids.length).to.equal(new Set(ids).size);
        expect([...ids].sort(), start).to.deep.equal(publishedInSample(locale));
        expect(archives.at(-1)!.url).to.match(/\/archive\/2015-07\.(rss|atom)\.xml$/);
      }
    });
  }

  it('every locale with archives: each format\'s chain covers the same months and items as the others', function () {
    const locales = readdirSync(p.out).filter((l) => existsSync(path.join(p.out, l, 'archive')));
    expect(locales.length).to.be.greaterThan(2);
    for (const locale of locales) {
      const byFormat = (['atom', 'rss', 'json'] as const).map((f) => {
        const chain = walk(p.out, locale, f);
        checkChain(locale, f, chain);
        return chain.archives.map((a) => [monthOfUrl(a.url), a.ids]);
      });
      expect(byFormat[1], `${locale}: rss`).to.deep.equal(byFormat[0]);
      expect(byFormat[2], `${locale}: json`).to.deep.equal(byFormat[0]);
      const files = readdirSync(path.join(p.out, locale, 'archive'));
      expect(files.length, `${locale}: every archive file is in the chain`).to.equal(byFormat[0]!.length * 3);
    }
  });

  it('a locale whose articles are all in one month and all in its feed has no archive and no prev-archive', function () {
    // av has only the 2015 story.
    expect(existsSync(path.join(p.out, 'av', 'archive'))).to.equal(false);
    const { feed } = walk(p.out, 'av', 'atom');
    expect(feed.prev).to.equal(undefined);
    expect(JSON.parse(readFileSync(path.join(p.out, 'av', 'feed.json'), 'utf8')).next_url).to.equal(undefined);
  });

  it('an archive carries no build time: a build at another --now gives the same bytes, and so does a second build', function () {
    const q = tempProject({ sampleContent: true });
    try {
      for (const now of [NOW, '2027-03-04T05:06:07Z']) {
        const r = polyfeed(['build', '--content', q.content, '--locales', q.locales, '--out', q.out, '--now', now, '--no-cache', '--quiet']);
        expect(r.code, r.stderr).to.equal(0);
        const a = snapshot(p.out);
        const b = snapshot(q.out);
        const archives = [...a.keys()].filter((k) => k.includes(`${path.sep}archive${path.sep}`));
        expect(archives.length).to.be.greaterThan(30);
        for (const k of archives) expect(b.get(k)?.bytes.equals(a.get(k)!.bytes), `${k} at ${now}`).to.equal(true);
      }
    } finally {
      q.remove();
    }
  });

  it('media types: _headers gives each archive file its feed type (archive .json is application/feed+json)', function () {
    const text = readFileSync(path.join(p.out, '_headers'), 'utf8');
    const rules: { re: RegExp; type?: string }[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith('/')) {
        // Netlify's reading: * within one segment, :name one segment.
        rules.push({ re: new RegExp(`^${line.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]\w*/g, '[^/]+')).join('[^/]*')}$`) });
      } else if (line.startsWith('  Content-Type: ')) rules.at(-1)!.type = line.slice('  Content-Type: '.length);
    }
    for (const [file, type] of [['2015-07.rss.xml', 'application/rss+xml'], ['2015-07.atom.xml', 'application/atom+xml'], ['2015-07.json', 'application/feed+json']]) {
      const types = rules.filter((r) => r.type && r.re.test(`/en/archive/${file}`)).map((r) => r.type);
      expect(types, file).to.deep.equal([`${type}; charset=utf-8`]);
    }
  });

  it('polyfeed validate checks the archives with the feeds', function () {
    const v = polyfeed(['validate', p.out, '--locales', p.locales]);
    expect(v.code, v.stdout + v.stderr).to.equal(0);
    const checked = Number(/(\d+) documents checked/.exec(v.stdout)?.[1]);
    expect(checked).to.equal(snapshot(p.out).size);
    expect(v.stdout).to.include(`${checked} valid, 0 with errors`);
  });
});

describe('RFC 5005 archives: which items, which months', function () {
  this.timeout(120_000);
  let p: TempProject;
  let locales: string;

  beforeEach(function () {
    p = tempProject();
    locales = smallLocales(['en'], (r) => Object.assign(r.feeds, { archives: 'monthly', limit: 2 }));
  });
  afterEach(function () {
    p.remove();
    rmSync(locales, { recursive: true, force: true });
  });

  const buildIt = (more: string[] = []) =>
    polyfeed(['build', '--content', p.content, '--locales', locales, '--out', p.out, '--now', NOW, '--quiet', ...more]);
  const archiveFiles = () => (existsSync(path.join(p.out, 'en', 'archive')) ? readdirSync(path.join(p.out, 'en', 'archive')).sort() : []);

  it('empty months are skipped and linked across; takedowns, expired, drafts and embargoed articles are in no archive', function () {
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00' }));
    p.write('jan-late/en.md', article({ title: 'Late January, in its own offset', date: '2024-01-31T23:30:00-05:00' }));
    p.write('mar/en.md', article({ title: 'March', date: '2024-03-05T10:00:00+02:00' }));
    p.write('jun/en.md', article({ title: 'June', date: '2024-06-01T10:00:00+02:00' }));
    p.write('withdrawn/en.md', article({ title: 'Withdrawn', date: '2024-02-10T10:00:00+02:00', withdrawn: 'Legal request', updated: '2024-02-11T10:00:00+02:00' }));
    p.write('expired/en.md', article({ title: 'Expired', date: '2024-04-10T10:00:00+02:00', expires: '2024-05-01T00:00:00+02:00' }));
    p.write('draft/en.md', article({ title: 'Draft', date: '2024-05-10T10:00:00+02:00', draft: 'true' }));
    p.write('later/en.md', article({ title: 'Embargoed', date: '2027-01-10T10:00:00+02:00' }));
    const r = buildIt(['--no-cache']);
    expect(r.code, r.stderr).to.equal(0);
    // Feb, Apr and May have only articles that are not published: no documents for them.
    expect(archiveFiles()).to.deep.equal(['2024-01', '2024-03', '2024-06'].flatMap((m) => [`${m}.atom.xml`, `${m}.json`, `${m}.rss.xml`]));
    for (const format of ['atom', 'rss', 'json'] as const) {
      const chain = walk(p.out, 'en', format);
      const ids = checkChain('en', format, chain);
      expect(chain.archives.map((a) => monthOfUrl(a.url))).to.deep.equal(['2024-06', '2024-03', '2024-01']);
      expect(chain.archives.map((a) => a.ids)).to.deep.equal([
        [itemId('jun', 'en')], [itemId('mar', 'en')],
        // 2024-01-31T23:30-05:00 is in January as written (in UTC it is 1 February).
        [itemId('jan-late', 'en'), itemId('jan', 'en')],
      ]);
      expect(ids).not.to.include.members(['withdrawn', 'expired', 'draft', 'later'].map((a) => itemId(a, 'en')));
      // The feed shows the newest two (limit 2); the archives hold all four.
      expect(chain.feed.ids).to.deep.equal([itemId('jun', 'en'), itemId('mar', 'en')]);
    }
  });

  it('archives are off without feeds.archives: no archive folder, no prev-archive, no next_url', function () {
    rmSync(locales, { recursive: true, force: true });
    locales = smallLocales(['en'], (r) => { delete r.feeds.archives; });
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00' }));
    p.write('mar/en.md', article({ title: 'March', date: '2024-03-05T10:00:00+02:00' }));
    const r = buildIt(['--no-cache']);
    expect(r.code, r.stderr).to.equal(0);
    expect(archiveFiles()).to.deep.equal([]);
    const f = readers.atom.read(p.out, `${BASE}en/atom.xml`);
    expect([f.prev, f.next, f.current]).to.deep.equal([undefined, undefined, undefined]);
    expect(readFileSync(path.join(p.out, 'en', 'rss.xml'), 'utf8')).not.to.include('archive');
    expect(JSON.parse(readFileSync(path.join(p.out, 'en', 'feed.json'), 'utf8'))).not.to.have.property('next_url');
  });

  it('one edited article re-makes only its month: the other archives keep their bytes and times, and nothing else is rendered', async function () {
    // The newest two are in the feed (limit 2); January's article is in no feed but its archive,
    // and has a category of its own, so no category feed shows it either.
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00', categories: '[economy]' }));
    p.write('mar/en.md', article({ title: 'March', date: '2024-03-05T10:00:00+02:00', categories: '[russia]' }));
    p.write('jun/en.md', article({ title: 'June', date: '2024-06-01T10:00:00+02:00', categories: '[russia]' }));
    const cache = path.join(p.dir, 'cache');
    const first = buildIt(['--cache', cache]);
    expect(first.code, first.stderr).to.equal(0);
    const before = snapshot(p.out);
    await new Promise((r) => setTimeout(r, 20));
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00', categories: '[economy]' }, 'An edited body.\n'));
    const second = buildIt(['--cache', cache]);
    expect(second.code, second.stderr).to.equal(0);
    const after = snapshot(p.out);
    const changed = [...after.keys()].filter((k) => !before.get(k)?.bytes.equals(after.get(k)!.bytes) || before.get(k)!.mtimeMs !== after.get(k)!.mtimeMs);
    expect(changed.sort()).to.deep.equal(['2024-01.atom.xml', '2024-01.json', '2024-01.rss.xml'].map((f) => path.join('en', 'archive', f)));
    expect(readFileSync(path.join(p.out, 'en', 'archive', '2024-01.json'), 'utf8')).to.include('An edited body.');

    // The library API says what it made: one plan (the January archive), one item rendered.
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00', categories: '[economy]' }, 'Edited again.\n'));
    const stages: Record<string, number> = {};
    const r = await build({
      content: p.content, locales, now: new Date(NOW), cacheDir: cache,
      progress: (s) => Object.assign(stages, s.stage === 'render' ? { rendered: s.items } : s.stage === 'documents' ? { made: s.made, reused: s.reused } : {}),
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(stages).to.deep.include({ rendered: 1, made: 1 });
    expect(r.documents.find((d) => d.path === 'en/archive/2024-01.json')!.text).to.include('Edited again.');
  });

  it('a new month re-makes that month and the one it follows (its next-archive), not the older ones', function () {
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00', categories: '[economy]' }));
    p.write('mar/en.md', article({ title: 'March', date: '2024-03-05T10:00:00+02:00', categories: '[economy]' }));
    const cache = path.join(p.dir, 'cache');
    expect(buildIt(['--cache', cache]).code).to.equal(0);
    const before = snapshot(p.out);
    p.write('jul/en.md', article({ title: 'July', date: '2024-07-05T10:00:00+02:00', categories: '[economy]' }));
    expect(buildIt(['--cache', cache]).code).to.equal(0);
    const after = snapshot(p.out);
    const archive = (m: string) => ['atom.xml', 'json', 'rss.xml'].map((f) => path.join('en', 'archive', `${m}.${f}`));
    for (const k of archive('2024-01')) expect(after.get(k)!.mtimeMs, k).to.equal(before.get(k)!.mtimeMs);
    for (const k of archive('2024-03')) expect(after.get(k)!.bytes.equals(before.get(k)!.bytes), k).to.equal(false);
    for (const k of archive('2024-07')) expect(before.has(k), k).to.equal(false);
    const march = readers.atom.read(p.out, `${BASE}en/archive/2024-03.atom.xml`);
    expect(march.next).to.equal(`${BASE}en/archive/2024-07.atom.xml`);
    expect(march.ids).to.deep.equal([itemId('mar', 'en')]);
  });

  it('a new article re-makes only what shows it or links to it: its month, the month before, the feeds, the pages', async function () {
    // Two categories, so that the category feed of the older articles is not touched either.
    p.write('jan/en.md', article({ title: 'January', date: '2024-01-10T10:00:00+02:00', categories: '[economy]' }));
    p.write('feb/en.md', article({ title: 'February', date: '2024-02-10T10:00:00+02:00', categories: '[economy]' }));
    p.write('mar/en.md', article({ title: 'March', date: '2024-03-05T10:00:00+02:00', categories: '[russia]' }));
    const cache = path.join(p.dir, 'cache');
    const opts = { content: p.content, locales, now: new Date(NOW), cacheDir: cache };
    expect((await build(opts)).diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    // The newest article of all (a date every plan without items would show): in a new month.
    p.write('jul/en.md', article({ title: 'July', date: '2024-07-05T10:00:00+02:00', categories: '[russia]' }));
    const stages: Record<string, number> = {};
    const r = await build({ ...opts, progress: (s) => Object.assign(stages, s.stage === 'render' ? { rendered: s.items } : s.stage === 'documents' ? { made: s.made } : {}) });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    // Made again: the 2024-07 archive (new), 2024-03's (its next-archive), the locale feed, the
    // russia category feed, the page, the site. Not 2024-01's, 2024-02's or the economy feed.
    expect(stages.made).to.equal(6);
    expect(stages.rendered).to.equal(2);
  });

  it('a single month with more items than the feed shows is archived too, so nothing is out of reach', function () {
    for (let i = 1; i <= 3; i++) p.write(`m${i}/en.md`, article({ title: `Item ${i}`, date: `2024-05-0${i}T10:00:00+02:00` }));
    expect(buildIt(['--no-cache']).code).to.equal(0);
    const chain = walk(p.out, 'en', 'atom');
    expect(chain.feed.ids).to.have.length(2);
    expect(chain.archives.map((a) => [monthOfUrl(a.url), a.ids.length])).to.deep.equal([['2024-05', 3]]);
  });
});

describe('registry feeds.archives and unknown feeds fields', function () {
  this.timeout(60_000);
  let p: TempProject;
  let locales: string | undefined;
  beforeEach(() => {
    p = tempProject();
    p.write('a/en.md', article({ title: 'A' }));
  });
  afterEach(() => {
    p.remove();
    if (locales) rmSync(locales, { recursive: true, force: true });
  });

  const fails = (edit: (feeds: Record<string, unknown>) => void) => {
    locales = smallLocales(['en'], (r) => edit(r.feeds));
    const r = polyfeed(['build', '--content', p.content, '--locales', locales, '--out', p.out, '--now', NOW, '--no-cache']);
    expect(r.code, r.stderr).to.equal(1);
    expectNoStackTrace(r.stderr);
    expect(existsSync(p.out)).to.equal(false);
    const file = path.join(locales, 'registry.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (key: string, column: 'key' | 'value') => {
      const line = lines.findIndex((l) => l.trimStart().startsWith(`"${key}":`));
      return { line: line + 1, column: column === 'key' ? lines[line]!.indexOf('"') + 1 : lines[line]!.indexOf(': ') + 3 };
    };
    return { stderr: r.stderr, file, at };
  };

  for (const bad of ['weekly', 'Monthly', true, 1]) {
    it(`feeds.archives: ${JSON.stringify(bad)} is an error at its value (registry-archives)`, function () {
      const { stderr, file, at } = fails((f) => { f.archives = bad; });
      expectPrinted(stderr, {
        file, ...at('archives', 'value'), rule: 'registry-archives', message: `feeds.archives must be "monthly", not ${JSON.stringify(bad)}`, hint: '"archives": "monthly"',
      });
    });
  }

  it('an unknown field of feeds is an error at its name, with the nearest known one (registry-field)', function () {
    const { stderr, file, at } = fails((f) => { f.archive = 'monthly'; f.colour = 'red'; });
    expectPrinted(stderr, { file, ...at('archive', 'key'), rule: 'registry-field', message: 'feeds: unknown field "archive" (did you mean "archives"?)', hint: 'Known fields of feeds:' });
    expectPrinted(stderr, { file, ...at('colour', 'key'), rule: 'registry-field', message: 'feeds: unknown field "colour"', hint: 'archives' });
    expect(stderr).not.to.match(/"colour" \(did you mean/);
    expect(stderr.trimEnd().split('\n').at(-1)).to.match(/^polyfeed: 2 errors; nothing was published/);
  });
});
