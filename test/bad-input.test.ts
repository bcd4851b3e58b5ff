/**
 * A catalogue of bad inputs. Each case starts from a project with one good article whose
 * 177 documents (87 feeds, pages, OPML, style sheets) are already in out/, adds the bad file(s) and runs `polyfeed build`. The user must
 * see exit code 1; for each problem the file (as given on the command line), its line and
 * column in `file:line:col: error:` form, what is wrong and, on the indented line below, what
 * to do; no stack trace; the last line saying nothing was published; and out/ must keep every
 * byte and every modification time.
 */
import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { polyfeed } from './support/cli.js';
import { article, snapshot, tempProject, type TempProject } from './support/fixtures.js';
import { expectNoStackTrace, expectPrinted, printedErrors, type ExpectedError } from './support/stderr.js';

const NOW = '2026-01-01T00:00:00Z';
const GOOD = 'good-story';

interface Case {
  name: string;
  /** Adds the bad file(s) to the project. */
  add(p: TempProject): void;
  /** The errors the user must see; paths relative to the content folder. */
  errors: (Omit<ExpectedError, 'file'> & { at: string })[];
}

/** Front matter written line by line (line 1 is the opening `---`). */
const fm = (...lines: string[]) => `---\n${lines.join('\n')}\n---\n\nThe body of the story.\n`;
const DATE = 'date: 2024-05-01T10:00:00+02:00';
const DATE_HINT = /ISO 8601 date-time with its UTC offset, e\.g\. 2015-07-21T18:30:00\+06:00/;

let outside: string;
const outsideFile = () => path.join(outside, 'en.md');

