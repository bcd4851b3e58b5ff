/**
 * The front matter fast path must agree with the full YAML parser wherever it answers, in
 * values and in every position `locate` gives, and must answer for the front matter editors
 * and the benchmark generator write.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitFrontMatter } from '../src/content/frontmatter.js';
import { parseSimpleYaml } from '../src/util/yaml-fast.js';
import { parseYamlSource } from '../src/util/yaml-source.js';
import { generate } from './bench/bench.js';
import { ROOT } from './support/cli.js';

type Path = (string | number)[];

/** Every path to a value, the root included, and a few that lead nowhere. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix, [...prefix, 'url'], [...prefix, 0], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** A value's text with its keys in order and -0, NaN and ±Infinity told apart. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? `${Object.is(v, -0) ? '-0' : String(v)}#` : v));
}

/** Asserts that the fast path, where it answers `text`, gives the full parser's value and positions; returns whether it answered. */
function agreesWithFull(text: string, lineOffset = 0): boolean {
  const fast = parseSimpleYaml(text, lineOffset);
  if (!fast) return false;
  const full = parseYamlSource(text, lineOffset);
  const shown = JSON.stringify(text);
  expect(full.ok, `the full parser rejects what the fast path accepted: ${shown}`).to.equal(true);
  if (!fast.ok || !full.ok) return true;
  expect(exact(fast.source.value), shown).to.equal(exact(full.source.value));
  expect(fast.source.value, shown).to.deep.equal(full.source.value);
  for (const p of paths(full.source.value)) {
    for (const options of [{}, { key: true }]) {
      expect(fast.source.locate(p, options), `${shown} at ${JSON.stringify(p)} ${JSON.stringify(options)}`).to.deep.equal(full.source.locate(p, options));
    }
  }
  return true;
}

const scalarText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(
    'true', 'False', 'TRUE', 'tRUE', 'null', 'Null', '~', '', '0o17', '0o8', '0x1F', '0x', '-12', '+3.5', '.5', '1e3', '1.5E+3', '-0', '-0.0', '+0', '0.',
    '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '2015-07-21T18:30:00+06:00', 'yes', 'no', 'on', '0', '00', '007', '1_000', '12345678901234567890123',
    'a: b', 'a:b', 'a::b', 'a:', 'a :', 'a #b', 'a#b', '#x', '- x', '-x', '--x', '-', '-[', '-:', '[a', 'x]', '{a}', 'a, b', "it's", 'say "hi"',
    'RFE/RL', 'https://gdb.rferl.org/a.jpg?w=1#top', 'image/jpeg', 'Doe, Jane', 'Jane #1', '«Азаттык»', '„Че“', 'فارسی', 'رئیس\u200cجمهور', '۲۰۲۴',
    'Ղրղզստան։', '👩🏽‍💻', '😀', '@x', '`x`', '%x', '&a', '*a', '!x', '!!str x', '|', '>', '?x', '? x', ':x', 'x:', ' x', 'x ', 'a\u00a0', '\u00a0a',
    '\u3000', 'a\u2003', '\u200b', 'a\tb', '\\n', '\\u0041', '\\ud83d\\ude00', '\\x41', '\\/', '\\"', '\\', "''", '""', "a''b", '...', '---', '--- x',
  ) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
const flowItem = fc.oneof(
  scalarText,
  scalarText.map((s) => JSON.stringify(s)),
  scalarText.map((s) => `'${s.replace(/'/g, "''")}'`),
  scalarText.map((s) => `"${s}"`),
);
const flowList = fc.tuple(fc.array(flowItem, { maxLength: 4 }), fc.constantFrom(', ', ',', ' , ', ',  ', ',\t'), fc.constantFrom('', ' ', '  '))
  .map(([xs, sep, pad]) => `[${pad}${xs.join(sep)}${pad}]`);
