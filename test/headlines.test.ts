/**
 * Hostile but valid headlines (issue 13, family 9): a headline with a literal `&`, `&amp;`,
 * `<b>`, `<b>x</b>`, `&lt;`, `&#39;`, `AT&T`, `<script>`, `a < b` … reads as written in the
 * JSON Feed (plain text), in python feedparser (by its title_detail.type: text/html is what a
 * reader shows once rendered), in newsboat, and the W3C Feed Validation Service says nothing
 * about it. So do the feed's title, description and rights, authors and category names.
 *
 * The real tools are run: feedparser and the W3C validator in a python3 child process
 * (skipped where they are not installed), newsboat with a throwaway profile.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../src/index.js';
import { polyfeed, ROOT } from './support/cli.js';
import { smallLocales } from './support/fixtures.js';
import { pythonWithFeedparser } from './support/readers.js';

const NOW = '2026-11-27T12:00:00Z';
const BASE = 'https://feeds.example.org/rferl/';

/** Headlines as a newsroom might write them: every one is plain text, meant literally. */
export const HEADLINES = [
  'Literal & ampersand', 'Already &amp; escaped', 'Bold <b> tag', '<b>x</b> wrapped', 'Less &lt; entity',
  'Quote &#39; ref', 'AT&T buys Q&A', '<script>alert(1)</script>', 'a < b and c > d', 'Q&A', 'Fish &chips',
  '&copy; 2024', 'Tom & Jerry <3', 'x<y', 'He said "hi" & \'bye\'', '&#x26; hex', '<p>para</p>', 'A&B&amp;C',
  '<i>italic', '&nbsp;space', '<br>', '1 &lt 2', 'R&D </em> and &eacute;', 'Жаңылыктар & <Азаттык>', 'قرقیزستان &amp; <b>',
];
const FEED = { title: 'RFE&RL <News> &amp; Q&A', description: 'News & analysis <b>from</b> RFE/RL &lt;English&gt;', copyright: '© AT&T <Corp> &amp; Co' };
const CATEGORY = 'Kyrgyz & <Central> &amp; Asia';
const AUTHOR = 'Smith & <Jones> &amp; Co';

/** Feeds of a built out/ folder as feedparser shows them: every text by its *_detail.type. */
const FEEDPARSER_PROBE = String.raw`
import json, sys, feedparser
from html.parser import HTMLParser
class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
    def handle_data(self, d):
        self.parts.append(d)
def shown(value, detail):
    if value is None:
        return None
    if (detail or {}).get('type') in ('text/html', 'application/xhtml+xml'):
        t = Text(); t.feed(value); t.close()
        return ''.join(t.parts)
    return value
result = {}
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    f = d.feed
    result[path] = {
        'bozo': bool(d.bozo),
        'title': shown(f.get('title'), f.get('title_detail')),
        'subtitle': shown(f.get('subtitle'), f.get('subtitle_detail')),
        'rights': shown(f.get('rights'), f.get('rights_detail')),
        'entries': [{
            'id': e.get('id'),
            'title': shown(e.get('title'), e.get('title_detail')),
            'titleType': (e.get('title_detail') or {}).get('type'),
            'summary': shown(e.get('summary'), e.get('summary_detail')),
            'author': e.get('author'),
            'tags': [t.get('label') or t.get('term') for t in e.get('tags', [])],
        } for e in d.entries],
    }
print(json.dumps(result))
`;

interface Shown {
  bozo: boolean; title: string; subtitle: string; rights: string;
  entries: { id: string; title: string; titleType: string; summary: string; author: string; tags: string[] }[];
}

