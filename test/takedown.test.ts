/**
 * The takedown lifecycle, built by the real CLI at fixed build clocks (--now): an article with
 * `expires`, before and after it and after the agreement's takedownDays; and an article that is
 * `withdrawn`. Public feeds drop the item; the partner feed carries a takedown (the notice in
 * the item's language, an expiry in the past, a newer modified date, the same id), then drops it.
 */
import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash, parseContentText } from '../src/content/frontmatter.js';
import { polyfeed, ROOT } from './support/cli.js';
import { smallLocales, tempProject, type TempProject } from './support/fixtures.js';
import { readOut, xmlElements, type OutFeeds } from './support/parse.js';

const EN = `---
title: Election Commission Publishes Preliminary Results
date: 2026-03-01T10:00:00+06:00
updated: 2026-03-02T08:00:00+06:00
authors: [RFE/RL]
categories: [kyrgyzstan]
image:
  url: https://gdb.rferl.org/ballot-box.jpg
  alt: A ballot box
  type: image/jpeg
  length: 52000
  width: 1200
  height: 800
  credit: RFE/RL
  syndication: true
expires: 2026-03-10T00:00:00+06:00
---

The Central Election Commission published preliminary results on Sunday.
`;
const kyText = (hash: string) => `---
title: Шайлоо комиссиясы алдын ала жыйынтыктарды жарыялады
translationOf: en
sourceHash: "${hash}"
image:
  alt: Шайлоо кутусу
---

Борбордук шайлоо комиссиясы жекшембиде алдын ала жыйынтыктарды жарыялады.
`;
const SECOND = (extra = '') => `---
title: Parliament Debates the Draft Media Law
date: 2026-03-01T12:00:00+06:00
authors: [RFE/RL]
categories: [kyrgyzstan]
${extra}---

Deputies debated the draft law on the media for six hours.
`;
const AGREEMENT = `name: Acme News
locales: [en, ky]
content: full
media: cleared
links: { utm_source: acme, utm_medium: syndication }
takedownDays: 7
`;

const ky = (key: string) => (JSON.parse(readFileSync(path.join(ROOT, 'locales/ky/partners.json'), 'utf8')) as Record<string, string>)[key]!;
const en = (key: string) => (JSON.parse(readFileSync(path.join(ROOT, 'locales/en/partners.json'), 'utf8')) as Record<string, string>)[key]!;
const notice = (s: string) => s.replace('{{publisher}}', 'RFE/RL');
const ID = (article: string, tag: string) => `tag:example.org,2026:articles/${article}/${tag}`;

/** The item whose guid is `id`, exactly as written in the RSS document. */
function rssItemBytes(rss: string, id: string): string | undefined {
  return rss.match(/ {4}<item>\n[\s\S]*?\n {4}<\/item>/g)?.find((b) => b.includes(`<guid isPermaLink="false">${id}</guid>`));
}

const NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom', content: 'http://purl.org/rss/1.0/modules/content/', dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/', media: 'http://search.yahoo.com/mrss/',
};

/** Elements of one item's bytes, parsed strictly with the namespaces of the document around it. */
function inItem(item: string, name: string) {
  const open = `<item-bytes ${Object.entries(NAMESPACES).map(([k, v]) => `xmlns:${k}="${v}"`).join(' ')}>`;
  return xmlElements(`${open}${item}</item-bytes>`, name);
}

