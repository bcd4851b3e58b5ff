/**
 * Values checked where they come in, each with its rule id: text fields are text as written,
 * dates are plausible and in order, URLs are http(s) and encoded, JSON files are JSON.
 * Feeds are read back with feedsmith, an independent parser.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseFeed } from 'feedsmith';
import { build } from '../src/index.js';
import { polyfeed } from './support/cli.js';
import { smallLocales, tempProject } from './support/fixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const fm = (...lines: string[]) => `---\n${lines.join('\n')}\n---\n\nThe body.\n`;
const DATE = 'date: 2024-05-01T10:00:00+02:00';

describe('input checks where the input comes in', function () {
  let locales: string;
  before(() => (locales = smallLocales(['en', 'ru'])));

  const run = (text: string) => build({ files: [{ path: 'story/en.md', text }], locales, now: NOW });
  const rules = async (text: string) => (await run(text)).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.ruleId}`);

  it('a title or summary that looks like a number is published as written (1e400, 0x1F, 1984, 0183e1784102)', async function () {
    const r = await run(fm('title: 1e400', 'summary: 0x1F', DATE));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const rss = r.documents.find((d) => d.path === 'en/rss.xml')!.text;
    const feed = parseFeed(rss).feed as { items?: { title?: string; description?: string }[] };
    expect(feed.items![0]!.title).to.equal('1e400');
    expect(feed.items![0]!.description).to.equal('0x1F');
    const json = JSON.parse(r.documents.find((d) => d.path === 'en/feed.json')!.text);
    expect(json.items[0].title).to.equal('1e400');
    const other = await run(fm('title: 1984', 'summary: 0183e1784102', DATE));
    expect(JSON.parse(other.documents.find((d) => d.path === 'en/feed.json')!.text).items[0]).to.deep.include({ title: '1984', summary: '0183e1784102' });
  });

  it('a title of only invisible characters is empty (U+200F, U+200B, U+2060, U+00AD)', async function () {
    expect(await rules(fm('title: "\u200F\u200B\u2060\u00AD"', DATE))).to.deep.equal(['2:8 fm-empty']);
  });

  it('a year before 1000 is refused, not read as 19xx; updated before date is refused', async function () {
    expect(await rules(fm('title: T', 'date: 0015-07-21T18:30:00+06:00'))).to.deep.equal(['3:7 date-implausible-year']);
    expect(await rules(fm('title: T', DATE, 'updated: 2024-04-30T10:00:00+02:00'))).to.deep.equal(['4:10 date-updated-before-date']);
  });

  it('image and article URLs must be http(s), absolute and encoded, with file and line', async function () {
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'ftp://example.org/a.jpg', '"https://example.org/a b.jpg"', '"https://example.org/<x>.jpg"']) {
      expect(await rules(fm('title: T', DATE, 'image:', `  url: ${bad}`)), bad).to.deep.equal([`5:8 url-invalid`]);
    }
    expect(await rules(fm('title: T', DATE, 'url: "https://example.org/a story"'))).to.deep.equal(['4:6 url-invalid']);
    const ok = await run(fm('title: T', DATE, 'image: photos/a.jpg'));
    const json = JSON.parse(ok.documents.find((d) => d.path === 'en/feed.json')!.text);
    expect(json.items[0].image).to.match(/^https:\/\/.*\/photos\/a\.jpg$/);
  });

  it('an alias bomb in front matter is refused with a rule id, not a crash', async function () {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)];
    const r = await rules(`---\ntitle: T\n${DATE}\n${bomb.join('\n')}\n---\nBody\n`);
    expect(r.length).to.be.greaterThan(0);
    expect(r.every((x) => x.endsWith('fm-yaml') || x.endsWith('fm-unknown-field'))).to.equal(true);
  });

  describe('locale files are strict JSON in UTF-8', function () {
    const project = () => {
      const p = tempProject();
      p.write('story/en.md', fm('title: T', DATE));
      return p;
    };
    const buildIn = (p: ReturnType<typeof tempProject>) => polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);

    it('a trailing comma, single quotes or YAML in registry.json or a strings file: json-syntax with its line', function () {
      const p = project();
      try {
        const reg = path.join(p.locales, 'registry.json');
        const original = readFileSync(reg, 'utf8');
        writeFileSync(reg, original.replace(/\n}\s*$/, ',\n}\n'));
        const r = buildIn(p);
        expect(r.code).to.equal(1);
        expect(r.stderr).to.match(/registry\.json:\d+:\d+: error: not valid JSON.* \[json-syntax\]/);
        writeFileSync(reg, original);
        writeFileSync(path.join(p.locales, 'ru', 'feed.json'), "{ 'title': 'x' }\n");
        const s = buildIn(p);
        expect(s.code).to.equal(1);
        expect(s.stderr).to.match(/ru\/feed\.json:1:3: error: .* \[json-syntax\]/);
        expect(existsSync(p.out)).to.equal(false);
      } finally {
        p.remove();
      }
    });

    it('a Latin-1 strings file is not-utf8 (never U+FFFD in a feed); tags differing in case are refused', function () {
      const p = project();
      try {
        writeFileSync(path.join(p.locales, 'ru', 'feed.json'), Buffer.from('{ "title": "Caf\xe9" }\n', 'latin1'));
        const r = buildIn(p);
        expect(r.code).to.equal(1);
        expect(r.stderr).to.match(/ru\/feed\.json:1:\d+: error: is not UTF-8 text.* \[not-utf8\]/);
        writeFileSync(path.join(p.locales, 'ru', 'feed.json'), readFileSync(path.join(p.locales, 'en', 'feed.json')));
        const reg = JSON.parse(readFileSync(path.join(p.locales, 'registry.json'), 'utf8'));
        reg.locales.RU = reg.locales.ru;
        writeFileSync(path.join(p.locales, 'registry.json'), JSON.stringify(reg, null, 2));
        mkdirSync(path.join(p.locales, 'RU'), { recursive: true });
        const c = buildIn(p);
        expect(c.code).to.equal(1);
        expect(c.stderr).to.include('[registry-duplicate-tag]');
      } finally {
        p.remove();
      }
    });
  });
});


describe('translate --refresh finds the old original by the build\'s own hash', function () {
  it('even when a value reads differently as YAML and as text (title: 1984)', function () {
    const p = tempProject();
    const git = (...args: string[]) => execFileSync('git', ['-C', p.dir, ...args], {
      encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' },
    });
    try {
      p.write('novel/en.md', fm('title: 1984', DATE));
      const args = ['--content', p.content, '--locales', p.locales];
      expect(polyfeed(['translate', 'novel', 'ru', ...args]).code).to.equal(0);
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'original and ru');
      p.write('novel/en.md', fm('title: 1984', DATE).replace('The body.', 'The body, edited.'));
      const r = polyfeed(['translate', '--refresh', 'novel', 'ru', ...args]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include('-The body.').and.include('+The body, edited.');
      const accepted = polyfeed(['translate', '--refresh', '--accept', 'novel', 'ru', ...args]);
      expect(accepted.code).to.equal(0);
      expect(readFileSync(path.join(p.content, 'novel', 'ru.md'), 'utf8')).to.match(/^sourceHash: "[0-9a-f]{12}"$/m);
      expect(polyfeed(['translate', '--refresh', 'novel', 'ru', ...args]).stdout).to.include('is current');
    } finally {
      p.remove();
    }
  });
});

describe('hostile files and folders', function () {
  it('a front matter larger than 1 MiB is refused in linear time (fm-too-large), a 20 MB one too', function () {
    const p = tempProject();
    try {
      p.write('big/en.md', `---\ntitle: T\n${DATE}\nsummary: "${'x'.repeat(20 * 1024 * 1024)}"\n---\nBody\n`);
      const started = process.hrtime.bigint();
      const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', '2026-01-01T00:00:00Z', '--no-cache']);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include('[fm-too-large]');
      expect(seconds, 'a 20 MB front matter is refused within seconds, not minutes').to.be.below(30);
    } finally {
      p.remove();
    }
  });

  it('a symbolic link to a FIFO is refused, not read (content-not-a-file); the build does not hang', function () {
    const p = tempProject();
    try {
      p.write('story/en.md', fm('title: T', DATE));
      const fifo = path.join(p.dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      symlinkSync(fifo, path.join(p.content, 'story', 'ru.md'));
      symlinkSync(fifo, path.join(p.content, 'pipe.md'));
      const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', p.out, '--now', '2026-01-01T00:00:00Z'], { timeout: 60_000 });
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/story\/ru\.md: error: .*\[content-(not-a-file|symlink-outside)\]/);
    } finally {
      p.remove();
    }
  });

  it('validate checks RSS structure and links: a bare <rss> and a javascript: link fail with rule ids', function () {
    const p = tempProject();
    try {
      mkdirSync(path.join(p.out, 'en'), { recursive: true });
      writeFileSync(path.join(p.out, 'en', 'rss.xml'), '<rss><channel><language>en</language></channel></rss>');
      const bare = polyfeed(['validate', p.out, '--locales', smallLocales(['en'])]);
      expect(bare.code).to.equal(1);
      expect(bare.stderr).to.include('[output-structure]');
      writeFileSync(path.join(p.out, 'en', 'rss.xml'),
        '<rss version="2.0"><channel><title>t</title><link>javascript:alert(1)</link><description>d</description><language>en</language></channel></rss>');
      const js = polyfeed(['validate', p.out, '--locales', smallLocales(['en'])]);
      expect(js.stderr).to.include('[output-url]');
      // atom.xml and feed.json are missing: reported as missing, and counted apart from what was checked.
      expect(js.stderr).to.include('[output-missing]');
      expect(js.stdout).to.match(/1 documents checked in .*, 0 valid, 1 with errors; \d+ missing/);
    } finally {
      p.remove();
    }
  });

  it('strings import reads an XLIFF in the encoding it declares (ISO-8859-1), not as U+FFFD', function () {
    const p = tempProject();
    try {
      const exported = polyfeed(['strings', 'export', 'hu', '--locales', p.locales]);
      expect(exported.code).to.equal(0);
      const xml = exported.stdout.replace('encoding="utf-8"', 'encoding="ISO-8859-1"')
        .replace(/(<unit id="title">[\s\S]*?<target[^>]*>)[^<]*(<\/target>)/, '$1Szabad Európa Rádió – Café$2');
      const file = path.join(p.dir, 'hu.xlf');
      // Everything outside Latin-1 as a character reference, as a Latin-1 CAT tool writes it.
      const latin1 = xml.replace(/[^\u0000-\u00ff]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16)};`);
      writeFileSync(file, Buffer.from(latin1, 'latin1'));
      const r = polyfeed(['strings', 'import', file, '--locales', p.locales]);
      expect(r.code, r.stderr).to.equal(0);
      const title = JSON.parse(readFileSync(path.join(p.locales, 'hu', 'feed.json'), 'utf8')).title as string;
      expect(title).to.equal('Szabad Európa Rádió – Café');
    } finally {
      p.remove();
    }
  });
});
