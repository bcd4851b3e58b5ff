/**
 * Interface strings through XLIFF 2.0: export, a CAT tool's edits (simulated by editing the
 * XML text), import. The documents are read back with saxes, independently of the importer.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import type { Diagnostic } from '../src/diagnostics.js';
import { loadResources, SOURCE_LOCALE, type Resources } from '../src/locales/i18n.js';
import { loadRegistry, type Registry } from '../src/locales/registry.js';
import { exportXliff as exportXliffResult, importXliff, XLIFF_NAMESPACE, type ImportResult } from '../src/locales/xliff.js';
import { runCli, type Io } from '../src/cli/run.js';

const exportXliff = (...args: Parameters<typeof exportXliffResult>): string => exportXliffResult(...args).xml!;
const runStrings = (args: string[], io: Io) => runCli(['strings', ...args], io);
import { polyfeed } from './support/cli.js';
import { snapshot, tempProject, type TempProject } from './support/fixtures.js';

async function load(locales: string): Promise<{ registry: Registry; resources: Resources }> {
  const { registry, diagnostics } = await loadRegistry(locales);
  if (!registry) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const loaded = await loadResources(locales, registry);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
  return { registry, resources: loaded.resources };
}

/** What the CLI does with an import result: write the files, unless refused. */
function apply(result: ImportResult): void {
  if (result.diagnostics.some((d) => d.severity === 'error')) return;
  for (const f of result.files) writeFileSync(f.path, f.text);
}

async function exportFrom(locales: string, tag: string): Promise<string> {
  const { registry, resources } = await load(locales);
  return exportXliff(registry, resources, tag);
}

async function importInto(locales: string, xml: string, file = 'strings.xlf'): Promise<ImportResult> {
  const { registry, resources } = await load(locales);
  const result = importXliff(xml, registry, resources, locales, file);
  apply(result);
  return result;
}

/** Replaces the target of unit `id` in file `ns` (the unit must have a target). */
function setTarget(xml: string, ns: string, id: string, text: string): string {
  const file = xml.indexOf(`<file id="${ns}"`);
  const unit = xml.indexOf(`<unit id="${id}">`, file);
  expect(file, `file ${ns}`).to.be.greaterThan(-1);
  expect(unit, `unit ${ns}:${id}`).to.be.greaterThan(-1);
  const end = xml.indexOf('</unit>', unit);
  const before = xml.slice(unit, end);
  const after = before.replace(/<target>[^<]*<\/target>/, `<target>${text}</target>`);
  expect(after, `target of ${ns}:${id}`).to.not.equal(before);
  return xml.slice(0, unit) + after + xml.slice(end);
}

/** Removes the unit `id` of file `ns`. */
function dropUnit(xml: string, ns: string, id: string): string {
  const file = xml.indexOf(`<file id="${ns}"`);
  const unit = xml.lastIndexOf('\n', xml.indexOf(`<unit id="${id}">`, file));
  const end = xml.indexOf('</unit>', unit) + '</unit>'.length;
  return xml.slice(0, unit) + xml.slice(end);
}

interface ParsedUnit {
  id: string;
  source: string;
  target?: string;
  state?: string;
  notes: Record<string, string>;
}

