/**
 * `polyfeed status --format html`: the page the localization team opens. The real CLI writes
 * it for the sample and for a project with every state; Chromium opens the file and the
 * tests read its DOM, run axe-core and html-validate, and keep screenshots. A generated
 * report of 2,000 articles × 29 locales must open in bounded time, and arbitrary text from a
 * report must never become markup.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Element, Root, RootContent } from 'hast';
import { escapeHtml } from '../src/formats/html.js';
import { cleanText } from '../src/util/clean.js';
import { error } from '../src/diagnostics.js';
import { loadRegistry, type Registry } from '../src/locales/registry.js';
import { statusHtml } from '../src/status/format.js';
import { STATES, type State, type StatusReport } from '../src/status/report.js';
import { axeViolations, closeBrowser, describeViolations, openPage, queryAll, screenshot, type OpenedPage, type PageGlobals } from './support/browser.js';
import { polyfeed, ROOT } from './support/cli.js';
import { tempProject, type TempProject } from './support/fixtures.js';
import { htmlErrors } from './support/html-validity.js';

const SEED = 'kyrgyzstan-ends-us-cooperation-agreement';
const NOTICE = 'rferl-declared-undesirable-in-russia';
const GUIDE = 'reading-rferl-when-blocked';
/** A folder name that is not a valid article id: status reports it, as text. */
const HOSTILE = '<img src=x onerror=alert(1)>&amp;"';
const LETTER: Record<State, string> = { original: 'O', current: 'C', stale: 'S', missing: 'M', invalid: 'I' };
const CLASS: Record<State, string> = { original: 'o', current: 'c', stale: 's', missing: 'm', invalid: 'i' };

/** Writes the page `polyfeed status --format html` prints, and returns its path and text. */
function writeStatusPage(args: string[], file: string): string {
  const r = polyfeed(['status', '--format', 'html', ...args]);
  expect(r.code, r.stderr).to.equal(0);
  writeFileSync(file, r.stdout);
  return r.stdout;
}

/** The grid's cells as `{ article: { locale: [class, letter] } }`, read from the DOM. */
async function gridCells(opened: OpenedPage): Promise<Record<string, Record<string, [string, string]>>> {
  return opened.page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const out: Record<string, Record<string, [string, string]>> = {};
    for (const table of Array.from(g.document.querySelectorAll('table.grid'))) {
      const tags = Array.from(table.querySelectorAll('thead th abbr'), (a) => a.textContent ?? '');
      for (const tr of Array.from(table.querySelectorAll('tbody tr'))) {
        const id = tr.querySelectorAll('th')[0]!.textContent ?? '';
        out[id] = Object.fromEntries(Array.from(tr.querySelectorAll('td'), (td, i) => [tags[i]!, [td.className, td.textContent ?? '']]));
      }
    }
    return out;
  });
}

async function expectCleanPage(opened: OpenedPage, html: string): Promise<void> {
  expect(opened.consoleErrors, 'console errors').to.deep.equal([]);
  expect(opened.requests, 'requests besides the page itself').to.deep.equal([]);
  const violations = await axeViolations(opened.page);
  expect(violations, describeViolations(violations)).to.have.length(0);
  expect(await htmlErrors(html), 'html-validate errors').to.deep.equal([]);
}