function feedparser(python: string, files: string[]): Record<string, Shown> {
  const r = spawnSync(python, ['-c', FEEDPARSER_PROBE, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as Record<string, Shown>;
}

/**
 * The W3C validator's errors and warnings for each file (served at BASE + its path below out/),
 * through ../shared/conformance/lib/fv_validate.py in one python process; null without it.
 */
const W3C_PROBE = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import fv_validate
found = []
for i in range(3, len(sys.argv), 2):
    rel, path = sys.argv[i], sys.argv[i + 1]
    with open(path, 'rb') as f:
        _type, events = fv_validate.validate_bytes(f.read(), sys.argv[2] + rel, 'AAA')
    found += ['%s:%s:%s: %s: %s' % (rel, e['line'], e['column'], e['level'], e['message']) for e in events if e['level'] in ('error', 'warning')]
print(json.dumps(found))
`;

function w3c(python: string | null, out: string, rels: string[]): string[] | null {
  const dir = process.env.FEEDVALIDATOR_DIR ?? path.join(os.homedir(), 'feedvalidator');
  const lib = path.join(ROOT, '..', 'shared', 'conformance', 'lib');
  if (!python || !existsSync(path.join(dir, 'src', 'feedvalidator')) || !existsSync(path.join(lib, 'fv_validate.py'))) return null;
  const r = spawnSync(python, ['-c', W3C_PROBE, lib, BASE, ...rels.flatMap((rel) => [rel, path.join(out, rel)])], {
    encoding: 'utf8', env: { ...process.env, FEEDVALIDATOR_DIR: dir },
  });
  if (r.status !== 0 && /ImportError|ModuleNotFoundError/.test(r.stderr)) return null;
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as string[];
}

/** Item titles and the feed's title as newsboat stores and shows them (its cache after `-x reload`), or null without newsboat or sqlite. */
function newsboat(python: string | null, file: string): { feed: string; items: Map<string, string> } | null {
  if (!python || spawnSync('newsboat', ['--version'], { encoding: 'utf8' }).status !== 0) return null;
  const home = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-newsboat-'));
  try {
    writeFileSync(path.join(home, 'urls'), `file://${file}\n`);
    writeFileSync(path.join(home, 'config'), '');
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'cfg'), XDG_DATA_HOME: path.join(home, 'data') };
    const r = spawnSync('newsboat', ['-u', path.join(home, 'urls'), '-c', path.join(home, 'cache.db'), '-C', path.join(home, 'config'), '-x', 'reload'],
      { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    expect(r.status, r.stderr).to.equal(0);
    const q = spawnSync(python, ['-c', [
      'import json, sqlite3, sys',
      'c = sqlite3.connect(sys.argv[1])',
      'print(json.dumps({"feed": c.execute("select title from rss_feed").fetchone()[0], "items": c.execute("select guid, title from rss_item").fetchall()}))',
    ].join('\n'), path.join(home, 'cache.db')], { encoding: 'utf8' });
    expect(q.status, q.stderr).to.equal(0);
    const got = JSON.parse(q.stdout) as { feed: string; items: [string, string][] };
    return { feed: got.feed, items: new Map(got.items) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** A locales folder with only en, whose feed strings and a category name are hostile too. */
function hostileLocales(): string {
  const dir = smallLocales(['en']);
  const strings = JSON.parse(readFileSync(path.join(dir, 'en', 'feed.json'), 'utf8'));
  writeFileSync(path.join(dir, 'en', 'feed.json'), JSON.stringify({ ...strings, ...FEED }, null, 2));
  const names = JSON.parse(readFileSync(path.join(dir, 'en', 'categories.json'), 'utf8'));
  writeFileSync(path.join(dir, 'en', 'categories.json'), JSON.stringify({ ...names, kyrgyzstan: CATEGORY }, null, 2));
  return dir;
}

/** Article `n` (a day apart from the others: the validator warns about entries updated at the same moment). */
const source = (title: string, n: number) => [
  '---',
  `title: ${JSON.stringify(title)}`,
  `date: ${new Date(Date.UTC(2024, 4, 1, 8) + n * 86_400_000).toISOString().replace('.000Z', 'Z')}`,
  `authors: [${JSON.stringify(AUTHOR)}]`,
  `summary: ${JSON.stringify(`Summary: ${title}`)}`,
  'categories: [kyrgyzstan]',
  '---',
  '',
  'Body text.',
  '',
].join('\n');

describe('hostile but valid headlines read as written', function () {
  this.timeout(180_000);
  const python = pythonWithFeedparser();
  let dir: string;
  let out: string;
  const rels = ['en/rss.xml', 'en/atom.xml', 'en/categories/kyrgyzstan/rss.xml', 'en/categories/kyrgyzstan/atom.xml'];
  const json = () => JSON.parse(readFileSync(path.join(out, 'en/feed.json'), 'utf8')) as { title: string; description: string; items: { id: string; title: string; summary: string; authors: { name: string }[] }[] };
  const byId = () => new Map(json().items.map((i) => [i.id, i]));

  before(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-headlines-'));
    const content = path.join(dir, 'content');
    HEADLINES.forEach((t, i) => {
      mkdirSync(path.join(content, `h${i}`), { recursive: true });
      writeFileSync(path.join(content, `h${i}`, 'en.md'), source(t, i));
    });
    out = path.join(dir, 'out');
    const r = polyfeed(['build', '--content', content, '--locales', hostileLocales(), '--out', out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the JSON Feed carries every headline, summary, author and the feed\'s title and description as written', function () {
    const feed = json();
    expect(feed.title).to.equal(FEED.title);
    expect(feed.description).to.equal(FEED.description);
    expect(feed.items.map((i) => i.title).sort()).to.deep.equal([...HEADLINES].sort());
    for (const i of feed.items) {
      expect(i.summary).to.equal(`Summary: ${i.title}`);
      expect(i.authors.map((a) => a.name)).to.deep.equal([AUTHOR]);
    }
  });

  it('feedparser shows every title, summary, author and category of RSS and Atom as the JSON Feed has it, and the feed\'s title, description and rights', function () {
    if (!python) this.skip();
    const shown = feedparser(python, rels.map((r) => path.join(out, r)));
    const items = byId();
    for (const rel of rels) {
      const f = shown[path.join(out, rel)]!;
      expect(f.bozo, rel).to.equal(false);
      // A category feed's title is the feed's, " — " and the category's name.
      const title = rel.includes('categories') ? `${FEED.title} — ${CATEGORY}` : FEED.title;
      expect([f.title, f.subtitle, f.rights], rel).to.deep.equal([title, FEED.description, FEED.copyright]);
      expect(f.entries, rel).to.have.length(rel.includes('categories') ? 10 : HEADLINES.length);
      for (const e of f.entries) {
        const want = items.get(e.id)!;
        expect(e.title, `${rel}: ${want.title} (feedparser read it as ${e.titleType})`).to.equal(want.title);
        expect(e.summary, `${rel}: summary`).to.equal(want.summary);
        expect(e.author, `${rel}: author`).to.equal(AUTHOR);
        expect(e.tags, `${rel}: category`).to.deep.equal([CATEGORY]);
      }
    }
  });

  it('the W3C Feed Validation Service finds no error and no warning in any of the feeds', function () {
    const found = w3c(python, out, rels);
    if (found === null) this.skip();
    expect(found).to.deep.equal([]);
  });

  it('newsboat shows every Atom title as written, and every RSS title that does not look like markup; one that does, as its HTML', function () {
    const items = byId();
    const atom = newsboat(python, path.join(out, 'en/atom.xml'));
    if (!atom) this.skip();
    expect(atom.feed).to.equal(FEED.title);
    expect([...atom.items].map(([id, title]) => [id, title])).to.deep.equal([...atom.items.keys()].map((id) => [id, items.get(id)!.title]));
    const rss = newsboat(python, path.join(out, 'en/rss.xml'))!;
    expect(rss.items.size).to.equal(HEADLINES.length);
    // RSS cannot say that a title is text: feedparser renders one that holds an end tag or a
    // complete reference as HTML, newsboat shows every title as text. Such a title is written
    // for the readers that render it, so newsboat shows its HTML source; every other title,
    // with & and < as they come, reads as written in newsboat too.
    const looksLikeMarkup = (s: string) => /<\/\w+>|&#?\w+;/u.test(s);
    const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    let literal = 0;
    for (const [id, title] of rss.items) {
      const want = items.get(id)!.title;
      if (looksLikeMarkup(want)) expect(title, want).to.equal(html(want));
      else {
        expect(title, want).to.equal(want);
        literal++;
      }
    }
    expect(literal).to.equal(13);
  });

  it('any text headline (property): feedparser shows it as the JSON Feed has it, in RSS and Atom, and the W3C validator says nothing', async function () {
    if (!python) this.skip();
    this.timeout(600_000);
    const pieces = fc.constantFrom(
      '&', '&amp;', '&amp', '&lt;', '&gt;', '&quot;', '&#39;', '&#x26;', '&#38;', '&nbsp;', '&copy;', '&bogus;', '&é;', '&1;',
      '<', '>', '</', '<b>', '</b>', '<i>', '</i>', '<br>', '<br/>', '<p>', '</p>', '<script>', '</script>', '<x-y>', '</x>', '<!--', ']]>',
      'a', 'Z', 'AT', 'T', 'Q', ' ', ';', '#', 'x', '26', 'Қ', 'ب', 'é', '😀', '"', "'",
    );
    const titles = fc.uniqueArray(fc.array(pieces, { minLength: 1, maxLength: 8 }).map((p) => `A${p.join('')}Z`), { minLength: 20, maxLength: 30 });
    const locales = smallLocales(['en']);
    try {
      await fc.assert(
        fc.asyncProperty(titles, async (list) => {
          const { documents, diagnostics } = await build({
            files: list.map((t, i) => ({ path: `p${i}/en.md`, text: source(t, i) })),
            locales,
            now: new Date(NOW),
            limit: 50,
          });
          expect(diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
          const tmp = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-headlines-p-'));
          try {
            for (const d of documents.filter((x) => x.locale === 'en' && ['rss', 'atom', 'json'].includes(x.format) && !x.path.includes('categories'))) {
              mkdirSync(path.dirname(path.join(tmp, d.path)), { recursive: true });
              writeFileSync(path.join(tmp, d.path), d.text);
            }
            const feed = JSON.parse(readFileSync(path.join(tmp, 'en/feed.json'), 'utf8')) as { items: { id: string; title: string }[] };
            expect(feed.items.map((i) => i.title).sort()).to.deep.equal([...list].sort());
            const want = new Map(feed.items.map((i) => [i.id, i.title]));
            const shown = feedparser(python, ['en/rss.xml', 'en/atom.xml'].map((r) => path.join(tmp, r)));
            for (const f of Object.values(shown)) {
              expect(f.entries).to.have.length(list.length);
              for (const e of f.entries) expect(e.title, `feedparser read it as ${e.titleType}`).to.equal(want.get(e.id));
            }
            const found = w3c(python, tmp, ['en/rss.xml', 'en/atom.xml']);
            if (found) expect(found, found.join("\n")).to.deep.equal([]);
          } finally {
            rmSync(tmp, { recursive: true, force: true });
          }
        }),
        // Each run builds and starts python twice: report the first failure as found, unshrunk.
        { numRuns: 5, endOnFailure: true },
      );
    } finally {
      rmSync(locales, { recursive: true, force: true });
    }
  });
});
