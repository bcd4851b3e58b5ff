/**
 * The cache folder is only an optimisation: with it, without it, after any damage to it, and
 * shared by two projects, a build publishes the same bytes. Run through the real CLI (and the
 * library API where two builds must interleave); outputs compared byte for byte.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBuildIndex } from '../src/content/index-cache.js';
import { listContentDir } from '../src/content/scan.js';
import { build, publish } from '../src/index.js';
import { polyfeed } from './support/cli.js';
import { article, smallLocales, snapshot, tempProject, type TempProject } from './support/fixtures.js';

const NOW = '2026-11-27T12:00:00Z';

/** Every published file's bytes (no modification times): what readers get. */
const bytesOf = (dir: string) => new Map([...snapshot(dir)].map(([k, v]) => [k, v.bytes.toString('base64')]));

/** Every file below `dir`, relative, recursively. */
function filesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

describe('the cache folder changes nothing but the time a build takes', function () {
  let p: TempProject;
  let cache: string;
  let expected: Map<string, string>;
  const run = (out: string, ...extra: string[]) => {
    const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--out', out, '--now', NOW, ...extra]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.not.match(/polyfeed bug|cache/i);
    return r;
  };
  const withCache = (out: string) => run(out, '--cache', cache);

  before(function () {
    p = tempProject({ sampleContent: true });
    cache = path.join(p.dir, 'cache');
    run(path.join(p.dir, 'reference'), '--no-cache');
    expected = bytesOf(path.join(p.dir, 'reference'));
    expect(expected.size).to.be.greaterThan(500);
  });
  after(() => p.remove());

  it('a cold cache, then a warm one: the same bytes as without, and the warm build writes nothing', function () {
    withCache(p.out);
    expect(bytesOf(p.out)).to.deep.equal(expected);
    const warm = withCache(p.out);
    expect(warm.stdout).to.match(/\(0 written, \d+ unchanged\)/);
    expect(bytesOf(p.out)).to.deep.equal(expected);
  });

  // Each damage is done to a warm cache, then a build into a fresh out/ must give the same bytes.
  // A build whose inputs are all unchanged reuses the last build's summary and reads no index:
  // the index damages remove that summary, so that the next build plans from the index.
  const noSummary = () => rmSync(path.join(cache, 'last-build.json'));
  const damages: [string, (files: string[]) => void][] = [
    ['the last build\'s summary truncated', () => writeFileSync(path.join(cache, 'last-build.json'), '{"key": "')],
    ['the last build\'s summary from another version', () => {
      const s = JSON.parse(readFileSync(path.join(cache, 'last-build.json'), 'utf8'));
      writeFileSync(path.join(cache, 'last-build.json'), JSON.stringify({ ...s, key: 'an older polyfeed' }));
    }],
    ['every stored document\'s texts removed', (files) => {
      for (const f of files.filter((f) => f.endsWith('.texts.gz'))) rmSync(path.join(cache, f));
    }],
    ['stored texts that are not gzip', (files) => {
      for (const f of files.filter((f) => f.endsWith('.texts.gz'))) writeFileSync(path.join(cache, f), 'not gzip');
    }],
    ['stored texts changed in place, the same size', (files) => {
      for (const f of files.filter((f) => f.endsWith('.texts.gz'))) {
        const bytes = readFileSync(path.join(cache, f));
        bytes.fill(0x41, 20);
        writeFileSync(path.join(cache, f), bytes);
      }
    }],
    ['document entries that are not JSON', (files) => {
      for (const f of files.filter((f) => f.startsWith(`documents${path.sep}`) && f.endsWith('.json'))) writeFileSync(path.join(cache, f), '{');
    }],
    ['rendered HTML truncated, and no documents to reuse', (files) => {
      for (const f of files.filter((f) => f.startsWith(`html${path.sep}`))) writeFileSync(path.join(cache, f), '{"html": "<p>');
      rmSync(path.join(cache, 'documents'), { recursive: true });
      rmSync(path.join(cache, 'last-build.json'));
    }],
    ['the content index emptied', (files) => {
      for (const f of files.filter((f) => f.startsWith(`content-index${path.sep}`))) writeFileSync(path.join(cache, f), '');
      noSummary();
    }],
    ['content index shards swapped, and one from another version', (files) => {
      const shards = files.filter((f) => f.startsWith(`content-index${path.sep}`)).map((f) => path.join(cache, f));
      const texts = shards.map((f) => readFileSync(f));
      shards.forEach((f, i) => writeFileSync(f, texts[(i + 1) % texts.length]!));
      const [header, ...rest] = readFileSync(shards[0]!, 'utf8').split('\n');
      writeFileSync(shards[0]!, [JSON.stringify({ ...JSON.parse(header!), code: 'an older polyfeed' }), ...rest].join('\n'));
      noSummary();
    }],
    ['a content index shard changed in place to other valid JSON, the same size', (files) => {
      for (const f of files.filter((f) => f.startsWith(`content-index${path.sep}`))) {
        const text = readFileSync(path.join(cache, f), 'utf8');
        // Every date moved about 30 years on: the records are still well formed.
        writeFileSync(path.join(cache, f), text.replace(/"epochMs":1/g, '"epochMs":2'));
      }
      noSummary();
    }],
    ['a content index shard that is a folder', (files) => {
      const shard = path.join(cache, files.find((f) => f.startsWith(`content-index${path.sep}`))!);
      rmSync(shard);
      mkdirSync(shard);
      noSummary();
    }],
    ['the whole folder a file', () => {
      rmSync(cache, { recursive: true, force: true });
      writeFileSync(cache, 'not a folder');
    }],
  ];
  for (const [what, damage] of damages) {
    it(`${what}: rebuilt silently, the same bytes`, function () {
      rmSync(cache, { recursive: true, force: true });
      withCache(path.join(p.dir, 'warmup'));
      damage(filesIn(cache));
      const out = path.join(p.dir, `out-${damages.findIndex(([w]) => w === what)}`);
      withCache(out);
      expect(bytesOf(out)).to.deep.equal(expected);
      rmSync(out, { recursive: true, force: true });
    });
  }

  it('an edited article: the warm build publishes what a build without the cache does, and the index keeps every other record', async function () {
    rmSync(cache, { recursive: true, force: true });
    const out = path.join(p.dir, 'edited');
    withCache(out);
    const file = path.join(p.content, 'reading-rferl-when-blocked', 'en.md');
    const before = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${before}\nA sentence added by an editor.\n`);
      const shards = () => new Map(filesIn(cache).filter((f) => f.startsWith(`content-index${path.sep}`)).map((f) => [f, statSync(path.join(cache, f)).mtimeMs]));
      const shardsBefore = shards();
      expect(shardsBefore.size).to.equal(64);
      const r = withCache(out);
      expect(r.stdout).to.match(/\([1-9]\d* written/);
      // One file read again: only the index shard that holds its record is written again.
      const shardsAfter = shards();
      expect([...shardsAfter].filter(([f, t]) => shardsBefore.get(f) !== t)).to.have.lengthOf(1);
      // The shard written again kept the records of its files that were not read again: the
      // next build finds every file in the index.
      const { entries } = await listContentDir(p.content);
      const index = openBuildIndex(cache);
      expect(entries.filter((e) => !index.get(e)).map((e) => e.display)).to.deep.equal([]);
      expect(index.hits).to.equal(entries.length);
      run(path.join(p.dir, 'edited-reference'), '--no-cache');
      expect(bytesOf(out)).to.deep.equal(bytesOf(path.join(p.dir, 'edited-reference')));
      expect(readFileSync(path.join(out, 'en', 'feed.json'), 'utf8')).to.include('A sentence added by an editor.');
    } finally {
      writeFileSync(file, before);
    }
  });
});

describe('two projects sharing one cache folder', function () {
  it('a build of one, then of the other, then the first publishes what it built: its texts are still there', async function () {
    const a = tempProject({ sampleContent: true });
    const b = tempProject();
    try {
      b.write('other-story/en.md', '---\ntitle: Another newsroom\ndate: 2026-01-05T10:00:00Z\n---\n\nSomething else.\n');
      const cacheDir = path.join(a.dir, 'shared-cache');
      const now = new Date(NOW);
      const first = await build({ content: a.content, locales: a.locales, cacheDir, now });
      const reference = await build({ content: a.content, locales: a.locales, now });
      // Warm: its documents come from the cache, their texts read only when published.
      const warm = await build({ content: a.content, locales: a.locales, cacheDir, now });
      expect(warm.documents.length).to.equal(first.documents.length);
      // Another project builds with the same cache folder (and prunes what it does not use)…
      const other = await build({ content: b.content, locales: b.locales, cacheDir, now });
      expect(other.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      // …and the first project's publish still has every text.
      await publish(warm.documents, a.out);
      const published = new Map(warm.documents.map((d) => [d.path, readFileSync(path.join(a.out, d.path), 'utf8')]));
      expect(published).to.deep.equal(new Map(reference.documents.map((d) => [d.path, d.text])));
    } finally {
      a.remove();
      b.remove();
    }
  });
});

describe('what an edit renders again', function () {
  it('one edited translation renders that one body: the site lists every feed by its title and date, and renders none', async function () {
    const p = tempProject();
    const locales = smallLocales(['en', 'ru', 'uk']);
    try {
      p.write('a/en.md', article({ title: 'A', date: '2024-05-01T10:00:00+02:00' }));
      p.write('b/en.md', article({ title: 'B', date: '2024-05-02T10:00:00+02:00' }));
      p.write('b/ru.md', article({ title: 'Б', date: '2024-05-02T10:00:00+02:00', translationOf: 'en' }));
      p.write('c/uk.md', article({ title: 'В', date: '2024-05-03T10:00:00+02:00' }));
      const cacheDir = path.join(p.dir, 'cache');
      const opts = { content: p.content, locales, cacheDir, now: new Date(NOW) };
      expect((await build(opts)).diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      await new Promise((r) => setTimeout(r, 20));
      p.write('b/ru.md', article({ title: 'Б', date: '2024-05-02T10:00:00+02:00', translationOf: 'en' }, 'Исправленный текст.\n'));
      const stages: Record<string, number> = {};
      const r = await build({ ...opts, progress: (s) => Object.assign(stages, s.stage === 'render' ? { rendered: s.items } : s.stage === 'documents' ? { made: s.made } : {}) });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      // Made again: the ru feed and page, and the site, whose OPML dates every feed; one body rendered.
      expect(stages.rendered).to.equal(1);
      expect(r.documents.find((d) => d.path === 'ru/feed.json')!.text).to.include('Исправленный текст.');
      const fresh = await build({ content: p.content, locales, now: new Date(NOW) });
      const texts = (docs: typeof r.documents) => new Map(docs.map((d) => [d.path, d.text]));
      expect(texts(r.documents)).to.deep.equal(texts(fresh.documents));
    } finally {
      p.remove();
      rmSync(locales, { recursive: true, force: true });
    }
  });
});

describe('messages of files read from the build index', function () {
  it('name the same file, line and column as when the file was read: field positions survive the index', function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-index-messages-'));
    try {
      const content = path.join(dir, 'content');
      mkdirSync(path.join(content, 'a-story'), { recursive: true });
      writeFileSync(path.join(content, 'a-story', 'en.md'), article({ categories: '[politics]' }));
      // The error is placed at the value of translationOf: line 5 (after ---, title, date, summary), column 16.
      writeFileSync(path.join(content, 'a-story', 'ru.md'), article({ title: 'Заголовок', summary: 'Коротко.', translationOf: 'de' }));
      const locales = smallLocales(['en', 'ru']);
      const cache = path.join(dir, 'cache');
      const run = () => polyfeed(['build', '--content', content, '--locales', locales, '--out', path.join(dir, 'out'), '--now', NOW, '--cache', cache]);
      const first = run();
      expect(first.code).to.equal(1);
      expect(first.stderr).to.match(/a-story\/ru\.md:5:16: error: .*\[translation-of\]/);
      expect(readdirSync(path.join(cache, 'content-index'))).to.have.lengthOf(64);
      // The record the second build reads keeps the places as written in the file.
      const stored = readdirSync(path.join(cache, 'content-index')).map((f) => readFileSync(path.join(cache, 'content-index', f), 'utf8')).find((t) => t.includes('ru.md'))!;
      expect(stored).to.include('translationOf=5,1,5,16');
      const second = run();
      expect(second.code).to.equal(1);
      expect(second.stderr).to.equal(first.stderr);
      rmSync(locales, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
