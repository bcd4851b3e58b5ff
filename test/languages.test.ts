/**
 * Every language right: translation links, fallback, direction, scripts, localized strings.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { polyfeed, ROOT } from './support/cli.js';
import { tempProject, type TempProject } from './support/fixtures.js';
import { readOut, xmlLangs } from './support/parse.js';

const NOW = '2026-11-27T12:00:00Z';
const registry = JSON.parse(readFileSync(path.join(ROOT, 'locales/registry.json'), 'utf8')) as {
  locales: Record<string, { feedTag: string; dir: string; site: string; missing: string; fallback: string[] }>;
};
const TAGS = Object.keys(registry.locales);

/** The language versions of each sample article, read from the content folder itself. */
function versionsOf(contentDir: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const id of readdirSync(contentDir)) m.set(id, readdirSync(path.join(contentDir, id)).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)));
  return m;
}

describe('every language right (the sample, all 29 locales)', function () {
  let project: TempProject;
  let versions: Map<string, string[]>;

  before(function () {
    project = tempProject({ sampleContent: true });
    versions = versionsOf(project.content);
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', project.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => project.remove());

  for (const tag of TAGS) {
    it(`${tag}: three documents parse, carry the feed tag, and each item links to exactly its other translations`, function () {
      const { feedTag } = registry.locales[tag]!;
      const { rss, atom, atomText, json, jsonText } = readOut(project.out, tag);
      expect(rss.language).to.equal(feedTag);
      expect(xmlLangs(atomText)[0]).to.deep.equal(['feed', feedTag]);
      expect(json.language).to.equal(feedTag);
      const idPattern = /^tag:example\.org,2026:articles\/([a-z0-9-]+)\/(.+)$/;
      for (const entry of atom.entries ?? []) {
        const [, article, shown] = idPattern.exec(entry.id!)!;
        const expected = versions.get(article!)!.filter((t) => t !== shown)
          .map((t) => `${registry.locales[t]!.feedTag} ${registry.locales[t]!.site}a/${article}.html`).sort();
        const atomAlternates = (entry.links ?? []).filter((l) => l.rel === 'alternate' && l.hreflang && l.hreflang !== registry.locales[shown!]!.feedTag);
        expect(atomAlternates.map((l) => `${l.hreflang} ${l.href}`).sort(), `${tag} atom ${entry.id}`).to.deep.equal(expected);
        const rssItem = rss.items!.find((i) => i.guid?.value === entry.id)!;
        expect((rssItem.atom?.links ?? []).filter((l) => l.rel === 'alternate').map((l) => `${l.hreflang} ${l.href}`).sort(), `${tag} rss`).to.deep.equal(expected);
        // feedsmith drops extension objects, so the JSON extension is read with JSON.parse.
        const jsonItem = (JSON.parse(jsonText).items as { id: string; _polyfeed: { translations: { language: string; url: string }[] } }[]).find((i) => i.id === entry.id)!;
        expect(jsonItem._polyfeed.translations.map((t) => `${t.language} ${t.url}`).sort(), `${tag} json`).to.deep.equal(expected);
      }
    });
  }

  it('right-to-left locales wrap item HTML in dir="rtl", the others in dir="ltr", each with its lang', function () {
    for (const tag of TAGS) {
      const { feedTag, dir } = registry.locales[tag]!;
      const { json } = readOut(project.out, tag);
      for (const item of json.items ?? []) {
        expect(item.content_html!.startsWith(`<div lang="${feedTag}" dir="${dir}">`), `${tag}: ${item.content_html!.slice(0, 60)}`).to.equal(true);
      }
    }
    expect(registry.locales.fa!.dir).to.equal('rtl');
    expect(registry.locales['fa-AF']!.dir).to.equal('rtl');
    expect(registry.locales.ps!.dir).to.equal('rtl');
  });

  it('the Kyrgyz item of the seed story lists every other translation', function () {
    const { atom } = readOut(project.out, 'ky');
    const entry = atom.entries!.find((e) => e.id!.endsWith('/kyrgyzstan-ends-us-cooperation-agreement/ky'))!;
    const langs = entry.links!.filter((l) => l.rel === 'alternate' && l.hreflang && l.hreflang !== 'ky').map((l) => l.hreflang);
    const expected = versions.get('kyrgyzstan-ends-us-cooperation-agreement')!.filter((t) => t !== 'ky').map((t) => registry.locales[t]!.feedTag);
    expect(langs.sort()).to.deep.equal(expected.sort());
  });

  it('a fallback locale (uz-Cyrl) shows an untranslated article from its chain, marked with its language and a note', function () {
    expect(registry.locales['uz-Cyrl']!.missing).to.equal('fallback');
    const { rssText, atom, json, jsonText } = readOut(project.out, 'uz-Cyrl');
    const id = 'tag:example.org,2026:articles/rferl-declared-undesirable-in-russia/ru';
    const entry = atom.entries!.find((e) => e.id === id)!;
    expect(entry, 'the Russian version, by the chain uz-Cyrl → uz-Latn → ru').to.exist;
    const jsonItem = json.items!.find((i) => i.id === id)!;
    expect(jsonItem.language).to.equal('ru');
    expect(JSON.parse(jsonText).items.find((i: { id: string }) => i.id === id)._polyfeed.fallback).to.equal(true);
    // The note names the language in uz-Cyrl (Intl), not by its own name; a plain paragraph, no italics.
    expect(jsonItem.content_html).to.include('<p class="polyfeed-fallback">Ушбу мақола ҳозирча ўзбек тилида мавжуд эмас. Кўрсатилган тил: русча (эълон қилинган сана: 20 феврал, 2024).</p>');
    expect(jsonItem.title).to.equal('[русча] Власти России признали Радио Свободная Европа/Радио Свобода «нежелательной организацией»');
    expect(jsonItem.content_html).to.include('<div lang="ru" dir="ltr"><p>Российские власти');
    expect(rssText).to.include('<dc:language>ru</dc:language>');
    const atomText = readFileSync(path.join(project.out, 'uz-Cyrl/atom.xml'), 'utf8');
    expect(xmlLangs(atomText).filter(([n]) => n === 'entry').map(([, l]) => l)).to.include('ru');
  });

  it('a Dari (fa-AF) fallback note dates the article in the Solar Hijri calendar with Persian digits', function () {
    const { json } = readOut(project.out, 'fa-AF');
    const item = json.items!.find((i) => i.id === 'tag:example.org,2026:articles/rferl-declared-undesirable-in-russia/en')!;
    expect(item.language).to.equal('en');
    expect(item.content_html).to.match(/۱ حوت ۱۴۰۲/);
  });

  it('an omit locale (ky) leaves the untranslated article out', function () {
    expect(registry.locales.ky!.missing).to.equal('omit');
    const { json } = readOut(project.out, 'ky');
    // The notice has no ky version; the guide and the seed story have.
    expect(json.items!.map((i) => i.id)).to.deep.equal([
      'tag:example.org,2026:articles/reading-rferl-when-blocked/ky',
      'tag:example.org,2026:articles/kyrgyzstan-ends-us-cooperation-agreement/ky',
    ]);
  });

  it('feed metadata and category names are localized', function () {
    const { rss, atom } = readOut(project.out, 'ky');
    expect(rss.title).to.equal('Азаттык үналгысы — Эркин Европа/Азаттык радиосунун Кыргыз кызматы');
    expect(atom.rights).to.deep.include({ value: '© RFE/RL. Бардык укуктар корголгон.', type: 'text' });
    const seed = atom.entries!.find((e) => e.id!.includes('/kyrgyzstan-ends-us-cooperation-agreement/'))!;
    expect(seed.categories!.map((c) => c.label)).to.deep.equal(['Кыргызстан', 'АКШ', 'Адам укуктары', 'Борбор Азия']);
  });

  it('the "also in" line uses Russian and Ukrainian plural forms (few for 2, many for 28)', function () {
    const html = (tag: string, article: string) => readOut(project.out, tag).json.items!.find((i) => i.id!.endsWith(`/${article}/${tag}`))!.content_html!;
    const others = versions.get('kyrgyzstan-ends-us-cooperation-agreement')!.length - 1;
    expect(others).to.equal(28);
    expect(html('ru', 'rferl-declared-undesirable-in-russia')).to.include('<p class="polyfeed-translations">Ещё 2 языковые версии: ');
    expect(html('ru', 'kyrgyzstan-ends-us-cooperation-agreement')).to.include('<p class="polyfeed-translations">Ещё 28 языковых версий: ');
    expect(html('uk', 'rferl-declared-undesirable-in-russia')).to.include('<p class="polyfeed-translations">Ще 2 мовні версії: ');
    expect(html('uk', 'kyrgyzstan-ends-us-cooperation-agreement')).to.include('<p class="polyfeed-translations">Ще 28 мовних версій: ');
  });
});

describe('a missing interface string', function () {
  let project: TempProject;
  before(() => {
    project = tempProject({ sampleContent: true });
    const file = path.join(project.locales, 'tt/feed.json');
    const strings = JSON.parse(readFileSync(file, 'utf8'));
    delete strings.copyright;
    writeFileSync(file, JSON.stringify(strings, null, 2));
  });
  after(() => project.remove());

  it('falls back along the chain (tt → ba) and the build warns, naming the file and key', function () {
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', project.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.include(`${path.join(project.locales, 'tt/feed.json')}: warning: 1 string missing: copyright`);
    const ba = JSON.parse(readFileSync(path.join(project.locales, 'ba/feed.json'), 'utf8')).copyright;
    const { rss } = readOut(project.out, 'tt');
    expect(rss.copyright).to.equal(ba);
  });
});

describe('a locale with no content and missing: omit', function () {
  let project: TempProject;
  before(() => {
    project = tempProject({ sampleContent: true });
    rmSync(path.join(project.content, 'kyrgyzstan-ends-us-cooperation-agreement/hu.md'));
  });
  after(() => project.remove());

  it('still gets three valid, empty feeds', function () {
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', project.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    const { rss, atom, json } = readOut(project.out, 'hu');
    expect(rss.items ?? []).to.have.length(0);
    expect(atom.entries ?? []).to.have.length(0);
    expect(json.items ?? []).to.deep.equal([]);
    expect(JSON.parse(readFileSync(path.join(project.out, 'hu/feed.json'), 'utf8')).items).to.deep.equal([]);
    expect(json.language).to.equal('hu');
  });
});
