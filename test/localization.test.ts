/**
 * The localization team's workflow on a copy of the sample kept in git: status in three
 * formats with every state, translate, edit the original, see it stale, refresh, accept.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { polyfeed } from './support/cli.js';
import { tempProject, type TempProject } from './support/fixtures.js';

const SEED = 'kyrgyzstan-ends-us-cooperation-agreement';
const NOTICE = 'rferl-declared-undesirable-in-russia';

describe('localization workflow', function () {
  let p: TempProject;
  const git = (...args: string[]) => execFileSync('git', ['-C', p.dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
  const run = (...args: string[]) => polyfeed([...args, '--content', p.content, '--locales', p.locales]);
  const statusJson = () => {
    const r = run('status', '--format', 'json');
    expect(r.code, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as {
      articles: { id: string; original: string | null; locales: Record<string, string>; drafts: string[] }[];
      locales: Record<string, { coverage: number; counts: Record<string, number>; missingKeys: string[]; extraKeys: string[] }>;
      problems: { file: string; line: number; message: string }[];
    };
  };
  const file = (id: string, tag: string) => path.join(p.content, id, `${tag}.md`);
  const edit = (f: string, from: string, to: string) => {
    const text = readFileSync(f, 'utf8');
    expect(text).to.include(from);
    writeFileSync(f, text.replace(from, to));
  };

  before(function () {
    p = tempProject({ sampleContent: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'sample');
  });
  after(() => p.remove());

  it('on the sample: the original, current translations and missing ones, with coverage', function () {
    const s = statusJson();
    const seed = s.articles.find((a) => a.id === SEED)!;
    expect(seed.original).to.equal('en');
    expect(seed.locales.en).to.equal('original');
    expect(Object.values(seed.locales).filter((x) => x === 'current')).to.have.length(28);
    const notice = s.articles.find((a) => a.id === NOTICE)!;
    expect(notice.locales).to.include({ en: 'original', ru: 'current', uk: 'current', ky: 'missing', fa: 'missing' });
    expect(s.locales.ru).to.deep.include({ coverage: 1, missingKeys: [], extraKeys: [] });
    // ky has the seed story and the guide for readers whose sites are blocked, not the notice.
    expect(s.locales.ky!.coverage).to.be.closeTo(2 / 3, 1e-9);
    expect(s.locales.ky!.counts).to.deep.equal({ original: 0, current: 2, stale: 0, missing: 1, invalid: 0 });
  });

  describe('after editing an original, deleting a translation and breaking another', function () {
    before(function () {
      edit(file(NOTICE, 'en'), 'in 27 languages in 23 countries', 'in 27 languages in 23 countries and territories');
      git('commit', '-qam', 'edit the original');
      rmSync(file(SEED, 'ky'));
      edit(file(SEED, 'fa'), 'translationOf: en', 'translationOf: [en');
    });

    it('JSON: stale, missing and invalid (with the file and line), and the gaps in strings', function () {
      const s = statusJson();
      const notice = s.articles.find((a) => a.id === NOTICE)!;
      expect(notice.locales).to.include({ en: 'original', ru: 'stale', uk: 'stale' });
      const seed = s.articles.find((a) => a.id === SEED)!;
      expect(seed.locales).to.include({ en: 'original', ky: 'missing', fa: 'invalid', ru: 'current' });
      expect(s.problems).to.have.length(1);
      expect(s.problems[0]).to.deep.include({ file: path.join(p.content, SEED, 'fa.md'), line: 3, column: 16 });
      expect(s.problems[0]!.message).to.include('the "[" here is never closed with "]"');
      expect(s.locales.ru!.counts).to.deep.equal({ original: 0, current: 2, stale: 1, missing: 0, invalid: 0 });
    });

    it('text: a table per locale, then per article the locales that need work, then the problems', function () {
      const r = run('status');
      expect(r.code).to.equal(0);
      expect(r.stdout).not.to.match(/\u001b\[/); // no colours when not on a terminal
      expect(r.stdout).to.match(/^3 articles, 29 locales\n/);
      expect(r.stdout).to.match(/\nlocale\s+coverage\s+original\s+current\s+stale\s+missing\s+invalid\s+strings\n/);
      expect(r.stdout).to.match(/\nru\s+67%\s+0\s+2\s+1\s+0\s+0\s+complete\n/);
      expect(r.stdout).to.match(/\nfa\s+0%\s+0\s+0\s+0\s+2\s+1\s+complete\n/);
      expect(r.stdout).to.include(`${SEED} (original: en)\n  invalid  fa\n  missing  ky\n`);
      expect(r.stdout).to.include(`${NOTICE} (original: en)\n  stale    ru uk\n`);
      expect(r.stdout).to.include(`problems\n  ${path.join(p.content, SEED, 'fa.md')}:3:`);
    });

    it('markdown: a table for a pull-request comment', function () {
      const r = run('status', '--format', 'markdown');
      expect(r.code).to.equal(0);
      expect(r.stdout).to.match(/^### Translation status: 3 articles, 29 locales\n\n\| locale \| coverage \| original \| current \| stale \| missing \| invalid \| missing strings \|\n/);
      expect(r.stdout).to.include('| ru | 67% | 0 | 2 | **1** | 0 | 0 | — |');
      expect(r.stdout).to.include(`| \`${NOTICE}\` | ru, uk |`);
      expect(r.stdout).to.include(`| \`${SEED}\` | — | ky | fa |`);
    });

    it('--fail-on stale,missing exits 1 for CI; without it, 0; a bad state is a usage error', function () {
      const failing = run('status', '--fail-on', 'stale,missing');
      expect(failing.code).to.equal(1);
      expect(failing.stderr).to.include('stale, missing translations found');
      expect(run('status', '--fail-on', 'invalid').code).to.equal(1);
      expect(run('status').code).to.equal(0);
      const bad = run('status', '--fail-on', 'outdated');
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include('--fail-on takes a comma-separated list of: current, stale, missing, invalid');
    });

    it('the build sums the gaps up in one line; --verbose prints one line per locale; --strict makes them errors', function () {
      edit(file(SEED, 'fa'), 'translationOf: [en', 'translationOf: en');
      const quiet = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);
      expect(quiet.code, quiet.stderr).to.equal(0);
      const summary = quiet.stderr.split('\n').filter((l) => l.includes('[translations-incomplete]'));
      expect(summary).to.have.length(1);
      expect(summary[0]).to.match(/^polyfeed: warning: 28 locales lack translations \(\d+ missing and 2 stale in all\): ru, uk, be, .* \[translations-incomplete\]$/);
      const r = polyfeed(['build', '--verbose', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);
      expect(r.code, r.stderr).to.equal(0);
      const lines = r.stderr.split('\n').filter((l) => l.includes('warning: translations:'));
      expect(lines).to.have.length(28); // every locale but en: ru and uk stale, the 26 others missing the notice (and all but ru and ky the guide)
      expect(lines).to.include(`${path.join(p.content, '*', 'ru.md')}: warning: translations: 1 stale (${NOTICE}) [translations-incomplete]`);
      expect(lines).to.include(`${path.join(p.content, '*', 'ky.md')}: warning: translations: 2 missing (${SEED}, ${NOTICE}) [translations-incomplete]`);
      const strict = polyfeed(['build', '--strict', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);
      expect(strict.code).to.equal(1);
      expect(strict.stderr).to.include(`${path.join(p.content, '*', 'ru.md')}: error: translations: 1 stale (${NOTICE}) [translations-incomplete]`);
      expect(strict.stderr).to.match(/nothing was published/);
    });
  });

  describe('as a translator: start, see stale after an edit, refresh, accept', function () {
    it('translate creates the file that status then reports as current (a draft, not yet in feeds)', function () {
      const r = run('translate', NOTICE, 'ky');
      expect(r.code, r.stderr).to.equal(0);
      const text = readFileSync(file(NOTICE, 'ky'), 'utf8');
      expect(text).to.match(/\ntranslationOf: en\nsourceHash: [0-9a-f]{12}\ndraft: true\n/);
      expect(text).to.include('title: RFE/RL Declared an "Undesirable Organization" by the Russian Government\n');
      expect(text).to.include('\nRFE/RL has been declared an "undesirable organization" by the Russian government.\n');
      const s = statusJson();
      const notice = s.articles.find((a) => a.id === NOTICE)!;
      expect(notice.locales.ky).to.equal('current');
      expect(notice.drafts).to.deep.equal(['ky']);
      const build = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', '2026-01-01T00:00:00Z']);
      expect(build.code, build.stderr).to.equal(0);
      expect(readFileSync(path.join(p.out, 'ky', 'feed.json'), 'utf8')).not.to.include(`/${NOTICE}/ky`);
    });

    it('refuses to overwrite, and refuses an unknown locale with the list of valid ones', function () {
      const again = run('translate', NOTICE, 'ky');
      expect(again.code).to.equal(1);
      expect(again.stderr).to.include('already exists; not overwriting it');
      const unknown = run('translate', NOTICE, 'kg');
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.include('"kg" is not a locale of the registry. Did you mean ky?');
      expect(unknown.stderr).to.include('Valid locales: en ru uk be ky kk uz-Latn uz-Cyrl tg tk tt ba ce av crh az hy ka fa fa-AF ps sq bs sr-Latn mk cnr ro-MD bg hu');
      expect(existsSync(file(NOTICE, 'kg'))).to.equal(false);
    });

    it('after the original is edited, --refresh shows what changed, and --accept makes it current', function () {
      git('add', '.');
      git('commit', '-qm', 'start ky');
      edit(file(NOTICE, 'en'), 'uncensored news, responsible discussion', 'uncensored news, fact-checked reporting, responsible discussion');
      git('commit', '-qam', 'edit again');
      expect(statusJson().articles.find((a) => a.id === NOTICE)!.locales.ky).to.equal('stale');
      const refresh = run('translate', '--refresh', NOTICE, 'ky');
      expect(refresh.code, refresh.stderr).to.equal(0);
      expect(refresh.stdout).to.include('-RFE/RL journalists report the news in 27 languages in 23 countries and territories where a free press is banned by the government or not fully established. We provide what many people cannot get locally: uncensored news, responsible discussion, and open debate.');
      expect(refresh.stdout).to.include('+RFE/RL journalists report the news in 27 languages in 23 countries and territories where a free press is banned by the government or not fully established. We provide what many people cannot get locally: uncensored news, fact-checked reporting, responsible discussion, and open debate.');
      expect(refresh.stdout).to.include(`polyfeed translate --refresh --accept ${NOTICE} ky`);
      expect(statusJson().articles.find((a) => a.id === NOTICE)!.locales.ky).to.equal('stale');
      const accept = run('translate', '--refresh', '--accept', NOTICE, 'ky');
      expect(accept.code, accept.stderr).to.equal(0);
      expect(statusJson().articles.find((a) => a.id === NOTICE)!.locales.ky).to.equal('current');
    });

    it('ru, stale since the first edit, is refreshed against the version in git history', function () {
      const refresh = run('translate', '--refresh', NOTICE, 'ru');
      expect(refresh.stdout).to.include('+RFE/RL journalists report the news in 27 languages in 23 countries and territories');
      expect(refresh.stdout).to.include('-RFE/RL journalists report the news in 27 languages in 23 countries where');
    });
  });
});

describe('the translators a build uses', function () {
  it('answer every string of every locale as i18next does, the first time and every time after', async function () {
    const { loadRegistry } = await import('../src/locales/registry.js');
    const { createTranslators, loadResources } = await import('../src/locales/i18n.js');
    const { registry } = await loadRegistry('locales');
    const { resources } = await loadResources('locales', registry!);
    const translators = createTranslators(registry!, resources);
    const keys = [...new Set(Object.values(resources).flatMap((r) => Object.values(r).flatMap((ns) => Object.keys(ns))))];
    expect(keys.length).to.be.greaterThan(30);
    const values = { count: 3, locale: 'Қазақша', title: 'A "title" & more', n: '1,234' };
    for (const l of registry!.locales) {
      const t = translators.t(l.tag);
      const direct = translators.instance.getFixedT(l.tag);
      for (const key of keys) {
        for (let round = 0; round < 2; round++) {
          expect(t(key), `${l.tag} ${key}`).to.equal(direct(key));
          expect(t(key, values), `${l.tag} ${key} with values`).to.equal(direct(key, values));
        }
      }
    }
  });
});