/** What may follow a value on its line. */
const trailer = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', '', '', ' ', '  ', '\t', ' # comment', '  #c', '\t# c', ' #') },
  { weight: 1, arbitrary: fc.constantFrom('#x', ' x', ': x', ',', ']') },
);
/** Values the fast path should answer for (or close to them), so that whole blocks of them get through. */
const likelyScalar = fc.constantFrom(
  'Jane Doe', 'RFE/RL', '«Азаттык»', 'https://gdb.rferl.org/a.jpg', 'image/jpeg', '48213', '-7', '0x1F', '1e3', 'true', 'null', '~', 'a:b', 'Doe, Jane',
  "it's", 'Ղրղզստան։', '😀 x', 'a\u00a0', '-0', '.5',
);
const likelyValue = fc.tuple(
  fc.oneof(likelyScalar, likelyScalar.map((s) => JSON.stringify(s)), likelyScalar.map((s) => `'${s.replace(/'/g, "''")}'`),
    fc.tuple(fc.array(fc.oneof(likelyScalar.filter((s) => !/[,:]/.test(s)), likelyScalar.map((s) => JSON.stringify(s))), { maxLength: 3 }),
      fc.constantFrom(', ', ',', ' , ')).map(([xs, sep]) => `[${xs.join(sep)}]`)),
  fc.constantFrom('', '', '', ' ', '\t', ' # c', '\t#c', '  # a: [b'),
).map(([v, t]) => v + t);
/** A value written on the line of its key or dash, answerable or not. */
const anyValue = fc.tuple(
  fc.oneof(
    { weight: 3, arbitrary: scalarText },
    { weight: 2, arbitrary: scalarText.map((s) => JSON.stringify(s)) },
    { weight: 2, arbitrary: scalarText.map((s) => `'${s.replace(/'/g, "''")}'`) },
    { weight: 1, arbitrary: scalarText.map((s) => `"${s}"`) },
    { weight: 1, arbitrary: scalarText.map((s) => `'${s}'`) },
    { weight: 2, arbitrary: flowList },
  ),
  trailer,
).map(([v, t]) => v + t);

/** How far a line is put askew of its block's indentation (noisy documents only, and mostly not at all). */
const SKEW = fc.oneof({ weight: 20, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1, 2));

interface Line {
  /** Leading spaces, as a number so that the line can be put askew. */
  indent: number;
  text: string;
}

/**
 * Front matter documents of top-level entries: values on the key's line, keys with nothing
 * after them, block lists (of scalars and of one-level mappings, the dash at any column)
 * and nested mappings, with blank and comment lines slipped in and LF or CRLF line ends.
 * `noisy` documents also hold what the fast path must leave to the full parser (odd values,
 * tabs, askew lines, tags, anchors …); clean ones hold only what it should answer, but for
 * the odd duplicate key.
 */
