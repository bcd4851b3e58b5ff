/**
 * WebSub and the registry's delivery fields (issue 12, items 4 and 6): `feeds.hub` as
 * `rel="hub"` and JSON Feed `hubs`, `feeds.ttl`/`updatePeriod`/`updateFrequency` as RSS
 * `<ttl>` and `sy:`, and `polyfeed build --ping` against real HTTP hubs on 127.0.0.1 started
 * here (node:http servers that record what they are sent and answer as told). The CLI runs
 * as a child process, asynchronously, so the hubs in this process can answer it.
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PENDING_FILE, pendingTopics, pingHub, savePendingTopics } from '../src/publish/websub.js';
import { ROOT, type CliResult } from './support/cli.js';
import { article, smallLocales, snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { readOut } from './support/parse.js';
import { startCli, stopAll } from './support/serve.js';
import { expectNoStackTrace, expectPrinted } from './support/stderr.js';

const NOW = '2026-01-01T00:00:00Z';
const BASE = 'https://feeds.example.org/rferl/';
/** The feeds of the test project: en's own, and one per category of its two articles. */
const FEEDS = ['en', 'en/categories/central-asia', 'en/categories/russia']
  .flatMap((dir) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${BASE}${dir}/${f}`));
const WARNING = /^polyfeed: warning: WebSub hub (\S+) (.*) \[websub-ping-failed\]$/m;

interface Received {
  method: string;
  contentType: string | undefined;
  form: URLSearchParams;
  at: number;
}

interface Hub {
  url: string;
  requests: Received[];
  /** The requests about one feed URL (`hub.url`). */
  about(topic: string): Received[];
  close(): Promise<void>;
}

/** A hub on 127.0.0.1: `answer` gets the feed URL and how many requests about it came before, and gives the status (or 'hang'). */
async function startHub(answer: (topic: string, before: number) => number | 'hang' = () => 204): Promise<Hub> {
  const requests: Received[] = [];
  const about = (topic: string) => requests.filter((r) => r.form.get('hub.url') === topic);
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const topic = form.get('hub.url') ?? '';
      const status = answer(topic, about(topic).length);
      requests.push({ method: req.method!, contentType: req.headers['content-type'], form, at: Date.now() });
      if (status === 'hang') return;
      res.writeHead(status, status >= 400 ? { 'content-type': 'text/plain' } : {}).end(status >= 400 ? `hub says ${status}\n` : '');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    about,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A port on 127.0.0.1 nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const hub = await startHub();
  await hub.close();
  return Number(new URL(hub.url).port);
}

/** `polyfeed …` in a child process, awaited without blocking this process (its hubs must answer). */
async function cli(args: string[]): Promise<CliResult> {
  const proc = startCli(args);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

type RegistryEdit = Parameters<typeof smallLocales>[1];

describe('WebSub: build --ping', function () {
  this.timeout(120_000);
  let p: TempProject;
  const made: string[] = [];
  const hubs: Hub[] = [];
  const locales = (feeds: Record<string, unknown>) => {
    const dir = smallLocales(['en'], (r) => Object.assign(r.feeds, feeds));
    made.push(dir);
    return dir;
  };
  const hubAt = async (answer?: Parameters<typeof startHub>[0]) => {
    const hub = await startHub(answer);
    hubs.push(hub);
    return hub;
  };
  const build = (loc: string, ...more: string[]) =>
    cli(['build', '--content', p.content, '--locales', loc, '--out', p.out, '--now', NOW, '--cache', path.join(p.dir, 'cache'), ...more]);

  beforeEach(function () {
    p = tempProject();
    p.write('alpha/en.md', article({ title: 'Alpha', categories: '[central-asia]' }));
    p.write('beta/en.md', article({ title: 'Beta', date: '2024-05-02T10:00:00+02:00', categories: '[russia]' }));
  });
  afterEach(async function () {
    await stopAll();
    await Promise.all(hubs.splice(0).map((h) => h.close()));
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    p.remove();
  });

  it('posts hub.mode=publish with hub.url and hub.topic, form-encoded, once for every feed written', async function () {
    const hub = await hubAt();
    const r = await build(locales({ hub: hub.url }), '--ping');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).not.to.match(WARNING);
    expect(r.stdout).to.include(`polyfeed: WebSub hub ${hub.url} notified of 9 changed feeds\n`);
    expect(hub.requests.map((q) => q.form.get('hub.url'))).to.have.members(FEEDS);
    for (const q of hub.requests) {
      expect(q.method).to.equal('POST');
      expect(q.contentType).to.equal('application/x-www-form-urlencoded');
      expect([...q.form.keys()]).to.deep.equal(['hub.mode', 'hub.url', 'hub.topic']);
      expect(q.form.get('hub.mode')).to.equal('publish');
      expect(q.form.get('hub.topic')).to.equal(q.form.get('hub.url'));
    }
  });

  it('pings only the feeds whose bytes changed: none on an unchanged rebuild, one per changed feed after an edit', async function () {
    const hub = await hubAt();
    const loc = locales({ hub: hub.url });
    expect((await build(loc, '--ping')).code).to.equal(0);
    expect(hub.requests).to.have.length(9);
    hub.requests.length = 0;

    // Nothing changed (the last build's summary answers): no request at all.
    const again = await build(loc, '--ping');
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include('(0 written');
    expect(again.stdout).to.include(`polyfeed: no feed changed, so WebSub hub ${hub.url} was not notified\n`);
    expect(hub.requests).to.deep.equal([]);

    // Beta is in en's feeds and in the russia category's, not in central-asia's.
    p.write('beta/en.md', article({ title: 'Beta, edited', date: '2024-05-02T10:00:00+02:00', categories: '[russia]' }));
    const edited = await build(loc, '--ping');
    expect(edited.code, edited.stderr).to.equal(0);
    const changed = FEEDS.filter((u) => !u.includes('/central-asia/'));
    expect(hub.requests.map((q) => q.form.get('hub.url'))).to.have.members(changed);
    expect(edited.stdout).to.include(`notified of 6 changed feeds`);
  });

  it('retries a hub that answers 500 twice, then 204, waiting longer each time', async function () {
    const hub = await hubAt((_, before) => (before < 2 ? 500 : 204));
    const r = await build(locales({ hub: hub.url }), '--ping');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).not.to.match(WARNING);
    expect(r.stdout).to.include('notified of 9 changed feeds');
    for (const topic of FEEDS) {
      const tries = hub.about(topic);
      expect(tries, topic).to.have.length(3);
      // 0.5 s, then 1 s between tries (a little slack for timers).
      expect(tries[1]!.at - tries[0]!.at, topic).to.be.at.least(450);
      expect(tries[2]!.at - tries[1]!.at, topic).to.be.at.least(950);
    }
  });

  it('a hub that always answers 503: a warning naming the hub and the status, exit 0, the feeds published', async function () {
    const hub = await hubAt(() => 503);
    const loc = locales({ hub: hub.url });
    const r = await build(loc, '--ping');
    expect(r.code, r.stderr).to.equal(0);
    expectNoStackTrace(r.stderr);
    const m = WARNING.exec(r.stderr);
    expect(m, r.stderr).to.not.equal(null);
    expect(m![1]).to.equal(hub.url);
    expect(m![2]).to.match(/^answered 503 \("hub says 503"\) for .*https:\/\/feeds\.example\.org\/rferl\/en\/.* after 3 tries/);
    // Every feed tried is tried exactly three times; once the hub failed, the rest are not sent.
    const tried = FEEDS.filter((t) => hub.about(t).length > 0);
    for (const t of tried) expect(hub.about(t), t).to.have.length(3);
    expect(m![2]).to.include(tried.length === 1 ? tried[0] : `${tried.length} feeds`);
    if (tried.length < FEEDS.length) expect(m![2]).to.include(`; ${FEEDS.length - tried.length} more changed feeds were not announced`);
    expect(r.stderr).to.include(`curl -d hub.mode=publish --data-urlencode hub.url=`);
    expect(r.stdout).to.include(`notified of 0 of 9 changed feeds`);
    // Published all the same, and announcing the hub.
    const feeds = readOut(p.out, 'en');
    expect(feeds.atom.links!.filter((l) => l.rel === 'hub').map((l) => l.href)).to.deep.equal([hub.url]);
  });

  it('a hub that is down: "could not be reached", exit 0, the feeds published', async function () {
    const port = await closedPort();
    const hub = `http://127.0.0.1:${port}/`;
    const r = await build(locales({ hub }), '--ping');
    expect(r.code, r.stderr).to.equal(0);
    expectNoStackTrace(r.stderr);
    const m = WARNING.exec(r.stderr);
    expect(m, r.stderr).to.not.equal(null);
    expect(m![1]).to.equal(hub);
    expect(m![2]).to.match(/^could not be reached \(connection refused, ECONNREFUSED\) for .* after 3 tries/);
    expect(readFileSync(path.join(p.out, 'en', 'rss.xml'), 'utf8')).to.include(`<atom:link rel="hub" href="${hub}"/>`);
  });

  it('feeds the hub failed are kept in out/.polyfeed and announced by the next build --ping, though their bytes did not change; then no more', async function () {
    let failing = true;
    const hub = await hubAt(() => (failing ? 503 : 204));
    const loc = locales({ hub: hub.url });
    const pending = path.join(p.out, ...PENDING_FILE.split('/'));
    const first = await build(loc, '--ping');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.match(WARNING);
    expect(first.stderr).to.include('the next build --ping announces');
    const record = JSON.parse(readFileSync(pending, 'utf8')) as { hub: string; topics: string[] };
    expect(record.hub).to.equal(hub.url);
    expect(record.topics).to.have.members(FEEDS);

    // Nothing changed, but the hub has heard of none of them: each is announced once now.
    failing = false;
    hub.requests.length = 0;
    const second = await build(loc, '--ping');
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.include('(0 written');
    expect(second.stderr).not.to.match(WARNING);
    expect(hub.requests.map((q) => q.form.get('hub.url'))).to.have.members(FEEDS);
    expect(hub.requests).to.have.length(FEEDS.length);
    expect(second.stdout).to.include(`polyfeed: WebSub hub ${hub.url} notified of 9 changed feeds (9 of them not announced by an earlier build)\n`);
    expect(existsSync(pending)).to.equal(false);

    // Announced: the next build with nothing changed sends nothing.
    hub.requests.length = 0;
    const third = await build(loc, '--ping');
    expect(third.stdout).to.include(`polyfeed: no feed changed, so WebSub hub ${hub.url} was not notified\n`);
    expect(hub.requests).to.deep.equal([]);
  });

  it('only the feeds the hub refused are announced again, once each, with the feeds that changed since', async function () {
    const central = `${BASE}en/categories/central-asia/rss.xml`;
    let refuse = true;
    // A 404 is not retried and does not stop the others: exactly these two fail.
    const hub = await hubAt((topic) => (refuse && (topic === FEEDS[0] || topic === central) ? 404 : 204));
    const loc = locales({ hub: hub.url });
    const first = await build(loc, '--ping');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.include('notified of 7 of 9 changed feeds');
    refuse = false;
    hub.requests.length = 0;
    // beta's edit changes en's feeds (FEEDS[0] among them) and the russia category's, not central-asia's.
    p.write('beta/en.md', article({ title: 'Beta, edited', date: '2024-05-02T10:00:00+02:00', categories: '[russia]' }));
    const edited = await build(loc, '--ping');
    expect(edited.code, edited.stderr).to.equal(0);
    const sent = hub.requests.map((q) => q.form.get('hub.url'));
    expect(sent).to.have.members([...FEEDS.filter((u) => !u.includes('/central-asia/')), central]);
    expect(new Set(sent).size).to.equal(sent.length);
    expect(edited.stdout).to.include('notified of 7 changed feeds (1 of them not announced by an earlier build)');
    hub.requests.length = 0;
    const third = await build(loc, '--ping');
    expect(third.stdout).to.include('no feed changed');
    expect(hub.requests).to.deep.equal([]);
  });

  it('without feeds.hub, --ping says there is no hub and exits 0 after publishing', async function () {
    const r = await build(locales({}), '--ping');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('polyfeed: --ping: the registry names no WebSub hub (feeds.hub), so none was notified\n');
    expect(r.stdout.trim().split('\n')).to.have.length(2);
    expect(readFileSync(path.join(p.out, 'en', 'rss.xml'), 'utf8')).not.to.include('rel="hub"');
  });

  it('build --help shows --ping; --ping with --watch is a usage error', async function () {
    const help = await cli(['build', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^ {2}--ping {2,}after publishing, tell the registry's WebSub hub \(feeds\.hub\)/m);
    const both = await cli(['build', '--watch', '--ping', '--out', path.join(p.dir, 'out')]);
    expect(both.code).to.equal(2);
    expect(both.stderr).to.include('--ping');
  });
});