describe('status --format html', function () {
  this.timeout(120_000);
  let registry: Registry;
  let p: TempProject;

  before(async function () {
    registry = (await loadRegistry(path.join(ROOT, 'locales'))).registry!;
    p = tempProject({ sampleContent: true });
  });
  after(async function () {
    await closeBrowser();
    p.remove();
  });

  it('--format names html among the formats it takes', function () {
    const r = polyfeed(['status', '--format', 'pdf']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('--format must be text, json, markdown, html, not "pdf"');
  });

  describe('on the bundled sample', function () {
    let opened: OpenedPage;
    let html: string;
    before(async function () {
      const file = path.join(p.dir, 'sample.html');
      html = writeStatusPage([], file); // the repository's own content/ and locales/
      opened = await openPage(file);
    });

    it('has a title, lang="en", landmarks and headings, and a summary first', async function () {
      const { page } = opened;
      expect(await page.title()).to.equal('Translation status: 3 articles, 29 locales');
      expect((await queryAll(page, 'html'))[0]!.attributes.lang).to.equal('en');
      expect(await queryAll(page, 'body > header')).to.have.length(1);
      expect(await queryAll(page, 'body > main')).to.have.length(1);
      expect((await queryAll(page, 'h1')).map((h) => h.text)).to.deep.equal(['Translation status']);
      expect((await queryAll(page, 'h2')).map((h) => h.text)).to.deep.equal(['Coverage by locale', 'Missing interface strings', 'Articles × locales']);
      const totals = Object.fromEntries((await queryAll(page, '.totals div')).map((d) => [d.text.replace(/\d[\d,%]*$/, ''), d.text.match(/\d[\d,%]*$/)![0]]));
      expect(totals).to.include({ Articles: '3', Locales: '29', 'Overall coverage': '40%', Problems: '0' });
    });

    it('coverage per locale as a bar with the percentage as text, and the native names', async function () {
      expect((await queryAll(opened.page, '.locales tbody th')).map((th) => th.text)).to.deep.equal(registry.locales.map((l) => l.tag));
      const rows = await queryAll(opened.page, '.locales tbody tr');
      const row = (tag: string) => rows.find((r) => r.text.startsWith(tag))!.text;
      expect(row('ru')).to.include('Русский (Russian)').and.include('100%');
      expect(row('ky')).to.include('67%');
      const fa = (await queryAll(opened.page, '.locales [lang="fa"]'))[0]!;
      expect(fa).to.deep.include({ text: 'فارسی' });
      expect(fa.attributes.dir).to.equal('rtl');
      expect(await queryAll(opened.page, '.locales .bar[aria-hidden="true"]')).to.have.length(29);
    });

    it('the grid: a column per locale (tag, native name as title), a cell per article with class and letter, a legend', async function () {
      const abbrs = await queryAll(opened.page, '.grid thead abbr');
      expect(abbrs.map((a) => a.text)).to.deep.equal(registry.locales.map((l) => l.tag));
      expect(abbrs.find((a) => a.text === 'ru')!.attributes.title).to.equal('Русский (Russian)');
      expect(abbrs.find((a) => a.text === 'en')!.attributes.title).to.equal('English');
      const cells = await gridCells(opened);
      expect(Object.keys(cells)).to.deep.equal([SEED, GUIDE, NOTICE]);
      expect(cells[SEED]!.en).to.deep.equal(['o', 'O']);
      expect(cells[SEED]!.ru).to.deep.equal(['c', 'C']);
      expect(cells[NOTICE]!.ky).to.deep.equal(['m', 'M']);
      expect(Object.values(cells[SEED]!).filter(([c]) => c === 'c')).to.have.length(28);
      const legend = (await queryAll(opened.page, '.legend li')).map((li) => li.text);
      expect(legend).to.have.length(6);
      for (const s of STATES) expect(legend.some((t) => t.startsWith(`${LETTER[s]}${s}:`)), s).to.equal(true);
      expect(legend.some((t) => t.startsWith('Cddraft'))).to.equal(true);
    });

    it('the filter hides the articles that need no work', async function () {
      const displayed = () =>
        opened.page.evaluate(() =>
          Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('.grid tbody th'))
            .filter((th) => th.getClientRects().length > 0)
            .map((th) => th.textContent),
        );
      expect(await displayed()).to.deep.equal([SEED, GUIDE, NOTICE]);
      await opened.page.click('#only-work');
      expect(await displayed()).to.deep.equal([GUIDE, NOTICE]);
      await opened.page.click('#only-work');
    });

    it('keyboard focus is visible', async function () {
      await opened.page.reload({ waitUntil: 'load' });
      await opened.page.keyboard.press('Tab'); // the skip link
      const outline = await opened.page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        const el = g.document.activeElement!;
        const st = g.getComputedStyle(el);
        return { text: el.textContent, style: st.outlineStyle, width: st.outlineWidth };
      });
      expect(outline).to.deep.equal({ text: 'Skip to the articles', style: 'solid', width: '3px' });
      await opened.page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement!.blur()); // out of the screenshot
    });

    it('no console errors, no requests, axe 0 violations, html-validate 0 errors; screenshot', async function () {
      await expectCleanPage(opened, html);
      await screenshot(opened.page, 'status-sample');
    });
  });

  describe('on a project with every state', function () {
    let opened: OpenedPage;
    let html: string;
    const git = (...args: string[]) => execFileSync('git', ['-C', p.dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
    const file = (id: string, tag: string) => path.join(p.content, id, `${tag}.md`);
    const edit = (f: string, from: string, to: string) => {
      const text = readFileSync(f, 'utf8');
      expect(text).to.include(from);
      writeFileSync(f, text.replace(from, to));
    };

    before(async function () {
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'sample');
      edit(file(NOTICE, 'en'), 'in 27 languages in 23 countries', 'in 27 languages in 23 countries and territories'); // ru, uk stale
      git('commit', '-qam', 'edit the original');
      rmSync(file(SEED, 'ky')); // missing
      edit(file(SEED, 'fa'), 'translationOf: en', 'translationOf: [en'); // invalid
      edit(file(SEED, 'uk'), 'translationOf: en\n', 'translationOf: en\ndraft: true\n'); // a current draft
      p.write(`${HOSTILE}/en.md`, readFileSync(file(NOTICE, 'en'))); // an invalid id, shown as text
      const feed = path.join(p.locales, 'ky', 'feed.json');
      const strings = JSON.parse(readFileSync(feed, 'utf8')) as Record<string, string>;
      delete strings.copyright;
      writeFileSync(feed, JSON.stringify(strings, null, 2));
      const page = path.join(p.dir, 'all-states.html');
      html = writeStatusPage(['--content', p.content, '--locales', p.locales], page);
      opened = await openPage(page);
    });

    it('every state and the draft, each with its class and letter', async function () {
      const cells = await gridCells(opened);
      expect(Object.keys(cells)).to.deep.equal([HOSTILE, SEED, GUIDE, NOTICE]);
      expect(cells[NOTICE]!.ru).to.deep.equal(['s', 'S']);
      expect(cells[NOTICE]!.uk).to.deep.equal(['s', 'S']);
      expect(cells[NOTICE]!.en).to.deep.equal(['o', 'O']);
      expect(cells[SEED]!.ky).to.deep.equal(['m', 'M']);
      expect(cells[SEED]!.fa).to.deep.equal(['i', 'I']);
      expect(cells[SEED]!.uk).to.deep.equal(['c d', 'Cd']);
      expect(cells[SEED]!.ru).to.deep.equal(['c', 'C']);
      expect(cells[HOSTILE]!.en).to.deep.equal(['i', 'I']);
      for (const [state, cls] of Object.entries(CLASS)) expect(Object.values(cells).flatMap((row) => Object.values(row)).some(([c]) => c.split(' ')[0] === cls), state).to.equal(true);
    });

    it('text from the report stays text: the hostile id, file names and messages', async function () {
      expect(await queryAll(opened.page, 'img')).to.have.length(0);
      const problems = (await queryAll(opened.page, '.problems li')).map((li) => li.text);
      expect(problems).to.have.length(2);
      expect(problems.some((t) => t.includes(`${path.join(p.content, HOSTILE)} article id "${HOSTILE}" is not a valid slug`))).to.equal(true);
      expect(problems.some((t) => t.startsWith(`${file(SEED, 'fa')}:3:16 `) && t.includes('the "[" here is never closed with "]"'))).to.equal(true);
      expect(html).not.to.include(HOSTILE);
      expect(html).to.include(escapeHtml(HOSTILE));
    });

    it('the summary, coverage, drafts and the missing interface strings', async function () {
      const totals = (await queryAll(opened.page, '.totals div')).map((d) => d.text);
      expect(totals).to.include.members(['Articles4', 'Stale2', 'Invalid2', 'Drafts1', 'Missing strings1', 'Problems2']);
      const ru = (await queryAll(opened.page, '.locales tbody tr')).find((r) => r.text.startsWith('ru'))!;
      expect(ru.text).to.include('50%');
      const ky = (await queryAll(opened.page, '.strings tbody tr')).map((r) => r.text);
      expect(ky).to.deep.equal(['kyfeed:copyright—']);
      const link = (await queryAll(opened.page, '.locales a[href^="#strings-"]'))[0]!;
      expect(link.text).to.equal('1 missing');
      expect(await queryAll(opened.page, link.attributes.href!)).to.have.length(1);
    });

    it('in a narrow window the grid scrolls sideways: no locale column is clipped', async function () {
      const narrow = await openPage(path.join(p.dir, 'all-states.html'), { width: 720 });
      const overflow = await narrow.page.evaluate(() =>
        Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('table.grid'), (table) => table.getBoundingClientRect().right - table.closest('.block')!.getBoundingClientRect().right),
      );
      expect(overflow).to.have.length(1);
      expect(overflow[0]).to.be.at.most(0.5);
      await narrow.page.close();
    });

    it('no console errors, no requests, axe 0 violations, html-validate 0 errors; screenshot', async function () {
      await expectCleanPage(opened, html);
      await screenshot(opened.page, 'status-all-states');
    });
  });

  describe('2,000 articles × 29 locales', function () {
    it('opens in bounded time with 2,000 rows', async function () {
      const report = syntheticReport(registry, 2000);
      const file = path.join(p.dir, 'large.html');
      const html = statusHtml(report, registry);
      writeFileSync(file, html);
      const opened = await openPage(file);
      const { load, painted } = opened.timings;
      console.log(`      ${(html.length / 1e6).toFixed(1)} MB; loaded in ${Math.round(load)} ms, first frame after ${Math.round(painted)} ms`);
      expect(painted, 'ms until the page is loaded and painted').to.be.below(15_000);
      expect(opened.consoleErrors).to.deep.equal([]);
      const count = await opened.page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('.grid tbody tr').length);
      expect(count).to.equal(2000);
      expect(await opened.page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('.grid tbody td').length)).to.equal(2000 * 29);
      await screenshot(opened.page, 'status-2000-articles', { fullPage: false });
      await opened.page.close();
    });
  });
});

