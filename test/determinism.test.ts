/**
 * The same input and the same --now give the same bytes, whatever the machine: its time zone,
 * its language settings (which Node's Intl takes its defaults from), and the order in which
 * its file system lists files.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from '../src/index.js';
import { polyfeed, ROOT } from './support/cli.js';
import { snapshot, tempProject, type TempProject } from './support/fixtures.js';

const NOW = '2026-11-27T12:00:00Z';

const ENVIRONMENTS: Record<string, Record<string, string>> = {
  'Bishkek, Kyrgyz': { TZ: 'Asia/Bishkek', LANG: 'ky_KG.UTF-8', LC_ALL: 'ky_KG.UTF-8' },
  'UTC, C': { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
  "St John's, Persian": { TZ: 'America/St_Johns', LANG: 'fa_IR.UTF-8', LC_ALL: 'fa_IR.UTF-8' },
};

/** An article whose date is near midnight and near a daylight-saving change in St John's. */
const EDGE = `---
title: Late-night story
date: 2024-03-10T23:45:00-03:30
updated: 2024-11-03T01:30:00-02:30
authors: [RFE/RL]
categories: [central-asia]
---

Written just before midnight, 1,234.5 words long.
`;

type Bytes = Map<string, Buffer>;
const bytesOf = (dir: string): Bytes => new Map([...snapshot(dir)].map(([f, { bytes }]) => [f, bytes]));

function expectSameBytes(a: Bytes, b: Bytes, label: string): void {
  expect([...b.keys()].sort(), label).to.deep.equal([...a.keys()].sort());
  const differing = [...a].filter(([f, bytes]) => !b.get(f)!.equals(bytes)).map(([f]) => f);
  expect(differing, `${label}: files that differ`).to.deep.equal([]);
}

/** Every `<article-id>/<locale>.md` below `dir`, sorted. */
function contentFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((id) => readdirSync(path.join(dir, id)).sort().map((f) => `${id}/${f}`));
}

describe('determinism: the same bytes under any time zone and LANG', function () {
  this.timeout(120_000);
  let p: TempProject;
  const outs = new Map<string, Bytes>();

  before(function () {
    p = tempProject({ sampleContent: true });
    p.write('late-night-story/en.md', EDGE);
    for (const [name, env] of Object.entries(ENVIRONMENTS)) {
      const out = path.join(p.dir, `out-${Object.keys(ENVIRONMENTS).indexOf(name)}`);
      const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', out, '--now', NOW], { env });
      expect(r.code, `${name}: ${r.stderr}`).to.equal(0);
      outs.set(name, bytesOf(out));
    }
  });
  after(() => p?.remove());

  it('the three environments really differ for Node (time zone, default locale, calendar, digits)', function () {
    const seen = Object.values(ENVIRONMENTS).map((env) => {
      const r = spawnSync(process.execPath, ['-e', 'const o = Intl.DateTimeFormat().resolvedOptions(); console.log([o.timeZone, o.locale, o.calendar, (1234.5).toLocaleString(), new Date(0).getHours()].join(" "))'], {
        encoding: 'utf8', env: { ...process.env, ...env },
      });
      return r.stdout.trim();
    });
    expect(new Set(seen).size, seen.join(' | ')).to.equal(3);
    expect(seen[0]).to.match(/^Asia\/Bishkek ky/);
    expect(seen[2]).to.match(/^America\/St_Johns fa.* persian /);
  });

  it('gives 652 documents (87 locale feeds, 393 category feeds, 81 archive files, pages, OPML, style sheets), byte for byte the same, in all three', function () {
    const [first, ...rest] = [...outs];
    // The sample's 637, and the late-night article's month (2024-03) archived in en and its four fallback locales.
    expect(first![1].size).to.equal(652);
    for (const [name, bytes] of rest) expectSameBytes(first![1], bytes, `${first![0]} vs ${name}`);
  });

  it('the late-night article keeps its own offset and local date everywhere', function () {
    for (const [name, bytes] of outs) {
      const rss = bytes.get(path.join('en', 'rss.xml'))!.toString('utf8');
      expect(rss, name).to.include('<pubDate>Sun, 10 Mar 2024 23:45:00 -0330</pubDate>');
      const atom = bytes.get(path.join('en', 'atom.xml'))!.toString('utf8');
      expect(atom, name).to.include('<published>2024-03-10T23:45:00-03:30</published>');
    }
  });
});

describe('determinism: the order the file system lists files in does not matter', function () {
  this.timeout(120_000);
  let p: TempProject;
  let files: string[];

  before(function () {
    p = tempProject();
    files = contentFiles(path.join(ROOT, 'content'));
    expect(files.length).to.be.greaterThan(30);
  });
  after(() => p?.remove());

  /** Copies the sample content file by file, folders and files created in the given order. */
  const writeInOrder = (dir: string, order: string[]) => {
    mkdirSync(dir);
    for (const f of order) {
      mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
      writeFileSync(path.join(dir, f), readFileSync(path.join(ROOT, 'content', f)));
    }
  };

  it('content written in forward and in reverse order builds to the same bytes', function () {
    const forward = path.join(p.dir, 'content-forward');
    const reverse = path.join(p.dir, 'content-reverse');
    writeInOrder(forward, files);
    writeInOrder(reverse, [...files].reverse());
    // Where the file system keeps creation order, the two folders list differently.
    const outs = [forward, reverse].map((content, i) => {
      const out = path.join(p.dir, `out-${i}`);
      const r = polyfeed(['build', '--content', content, '--locales', p.locales, '--partners', p.partners, '--out', out, '--now', NOW]);
      expect(r.code, r.stderr).to.equal(0);
      return bytesOf(out);
    });
    expect(outs[0]!.size).to.equal(637);
    expectSameBytes(outs[0]!, outs[1]!, 'forward vs reverse');
  });

  it('the library API gives the same documents for files given in any order', async function () {
    const memory = files.map((f) => ({ path: f, text: readFileSync(path.join(ROOT, 'content', f), 'utf8') }));
    // Forward, reverse, and a fixed interleaving (odd positions first).
    const orders = [memory, [...memory].reverse(), [...memory.filter((_, i) => i % 2), ...memory.filter((_, i) => i % 2 === 0)]];
    const results = [];
    for (const order of orders) results.push(await build({ files: order, locales: p.locales, now: new Date(NOW) }));
    const texts = results.map((r) => {
      expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      return r.documents.map((d) => `${d.path}\n${d.text}`);
    });
    expect(texts[0]).to.have.length(637);
    expect(texts[1]).to.deep.equal(texts[0]);
    expect(texts[2]).to.deep.equal(texts[0]);
    // And the same diagnostics (warnings), in the same order.
    expect(results[1]!.diagnostics).to.deep.equal(results[0]!.diagnostics);
    expect(results[2]!.diagnostics).to.deep.equal(results[0]!.diagnostics);
  });
});
