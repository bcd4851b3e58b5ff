/** The command table: every command teaches its usage, and mistakes in options get a way out. */
import { expect } from 'chai';
import { build } from '../src/index.js';
import { polyfeed } from './support/cli.js';
import { smallLocales } from './support/fixtures.js';

describe('command line: help and option checks', function () {
  it('polyfeed build --help and polyfeed help build print the same usage, with every option, its default and an example', function () {
    const a = polyfeed(['build', '--help']);
    const b = polyfeed(['help', 'build']);
    expect(a.code).to.equal(0);
    expect(b.code).to.equal(0);
    expect(a.stdout).to.equal(b.stdout);
    expect(a.stdout).to.match(/^Usage: polyfeed build \[options\]/);
    for (const option of ['--content DIR', '--locales DIR', '--out DIR', '--now ISO-8601', '--base-url URL', '--limit N', '--strict', '--cache DIR', '--no-cache', '--help']) {
      expect(a.stdout).to.include(`  ${option}`);
    }
    expect(a.stdout).to.include('(default: content)');
    expect(a.stdout).to.match(/Examples:\n {2}polyfeed build\n/);
  });

  it('every command and subcommand answers --help with its own usage and exit 0', function () {
    for (const args of [['status'], ['translate'], ['validate'], ['strings', 'export'], ['strings', 'import'], ['strings']]) {
      const r = polyfeed([...args, '--help']);
      expect(r.code, args.join(' ')).to.equal(0);
      expect(r.stdout, args.join(' ')).to.include(`polyfeed ${args.join(' ')}`);
    }
    const overview = polyfeed(['help']);
    expect(overview.code).to.equal(0);
    for (const name of ['build', 'status', 'translate', 'strings', 'validate']) expect(overview.stdout).to.match(new RegExp(`^ {2}${name} `, 'm'));
  });

  it('an unknown option or command suggests the nearest one; exit 2', function () {
    const r = polyfeed(['build', '--base-ur', 'https://x.example/']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('unknown option --base-ur; did you mean --base-url?');
    expect(r.stderr).to.include('polyfeed build --help');
    const c = polyfeed(['biuld']);
    expect(c.code).to.equal(2);
    expect(c.stderr).to.include('did you mean "build"?');
  });

  it('a bad --base-url and a bad baseUrl for build() get the same rule, naming the option', async function () {
    const cli = polyfeed(['build', '--base-url', 'ftp://feeds.example.org/']);
    expect(cli.code).to.equal(2);
    expect(cli.stderr).to.match(/option baseUrl \(--base-url\) .*ftp.* \[option-invalid\]/);
    const locales = smallLocales(['en']);
    const r = await build({ files: [], locales, baseUrl: 'feeds.example.org' });
    expect(r.documents).to.deep.equal([]);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity, d.source])).to.deep.equal([['option-invalid', 'error', 'polyfeed']]);
    expect(r.diagnostics[0]!.reason).to.include('baseUrl');
    const limit = await build({ files: [], locales, limit: 0 });
    expect(limit.diagnostics.map((d) => d.ruleId)).to.deep.equal(['option-invalid']);
  });
});