function documents(noisy: boolean): fc.Arbitrary<string> {
  /** Picks `rare` once in `1 + often` when noisy, never when clean. */
  const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, often = 8) =>
    (noisy ? fc.oneof({ weight: often, arbitrary: usual }, { weight: 1, arbitrary: rare }) : usual);
  const inlineValue = noisy ? fc.oneof({ weight: 2, arbitrary: likelyValue }, { weight: 3, arbitrary: anyValue }) : likelyValue;
  /** Values inside blocks, where one bad value loses the whole document: mostly likely ones. */
  const blockValue = mostly(likelyValue, anyValue, 4);
  const separator = mostly(fc.constantFrom(' ', ' ', ' ', ' ', ' ', '  ', '\t'), fc.constantFrom('\t ', ' \t'));
  const topKey = mostly(
    fc.constantFrom('title', 'date', 'summary', 'categories', 'authors', 'draft', 'image', 'url', 'x-y', 'a_b', 'A1', 'translationOf', 'constructor'),
    fc.constantFrom('true', 'Null', '_x', '1a', 'k'.repeat(200), 'k'.repeat(1100), '"q"', 'a b'),
  );
  const innerKey = mostly(
    fc.constantFrom('url', 'alt', 'name', 'type', 'length', 'email', 'toString', 'width', 'height', 'A-b'),
    fc.constantFrom('false', 'NULL', '_y', "'q'", 'a b', 'k'.repeat(1100)),
  );
  /** After a key with nothing after it: whitespace, a comment, or nothing. */
  const emptyTrailer = mostly(fc.constantFrom('', '', '', '', '', ' ', '  ', '\t', ' # c', '   # c', '\t# c'), fc.constantFrom('#c', ' x'));
  /** `key: value` or `key:` (null), as written inside a nested or list-item mapping. */
  const innerEntry = fc.tuple(innerKey, separator, fc.option(blockValue, { freq: 6 }), emptyTrailer)
    .map(([k, sep, v, empty]) => (v === null ? `${k}:${empty}` : `${k}:${sep}${v}`));
  const skew = noisy ? SKEW : fc.constant(0);

  const listItem = fc.oneof(
    { weight: 6, arbitrary: blockValue.map((v) => ({ first: v, rest: [] as { skew: number; text: string }[] })) },
    { weight: 4, arbitrary: fc.tuple(innerEntry, fc.array(fc.tuple(skew, innerEntry), { maxLength: 3 }))
      .map(([first, rest]) => ({ first, rest: rest.map(([skew, text]) => ({ skew, text })) })) },
  );
  const blockList: fc.Arbitrary<Line[]> = fc.tuple(
    fc.constantFrom(0, 0, 1, 2, 2, 2, 3, 4),
    mostly(fc.constantFrom(' ', ' ', ' ', ' ', '  ', '   '), fc.constant('\t')),
    fc.array(mostly(listItem, fc.constantFrom('', '# c', '-', '- x', '[a]: b', '? x').map((v) => ({ first: v, rest: [] }))), { minLength: 1, maxLength: 4 }),
    fc.array(skew, { minLength: 4, maxLength: 4 }),
  ).map(([indent, dash, items, skews]) => items.flatMap((item, i) => [
    { indent: Math.max(0, indent + skews[i]!), text: `-${dash}${item.first}` },
    ...item.rest.map((r) => ({ indent: Math.max(0, indent + 1 + dash.length + r.skew), text: r.text })),
  ]));
  const nestedMap: fc.Arbitrary<Line[]> = fc.tuple(fc.constantFrom(1, 2, 2, 2, 3, 4), fc.array(fc.tuple(skew, innerEntry), { minLength: 1, maxLength: 4 }))
    .map(([indent, entries]) => entries.map(([skew, text]) => ({ indent: Math.max(0, indent + skew), text })));

  const topEntry = mostly(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(topKey, separator, inlineValue).map(([k, sep, v]) => [{ indent: 0, text: `${k}:${sep}${v}` }]) },
      { weight: 1, arbitrary: fc.tuple(topKey, emptyTrailer).map(([k, t]) => [{ indent: 0, text: `${k}:${t}` }]) },
      { weight: 4, arbitrary: fc.tuple(topKey, emptyTrailer, fc.oneof(blockList, nestedMap))
        .map(([k, t, block]) => [{ indent: 0, text: `${k}:${t}` }, ...block]) },
    ),
    fc.constantFrom('- x', '"q": 1', 'k: a\n  b', 'k: &a x', 'k: *a', 'k: !t x', 'k: |', 'k: >-', 'k: {a: 1}', 'k: "a', ' k: x', '---', '? k', '%YAML 1.2')
      .map((text) => [{ indent: 0, text }]),
  );
  /** Blank and comment lines slipped in between other lines. */
  const filler = mostly(fc.constantFrom('', '  ', '# comment', '#', '  # indented comment', '      #deep', ' # x: [y'), fc.constantFrom(' \t', '\t# c', '\t'));

  return fc.tuple(
    fc.array(topEntry, { maxLength: noisy ? 5 : 4 }),
    fc.array(fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: filler }), { minLength: 40, maxLength: 40 }),
    fc.constantFrom('\n', '\n', '\r\n'),
    fc.constantFrom(0, 1, 1, 1, 2),
  ).map(([entries, fillers, eol, end]) => {
    const out: string[] = [];
    entries.flat().forEach((l, i) => {
      const f = fillers[i % fillers.length];
      if (f !== null && f !== undefined) out.push(f);
      out.push(' '.repeat(l.indent) + l.text);
    });
    return out.join(eol) + eol.repeat(end);
  });
}