/** A report of `n` articles over the registry's locales with every state, from a fixed seed. */
function syntheticReport(registry: Registry, n: number): StatusReport {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const tags = registry.locales.map((l) => l.tag);
  const articles = Array.from({ length: n }, (_, i) => {
    const locales: Record<string, State> = {};
    const drafts: string[] = [];
    tags.forEach((t, j) => {
      const r = random();
      locales[t] = j === 0 ? 'original' : r < 0.6 ? 'current' : r < 0.75 ? 'stale' : r < 0.97 ? 'missing' : 'invalid';
      if (locales[t] === 'current' && random() < 0.05) drafts.push(t);
    });
    return { id: `article-${String(i + 1).padStart(4, '0')}-on-a-story`, original: 'en', locales, drafts };
  });
  return { articles, locales: localeStatus(tags, articles), problems: [] };
}

function localeStatus(tags: string[], articles: StatusReport['articles'], keys: (tag: string) => { missingKeys: string[]; extraKeys: string[] } = () => ({ missingKeys: [], extraKeys: [] })): StatusReport['locales'] {
  return Object.fromEntries(
    tags.map((t) => {
      const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
      for (const a of articles) counts[a.locales[t]!]++;
      return [t, { coverage: articles.length ? (counts.original + counts.current) / articles.length : 1, counts, ...keys(t) }];
    }),
  );
}

