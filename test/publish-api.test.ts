/**
 * `publish(files, outDir)` and `recover(outDir)` as a library: paths confined to out/, rank
 * order, unchanged files untouched, and removals limited to the files polyfeed wrote.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PolyfeedError } from '../src/diagnostics.js';
import { publish, recover, type PublishFile } from '../src/publish/transaction.js';
import { stateEntries } from './support/publish.js';

describe('publish() and recover() as a library', function () {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-api-'));
    out = path.join(dir, 'out');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (p: string, text = `text of ${p}`, rank = 0): PublishFile => ({ path: p, text, rank });
  const refusal = async (files: PublishFile[]) => {
    try {
      await publish(files, out);
    } catch (e) {
      expect(e).to.be.instanceOf(PolyfeedError);
      return (e as PolyfeedError).diagnostics.map((d) => d.ruleId);
    }
    throw new Error('publish did not refuse');
  };

  it('refuses paths that are not relative POSIX paths inside out/, before anything is written', async function () {
    for (const bad of ['../x', '..', '/etc/passwd', 'a\\b', 'a\0b', './a', 'a/./b', 'a/../../b', 'a//b', '', 'a/', '.polyfeed/manifest.json', 'C:/x']) {
      expect(await refusal([file('en/rss.xml'), file(bad)]), JSON.stringify(bad)).to.deep.equal(['publish-bad-path']);
      expect(existsSync(out), `${JSON.stringify(bad)}: out/ created`).to.equal(false);
    }
    expect(await refusal([file('a'), file('a')])).to.deep.equal(['publish-bad-path']);
    expect(await refusal([file('a'), file('a/b')])).to.deep.equal(['publish-bad-path']);
    expect(existsSync(out)).to.equal(false);
  });

  it('publishes lower ranks first, creates nested folders, and leaves unchanged files untouched', async function () {
    const files = [file('index.html', 'links to feeds', 1), file('en/rss.xml'), file('feeds.opml', 'opml', 1), file('en/categories/x/atom.xml')];
    const first = await publish(files, out);
    expect(first.written).to.deep.equal(['en/categories/x/atom.xml', 'en/rss.xml', 'feeds.opml', 'index.html']);
    expect(readFileSync(path.join(out, 'en/categories/x/atom.xml'), 'utf8')).to.equal('text of en/categories/x/atom.xml');
    const mtime = statSync(path.join(out, 'en/rss.xml')).mtimeMs;
    const second = await publish([...files.filter((f) => f.path !== 'index.html'), file('index.html', 'new links', 1)], out);
    expect(second.written).to.deep.equal(['index.html']);
    expect(second.unchanged).to.have.members(['en/rss.xml', 'feeds.opml', 'en/categories/x/atom.xml']);
    expect(statSync(path.join(out, 'en/rss.xml')).mtimeMs).to.equal(mtime);
    expect(stateEntries(out)).to.deep.equal(['manifest.json']);
  });

  it('removes, last, the files it wrote that are no longer built; never a file it did not write or that was changed since', async function () {
    await publish([file('a.xml'), file('b.xml'), file('old/c.xml')], out);
    writeFileSync(path.join(out, 'mine.txt'), 'a file of the user');
    writeFileSync(path.join(out, 'b.xml'), 'edited by hand');
    const r = await publish([file('a.xml')], out);
    expect(r.removed).to.deep.equal(['old/c.xml']);
    expect(r.kept).to.deep.equal(['b.xml']);
    expect(existsSync(path.join(out, 'old')), 'the emptied folder').to.equal(false);
    expect(readFileSync(path.join(out, 'mine.txt'), 'utf8')).to.equal('a file of the user');
    expect(readFileSync(path.join(out, 'b.xml'), 'utf8')).to.equal('edited by hand');
    // b.xml is no longer polyfeed's: never reported or removed again.
    const again = await publish([file('a.xml')], out);
    expect(again).to.deep.include({ removed: [], kept: [] });
    expect(existsSync(path.join(out, 'b.xml'))).to.equal(true);
  });

  it('recover() with nothing to recover writes nothing', async function () {
    expect(await recover(out)).to.equal(undefined);
    expect(existsSync(out)).to.equal(false);
    await publish([file('a.xml')], out);
    expect(await recover(out)).to.equal(undefined);
    expect(stateEntries(out)).to.deep.equal(['manifest.json']);
  });

  it('a file where a folder must be is refused before anything moves [publish-path-conflict]', async function () {
    await publish([file('en')], out);
    let ruleId: string | undefined;
    try {
      await publish([file('en/rss.xml')], out);
    } catch (e) {
      ruleId = (e as PolyfeedError).diagnostics?.[0]?.ruleId;
    }
    expect(ruleId).to.equal('publish-path-conflict');
    expect(readFileSync(path.join(out, 'en'), 'utf8')).to.equal('text of en');
    expect(stateEntries(out)).to.deep.equal(['manifest.json']);
  });

  describe('recover(): a publish interrupted between its renames, laid out by hand', function () {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    /** The pid of a process that has exited (and been reaped). */
    const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const read = (rel: string) => readFileSync(path.join(out, rel), 'utf8');

    /** en/rss.xml is already new (its old bytes in the backup); en/atom.xml is still old, its new bytes staged. */
    async function interrupted(): Promise<{ pid: number; staging: string; backups: string }> {
      await publish([file('en/rss.xml', 'old rss'), file('en/atom.xml', 'old atom')], out);
      const pid = deadPid();
      const staging = `.polyfeed/staging-${pid}`;
      const backups = `.polyfeed/backup-${pid}`;
      mkdirSync(path.join(out, staging, 'en'), { recursive: true });
      mkdirSync(path.join(out, backups, 'en'), { recursive: true });
      writeFileSync(path.join(out, staging, 'en/atom.xml'), 'new atom');
      renameSync(path.join(out, 'en/rss.xml'), path.join(out, backups, 'en/rss.xml'));
      writeFileSync(path.join(out, 'en/rss.xml'), 'new rss');
      const steps = ['en/rss.xml', 'en/atom.xml'].map((p) => ({ kind: 'write', path: p, staged: `${staging}/${p}`, sha256: sha(p === 'en/rss.xml' ? 'new rss' : 'new atom'), backup: `${backups}/${p}` }));
      writeFileSync(path.join(out, '.polyfeed/journal.json'), JSON.stringify({ polyfeed: 1, pid, staging, backups, dirs: [], steps }));
      writeFileSync(path.join(out, '.polyfeed/lock'), `${pid}\n${os.hostname()}\n`);
      return { pid, staging, backups };
    }

    it('every new file still there: the publish is completed', async function () {
      const { pid } = await interrupted();
      expect(await recover(out)).to.deep.equal({ pid, outcome: 'completed', files: 2 });
      expect([read('en/rss.xml'), read('en/atom.xml')]).to.deep.equal(['new rss', 'new atom']);
      expect(stateEntries(out)).to.deep.equal(['manifest.json']);
    });

    it('a staged file lost: the publish is undone, out/ wholly old', async function () {
      const { pid, staging } = await interrupted();
      rmSync(path.join(out, staging, 'en/atom.xml'));
      expect(await recover(out)).to.deep.equal({ pid, outcome: 'rolled back', files: 2 });
      expect([read('en/rss.xml'), read('en/atom.xml')]).to.deep.equal(['old rss', 'old atom']);
      expect(stateEntries(out)).to.deep.equal(['manifest.json']);
    });

    it('a backup lost too: the file that cannot be restored is named [publish-incomplete], and the record kept for the next try', async function () {
      const { staging, backups } = await interrupted();
      rmSync(path.join(out, staging, 'en/atom.xml'));
      rmSync(path.join(out, backups, 'en/rss.xml'));
      let diags: PolyfeedError['diagnostics'] = [];
      try {
        await recover(out);
      } catch (e) {
        diags = (e as PolyfeedError).diagnostics;
      }
      expect(diags.map((d) => d.ruleId)).to.deep.equal(['publish-incomplete']);
      expect(diags[0]!.message).to.include('en/rss.xml').and.not.to.include('en/atom.xml');
      expect([read('en/rss.xml'), read('en/atom.xml')]).to.deep.equal(['new rss', 'old atom']);
      expect(stateEntries(out)).to.include('rollback.json').and.not.to.include('lock');
    });
  });
});
