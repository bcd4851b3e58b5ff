/**
 * What a reader sees: the sample build opened in headless Chromium (file:// URLs, no network),
 * asserted on the DOM and on computed styles, checked by axe-core, and kept as screenshots in
 * dist/screenshots/ for a person to look at.
 */
/// <reference lib="dom" />
import { expect } from 'chai';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { loadRegistry, type Registry } from '../src/locales/registry.js';
import { closeBrowser, openPage, screenshot, type OpenedPage } from './support/page-browser.js';
import { polyfeed } from './support/cli.js';
import { tempProject, type TempProject } from './support/fixtures.js';

const NOW = '2026-11-27T12:00:00Z';
const BASE = 'https://feeds.example.org/rferl/';
const IMAGE = 'https://gdb.rferl.org/azimjon-askarov-undated.jpg';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (the background opaque). */
function contrast(fg: string, bg: string): number {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lum = (c: string) => {
    const [r, g, b] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

describe('what readers see in a browser (headless Chromium)', function () {
  this.timeout(180_000);
  let project: TempProject;
  let out: string;
  let registry: Registry;
  const opened: OpenedPage[] = [];
  const open = async (rel: string, viewport?: { width: number; height: number }) => {
    const o = await openPage(path.join(out, rel), viewport);
    opened.push(o);
    return o;
  };

  before(async function () {
    project = tempProject({ sampleContent: true });
    out = project.out;
    const r = polyfeed(['build', '--content', project.content, '--locales', project.locales, '--out', out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    registry = (await loadRegistry(project.locales)).registry!;
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.page.close();
  });
  after(async () => {
    await closeBrowser();
    project?.remove();
  });

  it('out/index.html: its title, every language by its own name with lang and dir, the OPML; no console error, nothing loaded from elsewhere', async function () {
    const { page, consoleErrors, external } = await open('index.html');
    expect(await page.title()).to.equal('RFE/RL news feeds');
    const links = await page.$$eval('main nav a', (as) => as.map((a) => [a.textContent, a.lang, a.dir, a.getAttribute('href')]));
    expect(links).to.deep.equal(registry.locales.map((l) => [l.name, l.feedTag, l.dir, `${l.tag}/index.html`]));
    expect(await page.$eval('a[href="feeds.opml"]', (a) => (a as HTMLElement).innerText)).to.equal('Every feed in every language as one OPML file');
    // The page style sheet applies (system fonts, no default Times).
    expect(await page.$eval('body', (b) => getComputedStyle(b).fontFamily)).to.match(/^system-ui/);
    expect(consoleErrors).to.deep.equal([]);
    expect(external).to.deep.equal([]);
    await screenshot(page, 'site');
  });

  it('out/fa/index.html: right to left and mirrored, every feed address, the newest items; no console error', async function () {
    const { page, consoleErrors, external } = await open('fa/index.html');
    expect(await page.$eval('html', (h) => [h.getAttribute('lang'), h.getAttribute('dir'), getComputedStyle(h).direction])).to.deep.equal(['fa', 'rtl', 'rtl']);
    expect(await page.title()).to.equal('رادیو فردا: تازه‌ترین مطالب و خوراک‌ها');
    const text = await page.$eval('body', (b) => (b as HTMLElement).innerText);
    for (const f of ['rss.xml', 'atom.xml', 'feed.json']) expect(text).to.include(`${BASE}fa/${f}`);
    expect(await page.$$eval('.feeds li', (lis) => lis.slice(0, 3).map((li) => [li.querySelector('.format')!.textContent, li.querySelector('a')!.href]))).to.deep.equal(
      [['RSS 2.0', `${BASE}fa/rss.xml`], ['Atom 1.0', `${BASE}fa/atom.xml`], ['JSON Feed 1.1', `${BASE}fa/feed.json`]]);
    // Then the topics: each category by its Persian name, with its own three feeds.
    const topics = await page.$$eval('.topics > li', (lis) => lis.map((li) => [li.querySelector('h4')!.textContent, Array.from(li.querySelectorAll('a'), (a) => a.href)]));
    expect(topics.length).to.be.greaterThan(0);
    for (const [name, hrefs] of topics) {
      expect(name).to.match(/[\u0600-\u06FF]/);
      expect(hrefs).to.have.length(3);
      for (const h of hrefs as string[]) expect(h).to.match(new RegExp(`^${BASE}fa/categories/[a-z0-9-]+/(rss\\.xml|atom\\.xml|feed\\.json)$`));
    }
    expect(await page.$$eval('link[rel="alternate"][type]', (ls) => ls.map((l) => [l.getAttribute('type'), l.getAttribute('href')]))).to.deep.equal(
      [['application/rss+xml', `${BASE}fa/rss.xml`], ['application/atom+xml', `${BASE}fa/atom.xml`], ['application/feed+json', `${BASE}fa/feed.json`]]);
    // Mirrored: the subscribe panel's rule is on the right, the headline starts at the right edge, the image floats left.
    const layout = await page.evaluate(() => {
      const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
      const panel = getComputedStyle(document.querySelector('.subscribe')!);
      return {
        rule: [panel.borderRightWidth, panel.borderLeftWidth],
        h1Right: Math.round(box('h1').right),
        mainRight: Math.round(box('main').right),
        imageLeft: Math.round(box('.items img').left),
        mainLeft: Math.round(box('main').left),
        item: document.querySelector('.items time')!.textContent,
      };
    });
    expect(layout.rule).to.deep.equal(['6px', '0px']);
    expect(layout.h1Right).to.equal(layout.mainRight);
    expect(layout.imageLeft).to.equal(layout.mainLeft);
    expect(layout.item).to.equal('۳۰ تیر ۱۳۹۴');
    expect(await page.$eval('.items img', (i) => (i as HTMLImageElement).alt)).to.equal('عظیم‌جان عسکروف در عکسی بدون تاریخ');
    expect(consoleErrors).to.deep.equal([]);
    // The article image is the only thing not in out/ (the test answers it with a placeholder).
    expect(external).to.deep.equal([IMAGE]);
    await screenshot(page, 'fa-page');
    const narrow = await open('fa/index.html', { width: 390, height: 844 });
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).to.equal(390);
    await screenshot(narrow.page, 'fa-page-narrow');
  });

  it('readable without JavaScript: the pages carry no script, and show the same with scripts off', async function () {
    const { page } = await open('en/index.html');
    expect(await page.$$('script')).to.have.length(0);
    const withScripts = await page.$eval('body', (b) => (b as HTMLElement).innerText);
    const off = await (await page.browser().newPage());
    try {
      await off.setJavaScriptEnabled(false);
      await off.goto(pathToFileURL(path.join(out, 'en/index.html')).href, { waitUntil: 'domcontentloaded' });
      expect(await off.$eval('body', (b) => (b as HTMLElement).innerText)).to.equal(withScripts);
      expect(withScripts).to.include('Kyrgyzstan Ends U.S. Cooperation Agreement Amid Human Rights Dispute');
    } finally {
      await off.close();
    }
    await screenshot(page, 'en-page');
  });

  it('the keyboard: the skip link is the first stop, visible with a focus ring, and leads to <main>', async function () {
    const { page } = await open('fa/index.html');
    const hidden = await page.$eval('.skip', (a) => a.getBoundingClientRect().bottom);
    expect(hidden, 'off screen until focused').to.be.at.most(0);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const s = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      return { cls: a.className, href: a.getAttribute('href'), top: r.top, outline: [s.outlineStyle, s.outlineWidth] };
    });
    expect(focused.cls).to.equal('skip');
    expect(focused.href).to.equal('#main');
    expect(focused.top).to.be.at.least(0);
    expect(focused.outline).to.deep.equal(['solid', '3px']);
    await screenshot(page, 'fa-page-skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).to.equal('#main');
  });

  it('axe-core finds no violation on the root page and the en, fa, ps and uz-Cyrl pages', async function () {
    const found: Record<string, string[]> = {};
    for (const rel of ['index.html', 'en/index.html', 'fa/index.html', 'ps/index.html', 'uz-Cyrl/index.html']) {
      const { page } = await open(rel);
      found[rel] = await axeViolations(page);
    }
    expect(found).to.deep.equal(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  /** What a browser shows of a feed: the notice, the title, the headlines, and nothing else. */
  const feedView = (page: Page) => page.evaluate(() => {
    const root = document.documentElement;
    const shown = (e: Element | null | undefined) => Boolean(e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0);
    const all = Array.from(root.getElementsByTagName('*'));
    const named = (n: string) => all.filter((e) => e.localName === n);
    const before = getComputedStyle(root, '::before');
    const title = all.find((e) => e.localName === 'title' && e.parentElement && ['channel', 'feed'].includes(e.parentElement.localName))!;
    const headlines = all.filter((e) => e.localName === 'title' && e.parentElement && ['item', 'entry'].includes(e.parentElement.localName));
    return {
      notice: before.content,
      noticeShown: before.display === 'block',
      noticeColours: [before.color, before.backgroundColor],
      dir: getComputedStyle(root).direction,
      title: shown(title) ? title.textContent : null,
      titleColours: [getComputedStyle(title).color, getComputedStyle(root).backgroundColor],
      headlines: headlines.filter(shown).map((e) => e.textContent),
      hidden: [...named('description'), ...named('summary'), ...named('content'), ...named('encoded'), ...named('guid'), ...named('id')].filter(shown).length,
    };
  });

  it('out/en/rss.xml shows, through its CSS, what it is, its title and its headlines, and hides the rest', async function () {
    const { page, consoleErrors, external } = await open('en/rss.xml');
    const view = await feedView(page);
    expect(view.notice).to.equal('"This is a web feed: copy its address into a feed reader to follow the latest stories."');
    expect(view.noticeShown).to.equal(true);
    expect(view.dir).to.equal('ltr');
    expect(view.title).to.equal('Radio Free Europe/Radio Liberty');
    expect(view.headlines).to.deep.equal([
      'How to Keep Reading RFE/RL When Our Websites Are Blocked',
      'RFE/RL Declared an "Undesirable Organization" by the Russian Government',
      'Kyrgyzstan Ends U.S. Cooperation Agreement Amid Human Rights Dispute',
    ]);
    expect(view.hidden, 'descriptions, content and ids shown').to.equal(0);
    expect(contrast(view.noticeColours[0]!, view.noticeColours[1]!)).to.be.at.least(4.5);
    expect(contrast(view.titleColours[0]!, view.titleColours[1]!)).to.be.at.least(4.5);
    // The feed's address, from its self link.
    const address = await page.evaluate(() => {
      const self = Array.from(document.documentElement.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')).find((l) => l.getAttribute('rel') === 'self')!;
      return getComputedStyle(self, '::before').content;
    });
    expect(address).to.equal(`"Feed address: ${BASE}en/rss.xml"`);
    expect(consoleErrors).to.deep.equal([]);
    expect(external).to.deep.equal([]);
    await screenshot(page, 'en-rss');
  });

  it('out/fa/atom.xml shows the same in Persian, right to left', async function () {
    const { page, consoleErrors, external } = await open('fa/atom.xml');
    const view = await feedView(page);
    expect(view.notice).to.equal('"این یک خوراک وب است: برای دنبال کردن تازه‌ترین مطالب، نشانی آن را در یک برنامهٔ خوراک‌خوان کپی کنید."');
    expect(view.noticeShown).to.equal(true);
    expect(view.dir).to.equal('rtl');
    expect(view.title).to.equal('رادیو فردا — بخش فارسی رادیو اروپای آزاد/رادیو آزادی');
    expect(view.headlines).to.deep.equal(['قرقیزستان در پی اختلاف بر سر حقوق‌بشر، توافق همکاری با آمریکا را لغو کرد']);
    expect(view.hidden).to.equal(0);
    expect(contrast(view.noticeColours[0]!, view.noticeColours[1]!)).to.be.at.least(4.5);
    // Right to left: the notice's rule is on the right, the title ends at the right edge of the column.
    const edges = await page.evaluate(() => {
      const root = document.documentElement;
      const before = getComputedStyle(root, '::before');
      const title = root.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'title')[0]!;
      const r = root.getBoundingClientRect();
      return { rule: [before.borderRightWidth, before.borderLeftWidth], titleRight: Math.round(title.getBoundingClientRect().right), columnRight: Math.round(r.right - parseFloat(getComputedStyle(root).paddingRight)) };
    });
    expect(edges.rule).to.deep.equal(['6px', '0px']);
    expect(edges.titleRight).to.equal(edges.columnRight);
    expect(consoleErrors).to.deep.equal([]);
    expect(external).to.deep.equal([]);
    await screenshot(page, 'fa-atom');
  });

  it('an archive month shows its title and headlines without the "Latest stories" heading of the current feed', async function () {
    const heading = (page: Page) => page.evaluate(() => {
      const first = Array.from(document.documentElement.getElementsByTagName('*')).find((e) => e.localName === 'item' || e.localName === 'entry')!;
      const b = getComputedStyle(first, '::before');
      return b.display === 'none' ? null : b.content;
    });
    const current = await open('en/atom.xml');
    expect(await heading(current.page)).to.equal('"Latest stories"');
    for (const rel of ['en/archive/2015-07.atom.xml', 'en/archive/2015-07.rss.xml']) {
      const { page, consoleErrors, external } = await open(rel);
      const view = await feedView(page);
      expect(view.title, rel).to.equal('Radio Free Europe/Radio Liberty — 2015-07');
      expect(view.headlines.length, rel).to.be.greaterThan(0);
      expect(await heading(page), rel).to.equal(null);
      expect(consoleErrors).to.deep.equal([]);
      expect(external).to.deep.equal([]);
      await screenshot(page, `en-archive-${rel.endsWith('.rss.xml') ? 'rss' : 'atom'}`);
    }
  });
});
