/**
 * JSON files (the registry, the interface strings) are read with JSON.parse; a key given twice
 * in one object is refused by a scan of the text; positions come from the YAML parser only when
 * a message needs one. Compared, on generated JSON texts, with what the YAML parser alone
 * (which read these files before) says: the same values, the same texts refused, the same places.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { keyGivenTwice, parseJsonSource } from '../src/util/json-source.js';
import { parseYamlSource } from '../src/util/yaml-source.js';

/** JSON texts whose objects may repeat a key, with random spacing, escapes and non-ASCII keys. */
const key = fc.oneof(fc.constantFrom('a', 'b', 'title', 'ky', 'x"y', 'ü', 'Қазақша', 'a\\b', '\u0000'), fc.string({ maxLength: 4 }));
const space = fc.constantFrom('', ' ', '\n  ', '\t');
const jsonText: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)),
    fc.array(tie('v'), { maxLength: 4 }).chain((items) => space.map((s) => `[${s}${items.join(`,${s}`)}${s}]`)),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 5 }).chain((pairs) => space.map((s) => `{${s}${pairs.map(([k, v]) => `${JSON.stringify(k)}${s}:${s}${v}`).join(`,${s}`)}${s}}`)),
  ),
})).v;

const bytes = (text: string) => new TextEncoder().encode(text);

describe('JSON files read with JSON.parse, positions on demand', function () {
  it('refuse exactly the texts with a key given twice, where the YAML parser does, and read the others to the same values (property)', function () {
    fc.assert(fc.property(jsonText, (text) => {
      const yaml = parseYamlSource(text);
      const ours = parseJsonSource(bytes(text), 'x.json');
      if (!yaml.ok) {
        expect(ours.source, text).to.equal(undefined);
        expect(ours.diagnostics.map((d) => d.ruleId)).to.deep.equal(['json-syntax']);
        // The place named is the second writing of the first key given twice, in the order of
        // the text; the YAML parser names it too (among others, inner objects first).
        expect(yaml.problems.map((p) => `${p.line}:${p.column}`)).to.include(`${ours.diagnostics[0]!.line}:${ours.diagnostics[0]!.column}`);
        expect(ours.diagnostics[0]!.message).to.include(JSON.stringify(keyGivenTwice(text)!.key));
      } else {
        expect(ours.diagnostics, text).to.deep.equal([]);
        expect(ours.source!.value).to.deep.equal(JSON.parse(text));
        expect(ours.source!.value).to.deep.equal(yaml.source.value);
      }
    }), { numRuns: 2000 });
  });

  it('places a complaint about a value where it is written, parsing for positions only then', function () {
    const text = '{\n  "feeds": { "limit": 50 },\n  "locales": {\n    "ky": { "dir": "ltr" }\n  }\n}\n';
    const { source } = parseJsonSource(bytes(text), 'registry.json');
    expect(source!.locate(['locales', 'ky', 'dir'])).to.deep.equal({ line: 4, column: 20 });
    expect(source!.locate(['locales', 'ky'], { key: true })).to.deep.equal({ line: 4, column: 5 });
    expect(source!.locate(['nothing'])).to.equal(undefined);
  });
});