/** Front matter shaped as the benchmark generator (`../shared/bench/gen.mjs`) writes it, in the scripts of its locales. */
const WORDS = [
  'government', 'said', 'RFE/RL', 'правительство', 'заявил', 'өкмөт', 'ҳукумат', 'hökümet', 'ükümet', 'Qırım', 'hökumət', 'կառավարություն', 'հայտարարել է',
  'მთავრობა', 'دولت', 'رئیس\u200cجمهور', 'بین\u200cالمللی', 'حکومت', 'ولسمشر', 'qeveria', 'marrëveshja', 'vlada', 'džamija', 'влада', 'ѕид', 'guvernul',
  'Chișinău', 'правителството', 'kormány', 'Magyarország', 'İnsan', 'gʻalla', 'ГӀала', '۲۰۲۴', '2014',
];
const NAMES = ['Ana Kovač', 'Bruce Pannier', 'Алексей Иванов', 'Нурлан Жумабаев', 'احمد رحیمی', 'გიორგი ბერიძე', 'Արամ Հովհաննիսյան', 'Zoltán Szabó'];
const CATEGORIES = ['politics', 'human-rights', 'central-asia', 'war-in-ukraine', 'media-freedom', 'economy'];
const timestamp = fc.tuple(fc.integer({ min: 2012, max: 2024 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 10, max: 28 }),
  fc.constantFrom('-05:00', '+03:00', '+06:00', '+03:30', '+04:30', '+01:00'))
  .map(([y, m, d, tz]) => `${y}-${String(m).padStart(2, '0')}-${d}T18:30:00${tz}`);
const sentence = fc.tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 5, maxLength: 18 }), fc.constantFrom('', '«»', '„“', '“”'),
  fc.constantFrom('.', '։', '؟', '.'), fc.constantFrom('', ',', '،'))
  .map(([w, quotes, stop, comma]) => {
    const s = w.map((x, i) => (i === 2 ? x + comma : x)).join(' ');
    return (quotes ? quotes[0] + s + quotes[1] : s) + stop;
  });
const benchmarkFrontMatter = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 5, maxLength: 11 }).map((w) => w.join(' ')),
  date: timestamp,
  updated: fc.option(timestamp, { freq: 3 }),
  authors: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }),
  categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 3 }),
  summary: sentence,
  translationOf: fc.option(fc.constantFrom('en', 'ru', 'uz-Latn', 'fa-AF', 'sr-Latn', 'ro-MD'), { nil: null }),
}).map((f) => [
  `title: ${JSON.stringify(f.title)}`, `date: ${f.date}`, ...(f.updated ? [`updated: ${f.updated}`] : []), 'authors:', ...f.authors.map((a) => `  - ${a}`),
  `categories: [${f.categories.join(', ')}]`, `summary: ${JSON.stringify(f.summary)}`, ...(f.translationOf ? [`translationOf: ${f.translationOf}`] : []), '',
].join('\n'));

/** Front matter as editors write it: block lists, nested image fields, comments, CRLF. */
const EDITORS = [
  'title: Kyrgyzstan Ends U.S. Cooperation Agreement\nauthors:\n  - Jane Doe\n  - "Doe, John"\n  # the desk\n\n  - \'RFE/RL\'\n',
  'image:\n  url: https://gdb.rferl.org/a.jpg\n  alt: "Azimjon Askarov: an undated photo"\n  type: image/jpeg\n  length: 48213 # bytes\n',
  'authors:\n- Jane Doe\n- RFE/RL\ncategories: [kyrgyzstan, "human-rights"]\n',
  'authors:\n  - name: Bruce Pannier\n    url: https://www.rferl.org/author/bruce-pannier\n    email: pannierb@rferl.org\n  - RFE/RL\n',
  '# written by the desk\r\ntitle: \'It\'\'s done\'\r\ndraft: false\r\nimage:\r\n    alt: Фото без даты\r\n',
];