/** An independent, strict reading of an exported document. */
function readXliff(xml: string): { root: { uri: string; local: string; attributes: Record<string, string> }; files: Map<string, ParsedUnit[]> } {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => {
    throw e;
  });
  let root: { uri: string; local: string; attributes: Record<string, string> } | undefined;
  const files = new Map<string, ParsedUnit[]>();
  let units: ParsedUnit[] = [];
  let unit: ParsedUnit | undefined;
  let text: string | undefined;
  let noteCategory = '';
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = typeof v === 'string' ? v : v.value;
    if (!root) root = { uri: tag.uri, local: tag.local, attributes };
    expect(tag.uri, `<${tag.name}> namespace`).to.equal(XLIFF_NAMESPACE);
    if (tag.local === 'file') files.set(attributes.id!, (units = []));
    if (tag.local === 'unit') units.push((unit = { id: attributes.id!, source: '', notes: {} }));
    if (tag.local === 'segment') unit!.state = attributes.state;
    if (tag.local === 'note') noteCategory = attributes.category ?? '';
    if (tag.local === 'source' || tag.local === 'target' || tag.local === 'note') text = '';
  });
  parser.on('text', (t) => {
    if (text !== undefined) text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'source') unit!.source = text!;
    if (tag.local === 'target') unit!.target = text!;
    if (tag.local === 'note') unit!.notes[noteCategory] = text!;
    if (tag.local === 'source' || tag.local === 'target' || tag.local === 'note') text = undefined;
  });
  parser.write(xml).close();
  return { root: root!, files };
}

