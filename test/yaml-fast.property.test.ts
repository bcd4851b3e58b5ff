/** The front matter fast path must agree with the full YAML parser wherever it answers. */
import { expect } from 'chai';
import fc from 'fast-check';
import { parseSimpleYaml } from '../src/util/yaml-fast.js';
import { parseYamlSource } from '../src/util/yaml-source.js';

const full = (text: string) => {
  const r = parseYamlSource(text);
  return r.ok ? { ok: true, value: r.source.value } : { ok: false };
};

const scalarText = fc.oneof(
  fc.constantFrom('true', 'False', 'null', '~', '', '0o17', '0x1F', '-12', '+3.5', '.5', '1e3', '.inf', '-.Inf', '.nan', '2015-07-21T18:30:00+06:00', 'yes', 'no', 'on', '0', '00', '1_000', 'a: b', 'a #b', 'a#b', '#x', '- x', '-x', '[a', 'x]', "it's", 'say "hi"', 'RFE/RL', '«Азаттык»', 'فارسی', '👩🏽‍💻', '@x', '`x`', '%x', '&a', '*a', '!x', '|', '>', '?x', ':x', 'x:', ' x', 'x ', '\\n', '\\u0041', '\\x41', "''", '""'),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(
  scalarText,
  scalarText.map((s) => JSON.stringify(s)),
  scalarText.map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.array(scalarText, { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
  scalarText.map((s) => `"${s}"`),
  scalarText.map((s) => `'${s}'`),
  scalarText.map((s) => `${s} # comment`),
);
const key = fc.constantFrom('title', 'date', 'summary', 'categories', 'authors', 'draft', 'x-y', 'a_b');
const doc = fc.array(fc.tuple(key, value, fc.constantFrom(' ', '  ', '\t')), { maxLength: 6 })
  .map((lines) => lines.map(([k, v, sep]) => `${k}:${v === '' ? '' : sep}${v}`).join('\n') + '\n');

describe('front matter fast path', function () {
  it('gives the full YAML parser’s values wherever it answers (property)', function () {
    let answered = 0;
    fc.assert(
      fc.property(doc, (text) => {
        const fast = parseSimpleYaml(text);
        if (!fast) return;
        answered++;
        const reference = full(text);
        expect(reference.ok, `the full parser rejects what the fast path accepted: ${JSON.stringify(text)}`).to.equal(true);
        expect(fast.ok && fast.source.value, JSON.stringify(text)).to.deep.equal(reference.value);
      }),
      { numRuns: 3000 },
    );
    expect(answered).to.be.greaterThan(300);
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

  it('leaves nesting, block scalars, anchors and duplicate keys to the full parser', function () {
    for (const text of ['image:\n  url: x\n', 'summary: |\n  a\n', 'a: &x 1\nb: *x\n', 'title: a\ntitle: b\n', 'authors:\n  - a\n', 'title: "a\\x41"\n']) {
      expect(parseSimpleYaml(text), text).to.equal(undefined);
    }
  });
});