const CASES: Case[] = [
  {
    name: 'malformed YAML (an unquoted ": " in a value)',
    add: (p) => p.write('bad/en.md', fm('title: Kyrgyzstan: the story', DATE)),
    errors: [{ at: 'bad/en.md', line: 2, column: 8, rule: 'fm-yaml', message: 'the front matter is not valid YAML', hint: 'quote values that contain ": "' }],
  },
  {
    name: 'front matter never closed',
    add: (p) => p.write('bad/en.md', `---\ntitle: A title\n${DATE}\n\nThe body, with no closing line above it.\n`),
    errors: [{ at: 'bad/en.md', line: 1, column: 1, rule: 'fm-unclosed', message: 'the front matter opened on line 1 is never closed', hint: 'Add a line "---" after the last front matter field' }],
  },
  {
    name: 'missing title',
    add: (p) => p.write('bad/en.md', fm(DATE)),
    errors: [{ at: 'bad/en.md', line: 1, column: 1, rule: 'fm-required', message: 'the front matter has no "title"', hint: '"title: <headline>"' }],
  },
  {
    name: 'missing date',
    add: (p) => p.write('bad/en.md', fm('title: A title')),
    errors: [{ at: 'bad/en.md', line: 1, column: 1, rule: 'fm-required', message: 'the front matter has no "date"', hint: 'date: 2015-07-21T18:30:00+06:00' }],
  },
  {
    name: 'invalid date ("yesterday")',
    add: (p) => p.write('bad/en.md', fm('title: A title', 'date: yesterday')),
    errors: [{ at: 'bad/en.md', line: 3, column: 7, rule: 'date-invalid', message: '"date": "yesterday" is not an ISO 8601 date-time', hint: DATE_HINT }],
  },
  {
    name: 'a date without a UTC offset',
    add: (p) => p.write('bad/en.md', fm('title: A title', 'date: 2024-01-01T10:00:00')),
    errors: [{ at: 'bad/en.md', line: 3, column: 7, rule: 'date-no-offset', message: /"2024-01-01T10:00:00" has no UTC offset/, hint: DATE_HINT }],
  },
  {
    name: 'a date-only value',
    add: (p) => p.write('bad/en.md', fm('title: A title', 'date: 2024-01-01')),
    errors: [{ at: 'bad/en.md', line: 3, column: 7, rule: 'date-no-offset', message: /"2024-01-01" has no time and no UTC offset/, hint: DATE_HINT }],
  },
  {
    name: 'a file name that is not a registry locale (de.md)',
    add: (p) => p.write('bad/de.md', fm('title: Eine Geschichte', DATE)),
    // "de" is German; "be" (Belarusian) is one letter away but another language: suggesting it
    // would have a German story published in the Belarusian feed.
    errors: [{ at: 'bad/de.md', rule: 'content-locale', message: '"de" is not a locale of the registry', hint: 'locales/registry.json', hintNot: 'Did you mean be.md' }],
  },
  {
    name: 'a file name that is not a BCP 47 tag (english_US.md)',
    add: (p) => p.write('bad/english_US.md', fm('title: A title', DATE)),
    errors: [{ at: 'bad/english_US.md', rule: 'content-locale', message: '"english_US" is not a BCP 47 language tag', hint: /Name the file <locale>\.md with a tag from locales\/registry\.json: en, /s }],
  },
  {
    name: 'a wrong-case tag (uz-latn.md)',
    add: (p) => p.write('bad/uz-latn.md', fm('title: Sarlavha', DATE)),
    errors: [{ at: 'bad/uz-latn.md', rule: 'content-locale', message: '"uz-latn" is not a locale of the registry', hint: 'Did you mean uz-Latn.md?' }],
  },
  {
    name: 'an article with no original (only a translation)',
    add: (p) => p.write('bad/ru.md', fm('title: Заголовок', 'translationOf: en', 'sourceHash: 0123456789ab')),
    // The translation names en as its original and there is no en.md: the user needs to hear
    // that en.md is missing, not only that translationOf should be removed.
    errors: [{ at: 'bad', rule: 'article-no-original', message: 'article "bad" has no original', hint: 'translationOf', mentions: ['en.md'] }],
  },
  {
    name: 'an article with two originals',
    add: (p) => {
      p.write('bad/en.md', fm('title: A title', DATE));
      p.write('bad/ru.md', fm('title: Заголовок', DATE));
    },
    errors: [{ at: 'bad/ru.md', line: 1, column: 1, rule: 'article-two-originals', message: 'article "bad" has two originals: en.md and ru.md', hint: 'Add "translationOf: en"' }],
  },
  {
    name: 'translationOf naming a locale that has no file',
    add: (p) => {
      p.write('bad/en.md', fm('title: A title', DATE));
      p.write('bad/ru.md', fm('title: Заголовок', 'translationOf: uk', 'sourceHash: 0123456789ab'));
    },
    errors: [{ at: 'bad/ru.md', line: 3, column: 16, rule: 'translation-of', message: 'translationOf names uk.md, but article "bad" has no such file', hint: 'Write "translationOf: en"' }],
  },
  {
    name: 'an article id that is not a slug (Bad_Id)',
    add: (p) => p.write('Bad_Id/en.md', fm('title: A title', DATE)),
    errors: [{ at: 'Bad_Id', rule: 'article-id', message: 'article id "Bad_Id" is not a valid slug', hint: '(e.g. "bad-id")' }],
  },
  {
    name: 'a Latin-1 file (the bad byte in the front matter)',
    add: (p) => p.write('bad/en.md', Buffer.from(`---\ntitle: Caf\xe9 talk\n${DATE}\n---\n\nBody.\n`, 'latin1')),
    errors: [{ at: 'bad/en.md', line: 2, column: 11, rule: 'not-utf8', message: 'is not UTF-8 text (byte 0xe9', hint: 'Save the file as UTF-8' }],
  },
  {
    name: 'a Latin-1 file (the bad byte in the body)',
    add: (p) => p.write('bad/en.md', Buffer.from(`---\ntitle: Cafe talk\n${DATE}\n---\n\nA na\xefve body.\n`, 'latin1')),
    errors: [{ at: 'bad/en.md', line: 6, column: 5, rule: 'not-utf8', message: 'is not UTF-8 text (byte 0xef', hint: 'Save the file as UTF-8' }],
  },
  {
    name: 'an unknown field with a near miss (categroies)',
    add: (p) => p.write('bad/en.md', fm('title: A title', DATE, 'categroies: [kyrgyzstan]')),
    errors: [{ at: 'bad/en.md', line: 4, column: 1, rule: 'fm-unknown-field', message: 'unknown front matter field "categroies"', hint: 'Did you mean "categories"?' }],
  },
  {
    name: 'a symbolic link to a file outside content/',
    add: (p) => {
      mkdirSync(path.join(p.content, 'bad'));
      symlinkSync(outsideFile(), path.join(p.content, 'bad/en.md'));
    },
    errors: [{ at: 'bad/en.md', rule: 'content-symlink-outside', message: /is a symbolic link to .*, outside .*; refusing to read it/, hint: 'Copy the file into the content folder' }],
  },
  {
    name: 'a symbolic link to a folder outside content/',
    add: (p) => symlinkSync(outside, path.join(p.content, 'bad')),
    errors: [{ at: 'bad', rule: 'content-symlink-outside', message: /is a symbolic link to .*, outside .*; refusing to read it/, hint: 'Copy the file into the content folder' }],
  },
  {
    name: 'two bad files in two articles (both reported, sorted by file)',
    add: (p) => {
      // Written in reverse order: the report is sorted by file, not by the order files appeared.
      p.write('zeta-story/en.md', fm('title: Zeta', 'date: yesterday'));
      p.write('alpha-story/en.md', fm(DATE));
    },
    errors: [
      { at: 'alpha-story/en.md', line: 1, column: 1, rule: 'fm-required', message: 'the front matter has no "title"', hint: '"title: <headline>"' },
      { at: 'zeta-story/en.md', line: 3, column: 7, rule: 'date-invalid', message: '"date": "yesterday" is not an ISO 8601 date-time', hint: DATE_HINT },
    ],
  },
];