describe('WebSub: pingHub against hubs that misbehave', function () {
  this.timeout(60_000);
  const hubs: Hub[] = [];
  afterEach(async () => Promise.all(hubs.splice(0).map((h) => h.close())));
  const hubAt = async (answer: Parameters<typeof startHub>[0]) => {
    const hub = await startHub(answer);
    hubs.push(hub);
    return hub;
  };

  it('a hub that never answers: each try ends at the timeout, then one warning', async function () {
    const hub = await hubAt(() => 'hang');
    const started = Date.now();
    const r = await pingHub(hub.url, [FEEDS[0]!], { timeoutMs: 300, backoffMs: [20, 20] });
    expect(Date.now() - started).to.be.below(5000);
    expect(r.notified).to.deep.equal([]);
    expect(r.failed).to.deep.equal([FEEDS[0]]);
    expect(hub.requests).to.have.length(3);
    expect(r.diagnostics.map((d) => [d.severity, d.ruleId, d.reason])).to.deep.equal([
      ['warning', 'websub-ping-failed', `WebSub hub ${hub.url} did not answer within 0.3 s for ${FEEDS[0]} after 3 tries`],
    ]);
  });

  it('a 4xx answer is not retried, and the hub\'s plain-text reason is quoted', async function () {
    const hub = await hubAt(() => 400);
    const r = await pingHub(hub.url, FEEDS.slice(0, 3), { backoffMs: [10, 10] });
    expect(hub.requests).to.have.length(3);
    expect(r.diagnostics.map((d) => d.reason)).to.deep.equal([
      `WebSub hub ${hub.url} answered 400 ("hub says 400") for 3 feeds (${FEEDS[0]}, ${FEEDS[1]} and 1 more) after 1 try`,
    ]);
  });

  it('a hub that failed a feed after every try is not asked about the rest', async function () {
    const hub = await hubAt(() => 503);
    const r = await pingHub(hub.url, FEEDS, { backoffMs: [10, 10], concurrency: 1 });
    expect(hub.requests.map((q) => q.form.get('hub.url'))).to.deep.equal([FEEDS[0], FEEDS[0], FEEDS[0]]);
    expect(r.failed).to.have.members(FEEDS);
    expect(r.diagnostics).to.have.length(1);
    expect(r.diagnostics[0]!.reason).to.match(/ after 3 tries; 8 more changed feeds were not announced$/);
  });

  it('mixed answers: the accepted feeds are notified, the refused one is named', async function () {
    const hub = await hubAt((topic) => (topic === FEEDS[1] ? 404 : 202));
    const r = await pingHub(hub.url, FEEDS.slice(0, 3), { backoffMs: [10, 10] });
    expect(r.notified).to.have.members([FEEDS[0], FEEDS[2]]);
    expect(r.failed).to.deep.equal([FEEDS[1]]);
    expect(r.diagnostics.map((d) => d.reason)).to.deep.equal([`WebSub hub ${hub.url} answered 404 ("hub says 404") for ${FEEDS[1]} after 1 try`]);
  });
});

