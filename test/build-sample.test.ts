/**
 * The bundled sample, built by the real CLI, read back by independent parsers and checked
 * against expectations written by hand from the seed story and its translations.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { atomSchemaErrors, jsonFeedSchemaErrors, xmlWellFormednessErrors } from '../src/validate/checks.js';
import { polyfeed } from './support/cli.js';
import { snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { readOut, strictXml } from './support/parse.js';

const NOW = '2026-11-27T12:00:00Z';
const ID = 'kyrgyzstan-ends-us-cooperation-agreement';
const REGISTRY_TAGS = 'en ru uk be ky kk uz-Latn uz-Cyrl tg tk tt ba ce av crh az hy ka fa fa-AF ps sq bs sr-Latn mk cnr ro-MD bg hu'.split(' ');

interface Expected {
  title: string;
  link: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  paragraph: string;
  credit: string;
}

const EXPECTED: Record<string, Expected> = {
  en: {
    title: 'Kyrgyzstan Ends U.S. Cooperation Agreement Amid Human Rights Dispute',
    link: `https://www.rferl.org/a/${ID}.html`,
    lang: 'en',
    dir: 'ltr',
    paragraph: 'Askarov, an ethnic Uzbek, was convicted following interethnic clashes in southern Kyrgyzstan in June 2010 when more than 400 people were killed. He says he was tortured by police.',
    credit: "With reporting by RFE/RL's Kyrgyz Service",
  },
  ky: {
    title: 'Адам укуктары боюнча талаш-тартыштын кезинде Кыргызстан АКШ менен кызматташуу келишимин жокко чыгарды',
    link: `https://www.azattyk.org/a/${ID}.html`,
    lang: 'ky',
    dir: 'ltr',
    paragraph: 'Улуту өзбек Аскаров 2010-жылдын июнунда Кыргызстандын түштүгүндө болуп, 400дөн ашык адамдын өмүрүн алган этностор аралык кагылыштардан кийин соттолгон. Ал милиция кыйноого салганын айтып келет.',
    credit: 'Эркин Европа/Азаттык радиосунун Кыргыз кызматынын маалыматтары колдонулду',
  },
  fa: {
    title: 'قرقیزستان در پی اختلاف بر سر حقوق\u200cبشر، توافق همکاری با آمریکا را لغو کرد',
    link: `https://www.radiofarda.com/a/${ID}.html`,
    lang: 'fa',
    dir: 'rtl',
    paragraph: 'عسکروف که ازبک\u200cتبار است، پس از درگیری\u200cهای قومی ژوئن ۲۰۱۰ در جنوب قرقیزستان که در آن بیش از ۴۰۰ نفر کشته شدند، محکوم شد. او می\u200cگوید از سوی پلیس شکنجه شده است.',
    credit: 'با استفاده از گزارش بخش قرقیزی رادیو اروپای آزاد/رادیو آزادی',
  },
  'uz-Latn': {
    title: 'Qirgʻiziston inson huquqlari borasidagi nizo fonida AQSh bilan hamkorlik bitimini bekor qildi',
    link: `https://www.ozodlik.org/a/${ID}.html`,
    lang: 'uz-Latn',
    dir: 'ltr',
    paragraph: 'Millatan oʻzbek boʻlgan Asqarov 2010-yil iyun oyida Qirgʻiziston janubida 400 dan ortiq kishining hayotiga zomin boʻlgan millatlararo toʻqnashuvlardan soʻng sudlangan. Uning aytishicha, politsiya uni qiynoqqa solgan.',
    credit: 'Maqolani tayyorlashda Ozod Yevropa/Ozodlik radiosi Qirgʻiz xizmatining materiallaridan foydalanildi',
  },
};

describe('polyfeed build on the bundled sample', function () {
  let project: TempProject;
  let out: string;

  before(function () {
    project = tempProject({ sampleContent: true });
    out = project.out;
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    // The only warning: the short notice is translated into en, ru and uk only, the guide for
    // readers whose sites are blocked into en, ru and ky only; one line for the 27 others, and a hint.
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^polyfeed: warning: 27 locales lack translations \(52 missing in all\): uk, be, ky, .*, hu \[translations-incomplete\]$/);
    expect(lines[1]).to.equal('  polyfeed status lists them; polyfeed build --verbose prints one line per locale.');
    expect(r.stdout).to.match(/^polyfeed: 637 documents \(546 feeds for 29 locales\) in .*\(637 written, 0 unchanged\)/);
  });
  after(() => project.remove());

  it('writes rss.xml, atom.xml, feed.json, index.html, feeds.opml and feed.css for each of the 29 locales, their category feeds and archives, the root page, OPML, style sheet and _headers, and nothing else', function () {
    // .polyfeed/ is polyfeed's own bookkeeping (the manifest of what it wrote), never published.
    expect(readdirSync(out).filter((n) => n !== '.polyfeed').sort()).to.deep.equal([...REGISTRY_TAGS, '_headers', 'feeds.opml', 'index.html', 'style.css'].sort());
    let categoryFeeds = 0;
    let archives = 0;
    // Archives (the sample registry's feeds.archives: "monthly") where a locale has articles of more than one month.
    const archived = ['en', 'ru', 'uk', 'ky', 'uz-Cyrl', 'ba', 'fa-AF', 'cnr'];
    for (const tag of REGISTRY_TAGS) {
      const files = ['atom.xml', 'categories', 'feed.css', 'feed.json', 'feeds.opml', 'index.html', 'rss.xml', ...(archived.includes(tag) ? ['archive'] : [])];
      expect(readdirSync(path.join(out, tag)).sort(), tag).to.deep.equal(files.sort());
      if (archived.includes(tag)) {
        const names = readdirSync(path.join(out, tag, 'archive'));
        for (const n of names) expect(n, `${tag}/archive/${n}`).to.match(/^20(15-07|24-02|26-11)\.(rss\.xml|atom\.xml|json)$/);
        archives += names.length;
      }
      for (const slug of readdirSync(path.join(out, tag, 'categories'))) {
        expect(readdirSync(path.join(out, tag, 'categories', slug)).sort(), `${tag}/categories/${slug}`).to.deep.equal(['atom.xml', 'feed.json', 'rss.xml']);
        categoryFeeds += 3;
      }
    }
    // 6 categories in 7 locales, 5 in one, 4 in the other 21.
    expect(categoryFeeds).to.equal(393);
    // Three months in en, ru and the four fallback locales, two in uk (no guide) and ky (no notice): 22 months, 3 files each.
    expect(archives).to.equal(66);
  });

  for (const [locale, e] of Object.entries(EXPECTED)) {
    describe(`${locale}: the seed story`, function () {
      const id = `tag:example.org,2026:articles/${ID}/${locale}`;
      const contentChecks = (html: string) => {
        expect(html.startsWith(`<div lang="${e.lang}" dir="${e.dir}">`), html.slice(0, 80)).to.equal(true);
        expect(html).to.include(`<p>${e.paragraph}</p>`);
        expect(html).to.include(`<em>${e.credit}</em>`);
        expect(html).not.to.match(/<script|javascript:/i);
      };

      it('RSS 2.0: language, title, link, guid, RFC 822 date with the +06:00 offset, content', function () {
        const { rss } = readOut(out, locale);
        expect(rss.language).to.equal(e.lang);
        expect(rss.atom?.links?.find((l) => l.rel === 'self')?.href).to.equal(`https://feeds.example.org/rferl/${locale}/rss.xml`);
        const item = rss.items!.find((i) => i.guid?.value === id)!;
        expect(item, 'item with the stable id').to.exist;
        expect(item.guid).to.deep.equal({ value: id, isPermaLink: false });
        expect(item.title).to.equal(e.title);
        expect(item.link).to.equal(e.link);
        expect(item.pubDate).to.equal('Tue, 21 Jul 2015 18:30:00 +0600');
        expect(item.enclosures).to.deep.equal([{ url: 'https://gdb.rferl.org/azimjon-askarov-undated.jpg', length: 48213, type: 'image/jpeg' }]);
        contentChecks(item.content!.encoded!);
      });

      it('Atom 1.0: xml:lang, text title, id, link, RFC 3339 dates with their offset, HTML content', function () {
        const { atom, atomText } = readOut(out, locale);
        expect(strictXml(atomText).attributes['xml:lang']).to.equal(e.lang);
        expect(atom.links?.find((l) => l.rel === 'self')?.href).to.equal(`https://feeds.example.org/rferl/${locale}/atom.xml`);
        const entry = atom.entries!.find((x) => x.id === id)!;
        expect(entry, 'entry with the stable id').to.exist;
        expect(entry.title).to.deep.include({ value: e.title, type: 'text' });
        expect(entry.links![0]).to.deep.include({ rel: 'alternate', type: 'text/html', hreflang: e.lang, href: e.link });
        expect(entry.published).to.equal('2015-07-21T18:30:00+06:00');
        expect(entry.updated).to.equal('2015-07-22T10:15:00+06:00');
        expect(entry.content?.type).to.equal('html');
        contentChecks(entry.content!.value!);
      });

      it('JSON Feed 1.1: version, language, authors, id, url, dates with their offset, content', function () {
        const { json, jsonText } = readOut(out, locale);
        const raw = JSON.parse(jsonText);
        expect(raw.version).to.equal('https://jsonfeed.org/version/1.1');
        expect(json.language).to.equal(e.lang);
        expect(json.feed_url).to.equal(`https://feeds.example.org/rferl/${locale}/feed.json`);
        expect(raw.authors).to.deep.equal([{ name: 'RFE/RL' }]);
        expect(raw).not.to.have.property('author');
        const item = json.items!.find((i) => i.id === id)!;
        expect(item, 'item with the stable id').to.exist;
        expect(item.title).to.equal(e.title);
        expect(item.url).to.equal(e.link);
        expect(item.date_published).to.equal('2015-07-21T18:30:00+06:00');
        expect(item.date_modified).to.equal('2015-07-22T10:15:00+06:00');
        expect(item.attachments).to.deep.equal([{ url: 'https://gdb.rferl.org/azimjon-askarov-undated.jpg', mime_type: 'image/jpeg', size_in_bytes: 48213, title: item.attachments![0]!.title }]);
        contentChecks(item.content_html!);
      });
    });
  }

  it('every locale: XML is well-formed, Atom passes RFC 4287 RELAX NG, JSON passes the JSON Feed 1.1 schema', function () {
    for (const tag of REGISTRY_TAGS) {
      for (const f of ['rss.xml', 'atom.xml']) {
        expect(xmlWellFormednessErrors(readFileSync(path.join(out, tag, f), 'utf8')), `${tag}/${f}`).to.deep.equal([]);
      }
      expect(atomSchemaErrors(readFileSync(path.join(out, tag, 'atom.xml'), 'utf8')), `${tag}/atom.xml`).to.deep.equal([]);
      expect(jsonFeedSchemaErrors(JSON.parse(readFileSync(path.join(out, tag, 'feed.json'), 'utf8'))), `${tag}/feed.json`).to.deep.equal([]);
    }
  });

  it('an item has the same id in RSS, Atom and JSON', function () {
    for (const tag of REGISTRY_TAGS) {
      const { rss, atom, json } = readOut(out, tag);
      const rssIds = (rss.items ?? []).map((i) => i.guid?.value);
      expect((atom.entries ?? []).map((x) => x.id), tag).to.deep.equal(rssIds);
      expect((json.items ?? []).map((i) => i.id), tag).to.deep.equal(rssIds);
    }
  });

  it('the same input and the same --now give byte-identical output, and unchanged files are not rewritten', function () {
    const before = snapshot(out);
    const again = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', out, '--now', NOW]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/\(0 written, 637 unchanged\)/);
    const after = snapshot(out);
    expect([...after.keys()].sort()).to.deep.equal([...before.keys()].sort());
    for (const [file, { bytes, mtimeMs }] of before) {
      expect(after.get(file)!.bytes.equals(bytes), file).to.equal(true);
      expect(after.get(file)!.mtimeMs, file).to.equal(mtimeMs);
    }
  });

  it('a build into a fresh folder gives the same bytes again', function () {
    const other = path.join(project.dir, 'out2');
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--partners', project.partners, '--out', other, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    const a = snapshot(out);
    const b = snapshot(other);
    expect([...b.keys()].sort()).to.deep.equal([...a.keys()].sort());
    for (const [file, { bytes }] of a) expect(b.get(file)!.bytes.equals(bytes), file).to.equal(true);
  });
});
