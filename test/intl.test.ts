/** Human-readable dates, numbers and plurals: right for all 29 locales, whatever LANG says. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeedDate } from '../src/content/dates.js';
import { createTranslators, loadResources } from '../src/locales/i18n.js';
import { formatLocalDate, formatNumber, plural } from '../src/locales/intl.js';
import { loadRegistry, type Registry } from '../src/locales/registry.js';
import { ROOT } from './support/cli.js';
import { smallLocales } from './support/fixtures.js';

const DATE = (() => {
  const r = parseFeedDate('2015-07-21T18:30:00+06:00');
  if (!r.ok) throw new Error(r.problem);
  return r.date;
})();

/** What the child process prints: every locale's date, number and "also in" strings for 1, 3, 5, 21. */
const PROBE = `
import { loadRegistry } from './dist/src/locales/registry.js';
import { createTranslators, loadResources } from './dist/src/locales/i18n.js';
import { formatLocalDate, formatNumber, plural } from './dist/src/locales/intl.js';
import { parseFeedDate } from './dist/src/content/dates.js';
const dir = process.env.PROBE_LOCALES ?? 'locales';
const { registry } = await loadRegistry(dir);
const { resources } = await loadResources(dir, registry);
const tr = createTranslators(registry, resources);
const d = parseFeedDate('2015-07-21T18:30:00+06:00').date;
const out = {};
for (const l of registry.locales) out[l.tag] = [formatLocalDate(l, d), formatNumber(l, 1234567.5), ...[1, 3, 5, 21].map((n) => plural(tr.t(l.tag), l, 'alsoIn', n))];
process.stdout.write(JSON.stringify(out));
`;

function probe(env: Record<string, string>): Record<string, string[]> {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('localized dates, numbers and plurals', function () {
  let registry: Registry;
  before(async () => {
    registry = (await loadRegistry(path.join(ROOT, 'locales'))).registry!;
  });
  const locale = (tag: string) => registry.byTag.get(tag)!;

  it('formats a long date for every locale, in the date’s own offset', function () {
    expect(formatLocalDate(locale('en'), DATE)).to.equal('July 21, 2015');
    expect(formatLocalDate(locale('ru'), DATE)).to.equal('21 июля 2015 г.');
    expect(formatLocalDate(locale('ky'), DATE)).to.equal('2015-ж., 21-июль');
    expect(formatLocalDate(locale('uz-Cyrl'), DATE)).to.equal('21 июл, 2015');
    for (const l of registry.locales) expect(formatLocalDate(l, DATE), l.tag).to.match(/\S/);
  });

  it('Avar and Crimean Tatar, which Node has no data for, use their fallback’s formats (ru, uk)', function () {
    expect(formatLocalDate(locale('av'), DATE)).to.equal('21 июля 2015 г.');
    expect(formatLocalDate(locale('crh'), DATE)).to.equal('21 липня 2015 р.');
  });

  it('Persian-script locales use the Solar Hijri calendar and Persian digits, by the registry’s choice', function () {
    expect(formatLocalDate(locale('fa'), DATE)).to.equal('۳۰ تیر ۱۳۹۴');
    expect(formatLocalDate(locale('fa-AF'), DATE)).to.equal('۳۰ سرطان ۱۳۹۴');
    expect(formatNumber(locale('fa'), 28)).to.equal('۲۸');
    expect(formatNumber(locale('ps'), 28)).to.equal('۲۸');
  });

  it('i18next plural forms: Russian and Ukrainian one / few / many', async function () {
    const { resources } = await loadResources(path.join(ROOT, 'locales'), registry);
    const t = createTranslators(registry, resources).t;
    const strings = (tag: string) => JSON.parse(readFileSync(path.join(ROOT, 'locales', tag, 'feed.json'), 'utf8'));
    for (const tag of ['ru', 'uk']) {
      const s = strings(tag);
      expect(plural(t(tag), registry.byTag.get(tag)!, 'alsoIn', 1)).to.equal(s.alsoIn_one.replace('{{count}}', '1'));
      expect(plural(t(tag), registry.byTag.get(tag)!, 'alsoIn', 3)).to.equal(s.alsoIn_few.replace('{{count}}', '3'));
      expect(plural(t(tag), registry.byTag.get(tag)!, 'alsoIn', 5)).to.equal(s.alsoIn_many.replace('{{count}}', '5'));
      expect(plural(t(tag), registry.byTag.get(tag)!, 'alsoIn', 21)).to.equal(s.alsoIn_one.replace('{{count}}', '21'));
      expect(s.alsoIn_few).not.to.equal(s.alsoIn_many);
    }
    expect(plural(t('ru'), registry.byTag.get('ru')!, 'alsoIn', 3)).to.equal('Ещё 3 языковые версии:');
    expect(plural(t('ru'), registry.byTag.get('ru')!, 'alsoIn', 5)).to.equal('Ещё 5 языковых версий:');
  });

  it('Tatar, Bashkir and Tajik (no plural rules in Node) follow the registry’s plural locale, whatever LANG is', function () {
    // Their sample one/other strings happen to read the same, so mark them apart here.
    // Without the registry's plural locale Intl would give tt the machine's rules: under
    // LANG=ru_RU, 21 would be "one" in Tatar.
    const locales = smallLocales(['en', 'ru', 'tt', 'ba', 'tg', 'fa', 'kk']);
    for (const tag of ['tt', 'ba', 'tg']) {
      const file = path.join(locales, tag, 'feed.json');
      const s = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...s, alsoIn_one: 'ONE {{count}}', alsoIn_other: 'OTHER {{count}}' }));
    }
    const underRussian = probe({ LANG: 'ru_RU.UTF-8', LC_ALL: 'ru_RU.UTF-8', TZ: 'Asia/Bishkek', PROBE_LOCALES: locales });
    expect(underRussian.tt!.slice(2)).to.deep.equal(['ONE 1', 'OTHER 3', 'OTHER 5', 'OTHER 21']); // kk's rules
    expect(underRussian.ba!.slice(2)).to.deep.equal(['ONE 1', 'OTHER 3', 'OTHER 5', 'OTHER 21']); // kk's rules
    expect(underRussian.tg!.slice(2)).to.deep.equal(['ONE 1', 'OTHER 3', 'OTHER 5', 'OTHER 21']); // fa's rules
    expect(probe({ LANG: 'C', LC_ALL: 'C', PROBE_LOCALES: locales })).to.deep.equal(underRussian);
  });

  it('gives the same dates, numbers and plurals for all 29 locales under any LANG and TZ', function () {
    const base = probe({ LANG: 'C', LC_ALL: 'C', TZ: 'UTC' });
    expect(Object.keys(base)).to.have.length(29);
    for (const env of [{ LANG: 'ky_KG.UTF-8', LC_ALL: 'ky_KG.UTF-8', TZ: 'Asia/Bishkek' }, { LANG: 'fa_IR.UTF-8', LC_ALL: 'fa_IR.UTF-8', TZ: 'America/Los_Angeles' }]) {
      expect(probe(env), JSON.stringify(env)).to.deep.equal(base);
    }
  });
});