describe('bad input: every problem named with file, line and column; out/ unchanged', function () {
  this.timeout(120_000);
  let template: TempProject;

  before(function () {
    outside = mkdtempSync(path.join(os.tmpdir(), 'polyfeed-outside-'));
    writeFileSync(outsideFile(), fm('title: From elsewhere', DATE));
    template = tempProject();
    template.write(`${GOOD}/en.md`, article({ title: 'A good story' }));
    const r = polyfeed(['build', '--content', template.content, '--locales', template.locales, '--partners', template.partners, '--out', template.out, '--now', NOW]);
    expect(r.code, r.stderr).to.equal(0);
    expect(snapshot(template.out).size).to.equal(178);
  });
  after(() => {
    template?.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  /** A project whose out/ holds the good build (bytes and modification times kept). */
  const project = (): TempProject => {
    const p = tempProject();
    cpSync(template.content, p.content, { recursive: true });
    cpSync(template.out, p.out, { recursive: true, preserveTimestamps: true });
    return p;
  };

  for (const c of CASES) {
    it(c.name, function () {
      const p = project();
      try {
        const before = snapshot(p.out);
        expect(before.size).to.equal(178);
        c.add(p);
        const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', NOW]);

        if (process.env.POLYFEED_TEST_VERBOSE) console.log(`--- ${c.name}\n${r.stderr.replaceAll(p.dir, '<project>').replace(/^.*: warning: .*\n/gm, '')}`);
        expect(r.code, r.stderr).to.equal(1);
        expect(r.stdout).to.equal('');
        expectNoStackTrace(r.stderr);
        const printed = c.errors.map((e) => expectPrinted(r.stderr, { ...e, file: path.join(p.content, e.at) }));
        // In the order given above, which is sorted by file.
        expect(printed.map((d) => d.index)).to.deep.equal([...printed.map((d) => d.index)].sort((a, b) => a - b));
        // Nothing else is reported as an error: one mistake, one message.
        expect(printedErrors(r.stderr).map((d) => `${d.header}: ${d.message}`), r.stderr).to.have.length(c.errors.length);
        const n = c.errors.length;
        expect(r.stderr.endsWith(`polyfeed: ${n} error${n === 1 ? '' : 's'}; nothing was published, ${p.out}/ is unchanged.\n`), r.stderr).to.equal(true);

        const after = snapshot(p.out);
        expect([...after.keys()].sort()).to.deep.equal([...before.keys()].sort());
        for (const [file, { bytes, mtimeMs }] of before) {
          expect(after.get(file)!.bytes.equals(bytes), `${file}: bytes`).to.equal(true);
          expect(after.get(file)!.mtimeMs, `${file}: modification time`).to.equal(mtimeMs);
        }
        // No staging folder was left beside out/.
        expect(readdirSync(p.dir).filter((f) => f.includes('polyfeed-staging'))).to.deep.equal([]);
      } finally {
        p.remove();
      }
    });
  }

  it('the symbolic link message names where the link leads', function () {
    const p = project();
    try {
      mkdirSync(path.join(p.content, 'bad'));
      symlinkSync(outsideFile(), path.join(p.content, 'bad/en.md'));
      const r = polyfeed(['build', '--content', p.content, '--locales', p.locales, '--partners', p.partners, '--out', p.out, '--now', NOW]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include(`${path.join(p.content, 'bad/en.md')}: error: is a symbolic link to ${realpathSync(outsideFile())}, outside ${p.content}/`);
    } finally {
      p.remove();
    }
  });

  it('paths typed relative to the current folder are shown as typed (--content ./content/ --out out/)', function () {
    const p = project();
    try {
      const before = snapshot(p.out);
      p.write('bad/en.md', fm('title: A title', 'date: yesterday'));
      const r = polyfeed(['build', '--content', './content/', '--locales', 'locales', '--out', 'out/', '--now', NOW], { cwd: p.dir });
      expect(r.code, r.stderr).to.equal(1);
      expectNoStackTrace(r.stderr);
      // The message with its rule id, the offending line with a caret under column 7, the hint.
      expect(r.stderr).to.match(
        /^(\.\/)?content\/bad\/en\.md:3:7: error: "date": "yesterday" is not an ISO 8601 date-time \[date-invalid\]\n {2}3 \| date: yesterday\n {12}\^\n {2}Write an ISO 8601/m);
      // "out/", not "out//".
      expect(r.stderr.endsWith('polyfeed: 1 error; nothing was published, out/ is unchanged.\n'), r.stderr).to.equal(true);
      const after = snapshot(p.out);
      for (const [file, { bytes, mtimeMs }] of before) {
        expect(after.get(file)!.bytes.equals(bytes), file).to.equal(true);
        expect(after.get(file)!.mtimeMs, file).to.equal(mtimeMs);
      }
    } finally {
      p.remove();
    }
  });
});