describe('takedowns: expires and withdrawn, over time', function () {
  let p: TempProject;
  let locales: string;
  const partners = () => path.join(p.dir, 'partners');
  const build = (now: string) => {
    const r = polyfeed(['build', '--no-cache', '--content', p.content, '--locales', locales, '--partners', partners(), '--out', p.out, '--now', now]);
    expect(r.code, r.stderr).to.equal(0);
    return {
      publicFeed: (tag: string) => readOut(p.out, tag),
      partnerFeed: (tag: string) => readOut(path.join(p.out, 'partners', 'acme'), tag),
    };
  };
  const ids = (f: OutFeeds) => (f.json.items ?? []).map((i) => i.id);
  const ext = (f: OutFeeds, id: string) =>
    (JSON.parse(f.jsonText) as { items: { id: string; _polyfeed: Record<string, unknown> }[] }).items.find((i) => i.id === id)!._polyfeed;

  before(function () {
    p = tempProject();
    locales = smallLocales(['en', 'ky']);
    p.write('election/en.md', EN);
    const parsed = parseContentText(EN, 'en.md');
    p.write('election/ky.md', kyText(contentHash(parsed.fm!.title!, parsed.fm!.summary, EN.slice(parsed.bodyIndex))));
    p.write('media-law/en.md', SECOND());
    mkdirSync(partners());
    writeFileSync(path.join(partners(), 'acme.yaml'), AGREEMENT);
  });
  after(() => p.remove());

  describe('expires: 2026-03-10T00:00:00+06:00, takedownDays: 7', function () {
    let before: ReturnType<typeof build>;
    let beforeRss: { en: string; ky: string };

    it('before expires: in the public feeds; in the partner feed with its expiry ahead, image and all', function () {
      before = build('2026-03-05T00:00:00Z');
      expect(ids(before.publicFeed('en'))).to.deep.equal([ID('media-law', 'en'), ID('election', 'en')]);
      expect(ids(before.publicFeed('ky'))).to.deep.equal([ID('election', 'ky')]);
      const f = before.partnerFeed('ky');
      beforeRss = { en: before.partnerFeed('en').rssText, ky: f.rssText };
      const item = rssItemBytes(f.rssText, ID('election', 'ky'))!;
      expect(item).to.include('<dcterms:valid>end=2026-03-10T00:00:00+06:00; scheme=W3C-DTF</dcterms:valid>');
      expect(item).to.include('<dcterms:modified>2026-03-02T08:00:00+06:00</dcterms:modified>');
      expect(item).to.include('<media:content url="https://gdb.rferl.org/ballot-box.jpg"');
      expect(item).to.include('Борбордук шайлоо комиссиясы');
      expect(ext(f, ID('election', 'ky'))).to.deep.include({ expires: '2026-03-10T00:00:00+06:00' }).and.not.have.property('takedown');
    });

    it('after expires: gone from the public feeds; the partner feed carries the takedown — notice in the item\'s language, expiry in the past, newer modified, same id', function () {
      const after = build('2026-03-12T00:00:00Z');
      expect(ids(after.publicFeed('en'))).to.deep.equal([ID('media-law', 'en')]);
      expect(ids(after.publicFeed('ky'))).to.deep.equal([]);
      for (const [tag, text] of [['ky', notice(ky('takedown'))], ['en', notice(en('takedown'))]] as const) {
        const f = after.partnerFeed(tag);
        const id = ID('election', tag);
        expect(ids(f)).to.include(id);
        const was = rssItemBytes(beforeRss[tag], id)!;
        const now = rssItemBytes(f.rssText, id)!;
        // Same id, title, link and publication date; a body that is only the notice.
        for (const kept of ['<guid isPermaLink="false">', '<title>', '<link>', '<pubDate>']) {
          expect(now.split('\n').find((l) => l.includes(kept))).to.equal(was.split('\n').find((l) => l.includes(kept)));
        }
        expect(inItem(now, 'description')[0]!.text).to.equal(text);
        expect(inItem(now, 'content:encoded')[0]!.text).to.equal(`<div lang="${tag}" dir="ltr"><p class="polyfeed-takedown"><strong>${text}</strong></p></div>`);
        // Expiry in the past, and a modified date newer than the one partners saw before.
        const valid = /^end=(.+); scheme=W3C-DTF$/.exec(inItem(now, 'dcterms:valid')[0]!.text)![1]!;
        expect(Date.parse(valid)).to.be.below(Date.parse('2026-03-12T00:00:00Z'));
        const modified = (item: string) => Date.parse(inItem(item, 'dcterms:modified')[0]!.text);
        expect(modified(now)).to.be.above(modified(was));
        expect(inItem(now, 'dcterms:modified')[0]!.text).to.equal('2026-03-10T00:00:00+06:00');
        // No image goes out with a takedown.
        expect(now).not.to.include('ballot-box.jpg');
        // Atom and JSON say the same.
        const entry = f.atom.entries!.find((e) => e.id === id)!;
        expect(entry.updated).to.equal('2026-03-10T00:00:00+06:00');
        expect(xmlElements(f.atomText, 'dcterms:valid').map((e) => e.text)).to.include('end=2026-03-10T00:00:00+06:00; scheme=W3C-DTF');
        const item = f.json.items!.find((i) => i.id === id)!;
        expect(item.date_modified).to.equal('2026-03-10T00:00:00+06:00');
        expect(item.summary).to.equal(text);
        expect(item.image).to.equal(undefined);
        expect(ext(f, id)).to.deep.include({ expires: '2026-03-10T00:00:00+06:00', takedown: { cause: 'expired' } });
      }
    });

    it(`after takedownDays: the takedown is gone from the partner feed too`, function () {
      const still = build('2026-03-16T12:00:00Z'); // 6 days 18 hours after the expiry
      expect(ids(still.partnerFeed('ky'))).to.deep.equal([ID('election', 'ky')]);
      const gone = build('2026-03-17T00:00:00Z');
      expect(ids(gone.partnerFeed('ky'))).to.deep.equal([]);
      expect(ids(gone.partnerFeed('en'))).to.deep.equal([ID('media-law', 'en')]);
      expect(gone.partnerFeed('ky').rssText).not.to.include('election');
    });
  });

  describe('withdrawn', function () {
    it('leaves the public feeds at once; the partner feed carries the takedown with the reason, then drops it', function () {
      const live = build('2026-03-05T00:00:00Z');
      const wasRss = live.partnerFeed('en').rssText;
      expect(ids(live.publicFeed('en'))).to.include(ID('media-law', 'en'));
      p.write('media-law/en.md', SECOND('withdrawn:\n  reason: Legal request\n  date: 2026-03-04T12:00:00+06:00\n'));
      const taken = build('2026-03-05T00:00:00Z');
      expect(ids(taken.publicFeed('en'))).not.to.include(ID('media-law', 'en'));
      const f = taken.partnerFeed('en');
      const now = rssItemBytes(f.rssText, ID('media-law', 'en'))!;
      const was = rssItemBytes(wasRss, ID('media-law', 'en'))!;
      expect(inItem(now, 'description')[0]!.text).to.equal(notice(en('takedown')));
      expect(inItem(now, 'dcterms:valid')[0]!.text).to.equal('end=2026-03-04T12:00:00+06:00; scheme=W3C-DTF');
      expect(inItem(now, 'dcterms:modified')[0]!.text).to.equal('2026-03-04T12:00:00+06:00');
      expect(Date.parse('2026-03-04T12:00:00+06:00')).to.be.above(Date.parse(inItem(was, 'dcterms:modified')[0]!.text));
      expect(ext(f, ID('media-law', 'en'))).to.deep.include({ takedown: { cause: 'withdrawn', reason: 'Legal request' }, expires: '2026-03-04T12:00:00+06:00' });
      expect(ids(build('2026-03-11T12:00:00Z').partnerFeed('en'))).not.to.include(ID('media-law', 'en'));
    });

    it('withdrawn: <reason> takes its moment from "updated"; without one it is an error naming the line', function () {
      p.write('media-law/en.md', SECOND('updated: 2026-03-06T09:00:00+06:00\nwithdrawn: Legal request\n'));
      const f = build('2026-03-07T00:00:00Z').partnerFeed('en');
      // The moment is the version's last modified date, so the takedown is dated a second after it: it must look newer.
      expect(inItem(rssItemBytes(f.rssText, ID('media-law', 'en'))!, 'dcterms:modified')[0]!.text).to.equal('2026-03-06T09:00:01+06:00');
      expect(inItem(rssItemBytes(f.rssText, ID('media-law', 'en'))!, 'dcterms:valid')[0]!.text).to.equal('end=2026-03-06T09:00:00+06:00; scheme=W3C-DTF');
      p.write('media-law/en.md', SECOND('withdrawn: Legal request\n'));
      const r = polyfeed(['build', '--no-cache', '--content', p.content, '--locales', locales, '--partners', partners(), '--out', p.out, '--now', '2026-03-07T00:00:00Z']);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include(`${path.join(p.content, 'media-law', 'en.md')}:6:1: error: "withdrawn" needs the time of the withdrawal, and this version has no "updated" to take it from [fm-withdrawn]`);
    });
  });
});