describe('status HTML: text from a report never becomes markup', function () {
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '&amp;', '&lt;b&gt;', '</td></tr></table>', '<!--', '-->', '<![CDATA[', ']]>', '<style>', '\u0000', '\r\n', '\uD800'),
  );
  const text = fc.array(hostile, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));

  it('escapeHtml: the five characters, and controls cleaned', function () {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\r\nc')).to.equal('ab\nc');
  });

  it('arbitrary ids, locale tags, keys, files and messages: the same elements as with plain text, and the text intact', function () {
    const arbitraryReport = fc
      .record({
        tags: fc.uniqueArray(text, { minLength: 1, maxLength: 4 }),
        ids: fc.uniqueArray(text, { minLength: 0, maxLength: 4 }),
        keys: fc.array(text, { maxLength: 3 }),
        problems: fc.array(fc.record({ file: fc.option(text, { nil: undefined }), line: fc.option(fc.nat(99), { nil: undefined }), message: text, hint: fc.option(text, { nil: undefined }) }), { maxLength: 3 }),
        states: fc.infiniteStream(fc.constantFrom(...STATES)),
      })
      .map(({ tags, ids, keys, problems, states }): StatusReport => {
        const articles = ids.map((id) => {
          const locales = Object.fromEntries(tags.map((t) => [t, states.next().value as State]));
          return { id, original: tags[0]!, locales, drafts: tags.filter((t) => locales[t] === 'current').slice(0, 1) };
        });
        return {
          articles,
          locales: localeStatus(tags, articles, (t) => (t === tags[0] ? { missingKeys: keys, extraKeys: keys.slice(1) } : { missingKeys: [], extraKeys: [] })),
          problems: problems.map((d) => error('fm-yaml', d.message, {
            ...(d.file !== undefined ? { file: d.file } : {}), ...(d.line !== undefined ? { line: d.line } : {}), ...(d.hint !== undefined ? { hint: d.hint } : {}),
          })),
        };
      });
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        const page = fromHtml(statusHtml(report));
        const plain = fromHtml(statusHtml(tame(report)));
        expect(skeleton(page)).to.deep.equal(skeleton(plain));
        const rowHeaders = elements(page).filter((e) => e.tagName === 'th' && e.properties.scope === 'row' && hasClass(ancestorTable(page, e), 'grid'));
        expect(rowHeaders.map((th) => toString(th))).to.deep.equal(report.articles.map((a) => cleanText(a.id)));
        const messages = elements(page).filter((e) => e.tagName === 'li' && hasClass(parentOf(page, e), 'problems'));
        messages.forEach((li, i) => expect(toString(li)).to.include(cleanText(report.problems[i]!.message)));
      }),
      { numRuns: 150 },
    );
  });
});