describe('front matter fast path', function () {
  for (const noisy of [false, true]) {
    it(`gives the full YAML parser’s values and positions wherever it answers (property, ${noisy ? 'noisy' : 'clean'} documents)`, function () {
      let answered = 0;
      let blocks = 0;
      const runs = 3000;
      fc.assert(
        fc.property(documents(noisy), fc.constantFrom(0, 1), (text, lineOffset) => {
          if (!agreesWithFull(text, lineOffset)) return;
          answered++;
          if (text.split('\n').some((l) => /^(?: *- | +[A-Za-z])/.test(l))) blocks++;
        }),
        { numRuns: runs },
      );
      // The generators mean to keep both sides of the line well covered.
      expect(answered, 'documents answered').to.be.greaterThan(runs * (noisy ? 0.15 : 0.6));
      expect(blocks, 'answered documents with a block under a key').to.be.greaterThan(runs * (noisy ? 0.04 : 0.3));
    });
  }

  it('answers for ≥ 99 % of front matter shaped as the benchmark corpus, the bundled sample and `npm run bench` write', function () {
    const corpora: Record<string, string[]> = {
      'benchmark corpus': fc.sample(benchmarkFrontMatter, { numRuns: 1000, seed: 42 }),
      'editors’ shapes': EDITORS,
    };
    const split = (file: string) => {
      const s = splitFrontMatter(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      if (!('yaml' in s)) throw new Error(`${file}: ${s.problem}`);
      return s.yaml;
    };
    const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => path.join(e.parentPath, e.name));
    corpora['content/'] = files(path.join(ROOT, 'content')).map(split);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-yaml-'));
    try {
      generate(dir, 20);
      corpora['npm run bench'] = files(dir).map(split);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const [name, texts] of Object.entries(corpora)) {
      const answered = texts.filter((t) => agreesWithFull(t, 1)).length;
      expect(answered / texts.length, `${name}: ${answered} of ${texts.length}`).to.be.at.least(name === 'editors’ shapes' ? 1 : 0.99);
    }
  });

  it('answers for the sample’s shapes and points at values and keys', function () {
    const r = parseSimpleYaml('title: "Q: \\"A\\""\ndate: 2015-07-21T18:30:00+06:00\ncategories: [kyrgyzstan, human-rights]\ndraft: true\n', 1)!;
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.source.value).to.deep.equal({ title: 'Q: "A"', date: '2015-07-21T18:30:00+06:00', categories: ['kyrgyzstan', 'human-rights'], draft: true });
    expect(r.source.locate(['date'])).to.deep.equal({ line: 3, column: 7 });
    expect(r.source.locate(['categories'], { key: true })).to.deep.equal({ line: 4, column: 1 });
    expect(r.source.locate(['categories', 1])).to.deep.equal({ line: 4, column: 26 });
  });

  it('answers for block lists, nested mappings and list items that are mappings, with their positions', function () {
    const text = 'authors:\n  - Jane Doe\n  - name: A\n    url: https://a.example\nimage:\n  alt: "x"\n  length: 48213\n';
    const r = parseSimpleYaml(text, 1)!;
    expect(r?.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.source.value).to.deep.equal({ authors: ['Jane Doe', { name: 'A', url: 'https://a.example' }], image: { alt: 'x', length: 48213 } });
    expect(r.source.locate(['authors'])).to.deep.equal({ line: 3, column: 3 });
    expect(r.source.locate(['authors', 1])).to.deep.equal({ line: 4, column: 5 });
    expect(r.source.locate(['authors', 1, 'url'])).to.deep.equal({ line: 5, column: 10 });
    expect(r.source.locate(['authors', 1, 'url'], { key: true })).to.deep.equal({ line: 5, column: 5 });
    expect(r.source.locate(['image', 'alt'])).to.deep.equal({ line: 7, column: 8 });
    expect(r.source.locate(['image', 'alt'], { key: true })).to.deep.equal({ line: 7, column: 3 });
    expect(agreesWithFull(text, 1)).to.equal(true);
  });

  it('leaves deeper nesting, block scalars, anchors, tags, flow mappings, tabs, askew indentation and duplicate keys to the full parser', function () {
    for (const text of [
      'summary: |\n  a\n', 'summary: >-\n  a\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'title: a\ntitle: b\n', 'image:\n  url: a\n  url: b\n',
      'authors:\n  - name: a\n    name: b\n', 'title: "a\\x41"\n', 'title: a\n  b\n', 'title: "a\n  b"\n', 'image: {url: x}\n', 'authors: [{name: a}]\n',
      'image:\n\turl: x\n', 'authors:\n\t- a\n', 'authors:\n  -\ta\n', 'image:\n  url: x\n   alt: y\n', 'image:\n   url: x\n  alt: y\n',
      'authors:\n  - a\n   - b\n', 'authors:\n  - name: a\n     url: b\n', 'image:\n  size:\n    w: 1\n', 'authors:\n  - - a\n', 'authors:\n  -\n',
      'authors:\n  - a\n  b: 1\n', 'image:\n  url: x\n  - a\n', 'title: a\u2028b\n', 'title: a\rb\n', '\ufefftitle: a\n', 'true: 1\n', 'title: [a, ]\n',
    ]) {
      expect(parseSimpleYaml(text), JSON.stringify(text)).to.equal(undefined);
    }
  });

  it('takes time linear in the input: 5 MB on one line, 100,000 list items', function () {
    this.timeout(60_000);
    const big = 'x'.repeat(5_000_000);
    const texts = [
      `title: ${big}\n`, `title: "${big}"\n`, `title: '${big}'\n`, `title: "${'\\\\'.repeat(2_500_000)}"\n`, `title: '${"''".repeat(2_500_000)}'\n`,
      `title: "${'\\\\'.repeat(2_500_000)}\n`, `title: ${' #'.repeat(2_500_000)}x\n`, `title: ${'a:'.repeat(2_500_000)}b\n`,
      `title: ${'a '.repeat(2_500_000)}\n`,
      `categories: [${'a, '.repeat(1_000_000)}b]\n`, `categories: [${'"a", '.repeat(1_000_000)}\n`, `title:${' '.repeat(5_000_000)}x\n`,
      `title: ${'1'.repeat(5_000_000)}x\n`, `title: .${'1'.repeat(5_000_000)}e\n`, `title: ${'a#'.repeat(2_500_000)}\n`, `${'k'.repeat(5_000_000)}: x\n`,
      `authors:\n${'  - Jane Doe\n'.repeat(100_000)}`, `authors:\n${'  - name: A\n    url: https://a.example\n'.repeat(50_000)}`,
      `authors:\n${'  - Jane Doe\n'.repeat(100_000)}  -\n`, `${'#\n'.repeat(1_000_000)}title: x\n`,
    ];
    for (const text of texts) {
      // Processor time, not the clock's: other work on the machine must not fail the test.
      const start = process.cpuUsage();
      parseSimpleYaml(text);
      const { user, system } = process.cpuUsage(start);
      expect((user + system) / 1000, `ms for ${JSON.stringify(text.slice(0, 40))}…`).to.be.below(1000);
    }
    const r = parseSimpleYaml(`authors:\n${'  - Jane Doe\n'.repeat(100_000)}`);
    expect(r?.ok && (r.source.value as { authors: string[] }).authors.length).to.equal(100_000);
  });

  it('gives a scalar as written wherever the full parser does (title: 1984, summary: 0x1F, an unquoted hash)', function () {
    const text = 'title: 1984\nsummary: 0x1F\nsourceHash: 0183e1784102\nn: 1e400\nq: "quoted"\nimage:\n  alt: 007\nauthors:\n  - 12\n  - Jane\n';
    const fast = parseSimpleYaml(text);
    const full = parseYamlSource(text);
    if (!fast?.ok || !full.ok) throw new Error('both parsers must read this');
    for (const p of [['title'], ['summary'], ['sourceHash'], ['n'], ['q'], ['image', 'alt'], ['authors', 0], ['authors', 1], ['image'], ['nope']]) {
      expect(fast.source.literal(p), p.join('.')).to.equal(full.source.literal(p));
    }
    expect(fast.source.literal(['sourceHash'])).to.equal('0183e1784102');
  });
});