describe('WebSub: the record of feeds a hub has not heard of', function () {
  let out: string;
  beforeEach(() => (out = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-pending-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const HUB = 'https://hub.example.org/';

  it('is read back for the same hub only, without feeds no longer published, and removed once empty', function () {
    expect(pendingTopics(out, HUB, FEEDS)).to.deep.equal([]);
    savePendingTopics(out, HUB, [FEEDS[0]!, FEEDS[1]!, FEEDS[0]!]);
    expect(pendingTopics(out, HUB, FEEDS)).to.deep.equal([FEEDS[0], FEEDS[1]]);
    expect(pendingTopics(out, 'https://other-hub.example.org/', FEEDS)).to.deep.equal([]);
    expect(pendingTopics(out, HUB, [FEEDS[1]!])).to.deep.equal([FEEDS[1]]);
    savePendingTopics(out, HUB, []);
    expect(existsSync(path.join(out, ...PENDING_FILE.split('/')))).to.equal(false);
  });

  it('a damaged record is no record', function () {
    savePendingTopics(out, HUB, [FEEDS[0]!]);
    const file = path.join(out, ...PENDING_FILE.split('/'));
    for (const text of ['{', 'null', '{"hub": "https://hub.example.org/", "topics": "x"}', '[]']) {
      writeFileSync(file, text);
      expect(pendingTopics(out, HUB, FEEDS), text).to.deep.equal([]);
    }
  });
});


describe('registry feeds.hub, ttl, updatePeriod, updateFrequency', function () {
  this.timeout(120_000);
  let p: TempProject;
  let loc: string;
  const write = (edit: RegistryEdit) => {
    rmSync(loc, { recursive: true, force: true });
    loc = smallLocales(['en', 'ru'], edit);
  };
  const build = () => cli(['build', '--content', p.content, '--locales', loc, '--out', p.out, '--now', NOW, '--no-cache']);

  beforeEach(function () {
    p = tempProject();
    p.write('alpha/en.md', article({ title: 'Alpha', categories: '[central-asia]' }));
    p.write('alpha/ru.md', article({ title: 'Альфа', translationOf: 'en', categories: '[central-asia]' }));
    loc = smallLocales(['en', 'ru']);
  });
  afterEach(function () {
    rmSync(loc, { recursive: true, force: true });
    p.remove();
  });

  it('with them, every feed names the hub (rel="hub" next to rel="self", JSON Feed hubs) and RSS has ttl and sy:, as feedsmith reads them', async function () {
    const HUB = 'https://hub.example.org/websub';
    write((r) => Object.assign(r.feeds, { hub: HUB, ttl: 30, updatePeriod: 'hourly', updateFrequency: 4 }));
    const r = await build();
    expect(r.code, r.stderr).to.equal(0);
    for (const locale of ['en', 'ru', 'en/categories/central-asia', 'ru/categories/central-asia']) {
      const f = readOut(p.out, locale);
      const rssLinks = f.rss.atom!.links!;
      const selfAt = rssLinks.findIndex((l) => l.rel === 'self');
      expect(rssLinks[selfAt + 1], `${locale}/rss.xml`).to.deep.equal({ rel: 'hub', href: HUB });
      expect(rssLinks.filter((l) => l.rel === 'hub'), `${locale}/rss.xml`).to.have.length(1);
      expect(f.rss.ttl, `${locale}/rss.xml`).to.equal(30);
      expect(f.rss.sy, `${locale}/rss.xml`).to.deep.equal({ updatePeriod: 'hourly', updateFrequency: 4 });
      const atomLinks = f.atom.links!;
      expect(atomLinks[atomLinks.findIndex((l) => l.rel === 'self') + 1], `${locale}/atom.xml`).to.deep.equal({ rel: 'hub', href: HUB });
      expect(f.json.hubs, `${locale}/feed.json`).to.deep.equal([{ type: 'WebSub', url: HUB }]);
    }
    expect(readOut(p.out, 'en').rssText).to.include('xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"');
  });

  it('without them (the sample registry), no hub, no ttl, no sy: namespace', async function () {
    const r = await build();
    expect(r.code, r.stderr).to.equal(0);
    const f = readOut(p.out, 'en');
    expect(f.rss.atom!.links!.filter((l) => l.rel === 'hub')).to.deep.equal([]);
    expect(f.atom.links!.filter((l) => l.rel === 'hub')).to.deep.equal([]);
    expect(f.rss.ttl).to.equal(undefined);
    expect(f.rssText).not.to.include('xmlns:sy');
    expect(f.json.hubs).to.equal(undefined);
    const sample = JSON.parse(readFileSync(path.join(ROOT, 'locales', 'registry.json'), 'utf8')) as { feeds: object };
    expect(sample.feeds).not.to.have.any.keys('hub', 'ttl', 'updatePeriod', 'updateFrequency');
  });

  it('a bad hub URL, ttl, updatePeriod or updateFrequency: exit 1, file:line:col and rule id each, out/ unchanged', async function () {
    expect((await build()).code).to.equal(0);
    const before = snapshot(p.out, { state: true });
    const bad = { hub: 'hub.example.org/websub', ttl: '60', updatePeriod: 'often', updateFrequency: 0 };
    write((r) => Object.assign(r.feeds, bad));
    const r = await build();
    expect(r.code, r.stderr).to.equal(1);
    expectNoStackTrace(r.stderr);
    const file = path.join(loc, 'registry.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (key: string) => {
      const line = lines.findIndex((l) => l.trimStart().startsWith(`"${key}":`));
      return { line: line + 1, column: lines[line]!.indexOf(': ') + 3 };
    };
    expectPrinted(r.stderr, {
      file, ...at('hub'), rule: 'registry-hub', message: 'feeds.hub "hub.example.org/websub" is not an absolute URL', hint: 'WebSub hub',
    });
    expectPrinted(r.stderr, { file, ...at('ttl'), rule: 'registry-schedule', message: 'feeds.ttl must be a whole number above 0', hint: '"ttl": 60' });
    expectPrinted(r.stderr, {
      file, ...at('updatePeriod'), rule: 'registry-schedule', message: 'one of hourly, daily, weekly, monthly, yearly', hint: '"updatePeriod"',
    });
    expectPrinted(r.stderr, {
      file, ...at('updateFrequency'), rule: 'registry-schedule', message: 'feeds.updateFrequency must be a whole number above 0', hint: '"updateFrequency"',
    });
    expect(r.stderr.trimEnd().split('\n').at(-1)).to.match(/^polyfeed: 4 errors; nothing was published, .* is unchanged\.$/);
    const after = snapshot(p.out, { state: true });
    expect([...after.keys()]).to.deep.equal([...before.keys()]);
    for (const [k, v] of before) {
      expect(after.get(k)!.bytes.equals(v.bytes), k).to.equal(true);
      expect(after.get(k)!.mtimeMs, k).to.equal(v.mtimeMs);
    }
  });

  it('a hub with a user name or password is refused: every feed would publish it', async function () {
    write((r) => Object.assign(r.feeds, { hub: 'https://user:secret@hub.example.org/' }));
    const r = await build();
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/registry\.json:\d+:\d+: error: feeds\.hub .* has a user name or password.* \[registry-hub\]$/m);
  });
});