function errors(r: ImportResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

function bytesOf(dir: string): Map<string, string> {
  return new Map([...snapshot(dir)].map(([k, v]) => [k, v.bytes.toString('base64')]));
}

function diffFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

const ROUND_TRIP = ['ru', 'ky', 'fa', 'tt'];

describe('strings: XLIFF 2.0', function () {
  let project: TempProject;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => project.remove());

  it('the locale files are today exactly JSON.stringify(obj, null, 2) + "\\n", the form import writes', () => {
    for (const [file, { bytes }] of snapshot(project.locales)) {
      const text = bytes.toString('utf8');
      expect(JSON.stringify(JSON.parse(text), null, 2) + '\n', file).to.equal(text);
    }
  });

  for (const tag of ROUND_TRIP) {
    it(`${tag}: export, then import without changes, leaves locales/ byte-identical`, async () => {
      const before = bytesOf(project.locales);
      const xml = await exportFrom(project.locales, tag);
      const r = await importInto(project.locales, xml);
      expect(r.diagnostics).to.deep.equal([]);
      expect(r.locale).to.equal(tag);
      expect(r.files).to.deep.equal([]);
      expect(r.changed).to.deep.equal([]);
      expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
    });
  }

  it('every locale of the registry round-trips without a change', async () => {
    const { registry, resources } = await load(project.locales);
    for (const { tag } of registry.locales.filter((l) => l.tag !== SOURCE_LOCALE)) {
      const r = importXliff(exportXliff(registry, resources, tag), registry, resources, project.locales, `${tag}.xlf`);
      expect(r.diagnostics, tag).to.deep.equal([]);
      expect(r.files, tag).to.deep.equal([]);
    }
  });

  it('the document is well-formed XLIFF 2.0: root, namespace, languages, one file per namespace, one unit per key', async () => {
    const { registry, resources } = await load(project.locales);
    const en = resources[SOURCE_LOCALE]!;
    for (const tag of [...ROUND_TRIP, 'cnr', 'fa-AF', 'uz-Latn']) {
      const xml = exportXliff(registry, resources, tag);
      expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n'), tag).to.equal(true);
      expect(xml.endsWith('</xliff>\n'), tag).to.equal(true);
      expect(exportXliff(registry, resources, tag), 'deterministic').to.equal(xml);
      const { root, files } = readXliff(xml);
      expect(root.local).to.equal('xliff');
      expect(root.uri).to.equal(XLIFF_NAMESPACE);
      expect(root.attributes.version).to.equal('2.0');
      expect(root.attributes.srcLang).to.equal('en');
      expect(root.attributes.trgLang, 'the path tag, not the feed tag').to.equal(tag);
      expect([...files.keys()]).to.deep.equal(Object.keys(en));
      expect(files.get('categories')!.map((u) => u.id)).to.deep.equal(Object.keys(en.categories!));
      const feedIds = files.get('feed')!.map((u) => u.id);
      expect(feedIds.slice(0, 4)).to.deep.equal(['title', 'description', 'copyright', 'fallbackNote']);
      for (const [ns, units] of files) {
        for (const u of units) {
          const sourceKey = u.notes['source-key'] ?? u.id;
          expect(u.source, `${tag} ${ns}:${u.id} source`).to.equal(en[ns]![sourceKey]);
          const current = resources[tag]?.[ns]?.[u.id];
          if (current?.trim()) {
            expect(u.target, `${tag} ${ns}:${u.id}`).to.equal(current);
            expect(u.state).to.equal('translated');
          } else {
            expect(u.target, `${tag} ${ns}:${u.id} is untranslated`).to.equal(undefined);
            expect(u.state).to.equal('initial');
          }
        }
      }
    }
    expect(readXliff(exportXliff(registry, resources, 'fa')).root.attributes.trgLang).to.equal('fa');
    expect(exportXliff(registry, resources, 'fa')).to.include('trgDir="rtl"');
    expect(readXliff(exportXliff(registry, resources, 'cnr')).root.attributes.trgLang).to.equal('cnr');
  });

  it('plural units are exactly the categories the target uses: ru one/few/many/other, ky and tt one/other', async () => {
    const { registry, resources } = await load(project.locales);
    const pluralUnits = (tag: string) =>
      readXliff(exportXliff(registry, resources, tag))
        .files.get('feed')!
        .filter((u) => u.id.startsWith('alsoIn_'));
    const ru = pluralUnits('ru');
    expect(ru.map((u) => u.id)).to.deep.equal(['alsoIn_one', 'alsoIn_few', 'alsoIn_many', 'alsoIn_other']);
    expect(ru.map((u) => u.notes['source-key'])).to.deep.equal(['alsoIn_one', 'alsoIn_other', 'alsoIn_other', 'alsoIn_other']);
    expect(ru[1]!.source).to.equal(resources.en!.feed!.alsoIn_other);
    expect(ru.map((u) => u.target)).to.deep.equal(['alsoIn_one', 'alsoIn_few', 'alsoIn_many', 'alsoIn_other'].map((k) => resources.ru!.feed![k]));
    expect(ru[1]!.notes.plural).to.match(/few.*2, 3, 4, 22/);
    expect(pluralUnits('ky').map((u) => u.id)).to.deep.equal(['alsoIn_one', 'alsoIn_other']);
    expect(pluralUnits('tt').map((u) => u.id), 'tt: plural rules of kk').to.deep.equal(['alsoIn_one', 'alsoIn_other']);
    expect(pluralUnits('bs').map((u) => u.id)).to.deep.equal(['alsoIn_one', 'alsoIn_few', 'alsoIn_other']);
  });

  it('a changed target updates only that key; every other byte of every file stays', async () => {
    const before = bytesOf(project.locales);
    const ruFeed = path.join(project.locales, 'ru/feed.json');
    const original = readFileSync(ruFeed, 'utf8');
    const xml = setTarget(await exportFrom(project.locales, 'ru'), 'feed', 'title', 'Радио Свобода &amp; «новый» заголовок');
    const r = await importInto(project.locales, xml, 'ru.xlf');
    expect(errors(r)).to.deep.equal([]);
    expect(r.changed).to.deep.equal(['feed:title']);
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([path.join('ru', 'feed.json')]);
    const obj = JSON.parse(original);
    obj.title = 'Радио Свобода & «новый» заголовок';
    expect(readFileSync(ruFeed, 'utf8')).to.equal(JSON.stringify(obj, null, 2) + '\n');
    expect(Object.keys(JSON.parse(readFileSync(ruFeed, 'utf8')))).to.deep.equal(Object.keys(JSON.parse(original)));
  });

  it('a file whose English source changed since export is refused as stale, and nothing is written', async () => {
    const xml = setTarget(await exportFrom(project.locales, 'ky'), 'feed', 'copyright', 'Жаңы котормо');
    const enFeed = path.join(project.locales, 'en/feed.json');
    const en = JSON.parse(readFileSync(enFeed, 'utf8'));
    en.copyright = '© RFE/RL. Some rights reserved.';
    writeFileSync(enFeed, JSON.stringify(en, null, 2) + '\n');
    const before = bytesOf(project.locales);
    const r = await importInto(project.locales, xml, 'ky.xlf');
    expect(r.files).to.deep.equal([]);
    expect(r.changed).to.deep.equal([]);
    expect(errors(r)).to.have.length(1);
    expect(errors(r)[0]!.message).to.match(/feed:copyright.*stale: the English text changed since this file was exported; export again/);
    expect(errors(r)[0]!.file).to.equal('ky.xlf');
    expect(errors(r)[0]!.line).to.be.a('number');
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
  });

  it('one stale unit refuses the whole file, even with other good translations in it', async () => {
    let xml = await exportFrom(project.locales, 'ru');
    xml = setTarget(xml, 'feed', 'title', 'Новый заголовок');
    xml = setTarget(xml, 'feed', 'alsoIn_few', 'Ещё {{count}} версии:');
    const enFeed = path.join(project.locales, 'en/feed.json');
    const en = JSON.parse(readFileSync(enFeed, 'utf8'));
    en.alsoIn_other = 'Also in {{count}} other languages:'; // the source of ru's few, many and other
    writeFileSync(enFeed, JSON.stringify(en, null, 2) + '\n');
    const before = bytesOf(project.locales);
    const r = await importInto(project.locales, xml);
    expect(errors(r).map((d) => d.message.split(':')[0])).to.deep.equal(['"feed', '"feed', '"feed']);
    expect(errors(r).map((d) => d.message)).to.satisfy((m: string[]) => m.every((s) => /alsoIn_(few|many|other).*stale/.test(s)));
    expect(r.files).to.deep.equal([]);
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
  });

  it('refuses unknown namespaces, unknown keys and plural forms the locale does not use, naming the line', async () => {
    const ky = await exportFrom(project.locales, 'ky');
    const cases: [string, RegExp][] = [
      [ky.replace('<unit id="title">', '<unit id="headline">').replace(/(<unit id="headline">[\s\S]*?<target>)[^<]*/, '$1x'), /unknown key "feed:headline"/],
      [ky.replace('<file id="feed"', '<file id="footer"'), /unknown namespace "footer"/],
      [ky.replace('<unit id="alsoIn_other">', '<unit id="alsoIn_few">').replace(/(<unit id="alsoIn_few">[\s\S]*?<target>)[^<]*/, '$1x'), /ky does not use the plural form "few"/],
    ];
    const before = bytesOf(project.locales);
    for (const [xml, message] of cases) {
      const r = await importInto(project.locales, xml, 'ky.xlf');
      expect(errors(r).map((d) => d.message).join('\n')).to.match(message);
      const line = errors(r)[0]!.line!;
      expect(line).to.be.greaterThan(1);
      expect(xml.split('\n')[line - 1]).to.match(/<unit |<file /);
      expect(r.files).to.deep.equal([]);
    }
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
  });

  it('refuses what is not XLIFF 2.0 for a locale of the registry', async () => {
    const ru = await exportFrom(project.locales, 'ru');
    const cases: [string, RegExp][] = [
      [ru.replace('trgLang="ru"', 'trgLang="xx"'), /trgLang "xx" is not a locale of the registry/],
      [ru.replace('trgLang="ru"', 'trgLang="en"'), /trgLang "en" is the source language/],
      [ru.replace('srcLang="en"', 'srcLang="de"'), /srcLang is "de"/],
      [ru.replace(XLIFF_NAMESPACE, 'urn:oasis:names:tc:xliff:document:1.2'), /not an XLIFF 2 document/],
      [ru.replace('</target>', '</targt>'), /./],
      [ru.replace(/<target>[^<]*<\/target>/, '<target><ph id="1"/></target>'), /inline code <ph>/],
      ['', /root element|empty/],
    ];
    for (const [xml, message] of cases) {
      const r = await importInto(project.locales, xml, 'x.xlf');
      expect(errors(r).map((d) => d.message).join('\n')).to.match(message);
      expect(r.files).to.deep.equal([]);
    }
  });

  it('keys whose units were deleted from the file survive the import', async () => {
    const before = bytesOf(project.locales);
    let xml = await exportFrom(project.locales, 'ru');
    for (const id of ['kyrgyzstan', 'russia', 'press-freedom']) xml = dropUnit(xml, 'categories', id);
    for (const id of ['description', 'fallbackNote', 'alsoIn_many']) xml = dropUnit(xml, 'feed', id);
    xml = setTarget(xml, 'feed', 'copyright', '© RFE/RL. Все права сохранены.');
    readXliff(xml); // still well-formed
    const r = await importInto(project.locales, xml);
    expect(errors(r)).to.deep.equal([]);
    expect(r.changed).to.deep.equal(['feed:copyright']);
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([path.join('ru', 'feed.json')]);
    const feed = JSON.parse(readFileSync(path.join(project.locales, 'ru/feed.json'), 'utf8'));
    expect(Object.keys(feed)).to.deep.equal(['title', 'description', 'copyright', 'fallbackNote', 'alsoIn_one', 'alsoIn_few', 'alsoIn_many', 'alsoIn_other',
      'fallbackTitle', 'alsoInMore_one', 'alsoInMore_few', 'alsoInMore_many', 'alsoInMore_other', 'correction']);
    expect(feed.alsoIn_many).to.equal('Ещё {{count}} языковых версий:');
    expect(feed.fallbackNote).to.match(/^Эта статья пока недоступна/);
  });

  it('ru plural keys one/few/many/other survive a round trip with changed targets', async () => {
    const forms = { alsoIn_one: 'Ещё одна версия ({{count}}):', alsoIn_few: 'Ещё {{count}} версии:', alsoIn_many: 'Ещё {{count}} версий:', alsoIn_other: 'Ещё {{count}} версии (дробь):' };
    let xml = await exportFrom(project.locales, 'ru');
    for (const [k, v] of Object.entries(forms)) xml = setTarget(xml, 'feed', k, v);
    const r = await importInto(project.locales, xml);
    expect(errors(r)).to.deep.equal([]);
    expect(r.changed).to.deep.equal(Object.keys(forms).map((k) => `feed:${k}`));
    const { resources } = await load(project.locales);
    for (const [k, v] of Object.entries(forms)) expect(resources.ru!.feed![k]).to.equal(v);
    const again = await exportFrom(project.locales, 'ru');
    const units = readXliff(again).files.get('feed')!.filter((u) => u.id.startsWith('alsoIn_'));
    expect(Object.fromEntries(units.map((u) => [u.id, u.target]))).to.deep.equal(forms);
    const before = bytesOf(project.locales);
    expect((await importInto(project.locales, again)).files).to.deep.equal([]);
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
  });

  it('a missing string is exported untranslated and, once translated, lands at en’s place in the file', async () => {
    const kyFeed = path.join(project.locales, 'ky/feed.json');
    const ky = JSON.parse(readFileSync(kyFeed, 'utf8'));
    delete ky.description;
    delete ky.alsoIn_one;
    writeFileSync(kyFeed, JSON.stringify(ky, null, 2) + '\n');
    let xml = await exportFrom(project.locales, 'ky');
    const feed = readXliff(xml).files.get('feed')!;
    const description = feed.find((u) => u.id === 'description')!;
    expect([description.target, description.state]).to.deep.equal([undefined, 'initial']);
    xml = xml.replace(/(<unit id="description">[\s\S]*?<\/source>)/, '$1\n        <target>Сүрөттөмө</target>');
    xml = xml.replace(/(<unit id="alsoIn_one">[\s\S]*?<\/source>)/, '$1\n        <target>Дагы {{count}} тилде:</target>');
    const r = await importInto(project.locales, xml);
    expect(errors(r)).to.deep.equal([]);
    expect(r.changed).to.deep.equal(['feed:description', 'feed:alsoIn_one']);
    expect(Object.keys(JSON.parse(readFileSync(kyFeed, 'utf8')))).to.deep.equal(['title', 'description', 'copyright', 'fallbackNote', 'alsoIn_one', 'alsoIn_other', 'fallbackTitle', 'alsoInMore_one', 'alsoInMore_other', 'correction']);
  });

  it('an untranslated or empty target never deletes a string', async () => {
    const before = bytesOf(project.locales);
    const xml = (await exportFrom(project.locales, 'ru')).replace(/<target>[^<]*<\/target>/g, '<target></target>');
    const r = await importInto(project.locales, xml);
    expect(r.diagnostics).to.deep.equal([]);
    expect(r.files).to.deep.equal([]);
    expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
  });

  it('text XML cannot carry as such round-trips: markup characters, control characters, spaces and line breaks', async () => {
    const { registry, resources } = await load(project.locales);
    const weird = ['Tom & "Jerry" <b> ]]> \'q\'', 'bell\u0007', '  two  spaces\n', 'cr\r\nlf', '\ttab', 'emoji 😀 \uFFFF'];
    resources.en!.feed = { ...resources.en!.feed, ...Object.fromEntries(weird.map((w, i) => [`w${i}`, w])) };
    resources.ru!.feed = { ...resources.ru!.feed, ...Object.fromEntries(weird.map((w, i) => [`w${i}`, `${w}.`])) };
    const xml = exportXliff(registry, resources, 'ru');
    readXliff(xml);
    expect(xml).to.include('<cp hex="0007"/>').and.include('xml:space="preserve"').and.include('&#13;');
    expect(importXliff(xml, registry, resources, project.locales).diagnostics).to.deep.equal([]);
    const edited = xml.replace(/\.<\/target>/g, '!</target>');
    const r = importXliff(edited, registry, resources, project.locales);
    expect(r.diagnostics).to.deep.equal([]);
    const written = JSON.parse(r.files.find((f) => f.path.endsWith(path.join('ru', 'feed.json')))!.text);
    weird.forEach((w, i) => expect(written[`w${i}`]).to.equal(`${w}!`));
  });

  it('warns when a translation drops or invents a {{placeholder}}', async () => {
    const xml = setTarget(await exportFrom(project.locales, 'ru'), 'feed', 'fallbackNote', 'Статья на языке {{lang}}.');
    const r = await importInto(project.locales, xml);
    expect(errors(r)).to.deep.equal([]);
    const warnings = r.diagnostics.map((d) => d.message).join('\n');
    expect(warnings).to.match(/\{\{lang\}\} is not in the English text/).and.match(/leaves out \{\{language\}\}, \{\{date\}\}/);
  });

  describe('runStrings (in process)', () => {
    const io = () => {
      const out = { stdout: '', stderr: '' };
      const io: Io = { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), isTTY: false };
      return { io, out };
    };

    it('export writes the document to stdout, or to --output', async () => {
      const a = io();
      expect(await runStrings(['export', 'ru', '--locales', project.locales], a.io)).to.equal(0);
      expect(a.out.stdout).to.equal(await exportFrom(project.locales, 'ru'));
      const b = io();
      const file = path.join(project.dir, 'ru.xlf');
      expect(await runStrings(['export', 'ru', '--locales', project.locales, '--output', file], b.io)).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.equal(a.out.stdout);
      // feed: 14 (ru has four plural forms, twice), categories: 6, page: 17, partners: 4.
      expect(b.out.stdout).to.match(/^polyfeed strings: 41 strings of ru exported to /);
    });

    it('an unknown locale, or en, is a usage error listing the valid locales', async () => {
      for (const tag of ['xx', 'en']) {
        const a = io();
        expect(await runStrings(['export', tag, '--locales', project.locales], a.io)).to.equal(2);
        expect(a.out.stderr).to.match(/export one of: ru, uk, be, ky,.* hu\n$/);
        expect(a.out.stdout).to.equal('');
      }
      for (const args of [[], ['export'], ['import'], ['frobnicate'], ['export', 'ru', 'extra']]) {
        expect(await runStrings(args, io().io), args.join(' ')).to.equal(2);
      }
    });

    it('import writes the changed files and says how many strings changed', async () => {
      const file = path.join(project.dir, 'ru.xlf');
      writeFileSync(file, setTarget(await exportFrom(project.locales, 'ru'), 'categories', 'russia', 'Российская Федерация'));
      const before = bytesOf(project.locales);
      const a = io();
      expect(await runStrings(['import', file, '--locales', project.locales], a.io)).to.equal(0);
      expect(a.out.stdout).to.equal('polyfeed strings: 1 string updated in ru\n');
      expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([path.join('ru', 'categories.json')]);
    });

    it('a refused import exits 1 with diagnostics naming the file and line, and changes nothing', async () => {
      const file = path.join(project.dir, 'ru.xlf');
      writeFileSync(file, setTarget(await exportFrom(project.locales, 'ru'), 'feed', 'title', 'Новый'));
      const enFeed = path.join(project.locales, 'en/feed.json');
      writeFileSync(enFeed, readFileSync(enFeed, 'utf8').replace('Radio Free Europe/Radio Liberty', 'RFE/RL'));
      const before = snapshot(project.locales);
      const a = io();
      expect(await runStrings(['import', file, '--locales', project.locales], a.io)).to.equal(1);
      expect(a.out.stderr).to.match(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: error: "feed:title": stale`));
      expect(a.out.stderr).to.match(/nothing imported, .* is unchanged\.\n$/);
      expect(a.out.stdout).to.equal('');
      const after = snapshot(project.locales);
      for (const [k, v] of before) expect(after.get(k)?.mtimeMs, k).to.equal(v.mtimeMs);
      expect(diffFiles(bytesOf(project.locales), new Map([...before].map(([k, v]) => [k, v.bytes.toString('base64')])))).to.deep.equal([]);
    });
  });

  // The real command line. Unskip once src/cli/run.ts routes `strings` to runStrings.
  describe('polyfeed strings (CLI)', () => {
    it('export to stdout, export --output, import', () => {
      const r = polyfeed(['strings', 'export', 'ky', '--locales', project.locales]);
      expect(r.code, r.stderr).to.equal(0);
      readXliff(r.stdout);
      const file = path.join(project.dir, 'ky.xlf');
      expect(polyfeed(['strings', 'export', 'ky', '--locales', project.locales, '--output', file]).code).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.equal(r.stdout);
      writeFileSync(file, setTarget(r.stdout, 'feed', 'title', 'Азаттык'));
      const before = bytesOf(project.locales);
      const i = polyfeed(['strings', 'import', file, '--locales', project.locales]);
      expect(i.code, i.stderr).to.equal(0);
      expect(i.stdout).to.equal('polyfeed strings: 1 string updated in ky\n');
      expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([path.join('ky', 'feed.json')]);
    });

    it('an unknown locale exits 2 with the valid locales', () => {
      const r = polyfeed(['strings', 'export', 'xx', '--locales', project.locales]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/unknown locale "xx"; export one of: ru, uk/);
    });

    it('a stale import exits 1 and changes nothing', () => {
      const file = path.join(project.dir, 'ky.xlf');
      const xml = polyfeed(['strings', 'export', 'ky', '--locales', project.locales]).stdout;
      writeFileSync(file, setTarget(xml, 'feed', 'title', 'Азаттык'));
      const enFeed = path.join(project.locales, 'en/feed.json');
      writeFileSync(enFeed, readFileSync(enFeed, 'utf8').replace('Radio Free Europe/Radio Liberty', 'RFE/RL'));
      const before = bytesOf(project.locales);
      const r = polyfeed(['strings', 'import', file, '--locales', project.locales]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/stale: the English text changed since this file was exported; export again/);
      expect(diffFiles(before, bytesOf(project.locales))).to.deep.equal([]);
    });
  });
});