/** The same report with every string replaced by a plain one (equal strings stay equal). */
function tame(report: StatusReport): StatusReport {
  const names = new Map<string, string>();
  const t = (s: string) => names.get(s) ?? (names.set(s, `x${names.size}`), `x${names.size - 1}`);
  const retag = <V>(r: Record<string, V>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [t(k), v]));
  return {
    articles: report.articles.map((a) => ({ id: t(a.id), original: a.original === null ? null : t(a.original), locales: retag(a.locales), drafts: a.drafts.map(t) })),
    locales: retag(Object.fromEntries(Object.entries(report.locales).map(([k, l]) => [k, { ...l, missingKeys: l.missingKeys.map(t), extraKeys: l.extraKeys.map(t) }]))),
    problems: report.problems.map((d) => error(d.ruleId, t(d.reason), {
      ...(d.file ? { file: t(d.file) } : {}), ...(d.line !== undefined ? { line: d.line } : {}), ...(d.hint !== undefined ? { hint: t(d.hint) } : {}),
    })),
  };
}

function elements(node: Root | Element): Element[] {
  const out: Element[] = [];
  const walk = (n: Root | RootContent) => {
    if (n.type === 'element') out.push(n);
    if ('children' in n) n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** Every element in document order with its attributes: what the template made. */
function skeleton(root: Root): string[] {
  return elements(root).map((e) => `${e.tagName} ${JSON.stringify(e.properties)}`);
}

function parentOf(root: Root, child: Element): Element | undefined {
  return elements(root).find((e) => e.children.includes(child));
}

function ancestorTable(root: Root, e: Element): Element | undefined {
  let at: Element | undefined = e;
  while (at && at.tagName !== 'table') at = parentOf(root, at);
  return at;
}

function hasClass(e: Element | undefined, name: string): boolean {
  const c = e?.properties.className;
  return Array.isArray(c) && c.includes(name);
}
