import { access, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readBody } from '../content/scan.js';
import { loadProject } from '../index.js';
import { findInGitHistory, hashedText, originalDiff, translationTemplate, withSourceHash } from '../status/translate.js';
import { closest } from '../util/closest.js';
import { COMMON_OPTIONS, type Command, type ParsedArgs } from './command.js';
import { EXIT, printDiagnostics, UsageError, type Io } from './io.js';

/**
 * `polyfeed translate <article-id> <locale>`: start a translation.
 * `polyfeed translate --refresh <article-id> <locale> [--accept]`: see what changed in the
 * original since the translation was made; with --accept, record the original's new hash.
 */
export const translateCommand: Command = {
  name: 'translate',
  summary: 'start a translation, or see what changed in the original since it was made',
  description:
    'Without --refresh: writes content/<article-id>/<locale>.md from the original (title, summary, image alt text and body to translate in place) ' +
    'with translationOf, the original\'s current sourceHash and draft: true; it never overwrites a file. With --refresh: shows what changed in the ' +
    'original since the translation\'s recorded sourceHash, as a unified diff (the old version is found in git history); --accept then records the ' +
    'current hash, so the translation is current again.',
  positionals: { usage: '<article-id> <locale>', min: 2, max: 2 },
  options: {
    content: COMMON_OPTIONS.content,
    locales: COMMON_OPTIONS.locales,
    refresh: { type: 'boolean', help: 'show what changed in the original since the translation was made' },
    accept: { type: 'boolean', help: 'with --refresh: record the original\'s current hash in the translation' },
  },
  examples: [
    { command: 'polyfeed translate kyrgyzstan-ends-us-cooperation-agreement ky', says: 'writes content/kyrgyzstan-ends-us-cooperation-agreement/ky.md to translate' },
    { command: 'polyfeed translate --refresh kyrgyzstan-ends-us-cooperation-agreement ru', says: 'the diff of the original since ru.md was made' },
  ],
  run: runTranslate,
};

async function runTranslate({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  if (values.accept && !values.refresh) throw new UsageError('--accept goes with --refresh', 'translate');
  const [id, tag] = positionals as [string, string];
  const contentDir = String(values.content);
  const { project, diagnostics } = await loadProject({ content: contentDir, locales: String(values.locales) });
  if (!project) {
    printDiagnostics(diagnostics, io);
    return EXIT.inputErrors;
  }
  const { registry, content } = project;
  const locale = registry.byTag.get(tag);
  if (!locale) {
    const near = registry.locales.find((l) => l.tag.toLowerCase() === tag.toLowerCase())?.tag ?? closest(tag, registry.locales.map((l) => l.tag));
    throw new UsageError(`"${tag}" is not a locale of the registry.${near ? ` Did you mean ${near}?` : ''}\n  Valid locales: ${registry.locales.map((l) => l.tag).join(' ')}`, 'translate');
  }
  const article = content.articles.find((a) => a.id === id);
  if (!article) {
    const problems = diagnostics.filter((d) => d.severity === 'error' && d.file?.startsWith(path.join(contentDir, id) + path.sep));
    if (problems.length) {
      printDiagnostics(problems, io);
      io.stderr(`polyfeed translate: article "${id}" has errors; fix them first.\n`);
    } else {
      const near = closest(id, content.articles.map((a) => a.id));
      io.stderr(`polyfeed translate: there is no article "${id}" in ${contentDir}/.${near ? ` Did you mean ${near}?` : ''}\n`);
    }
    return EXIT.inputErrors;
  }
  const file = path.join(contentDir, id, `${tag}.md`);

  if (!values.refresh) {
    if (await exists(file)) {
      io.stderr(`polyfeed translate: ${file} already exists; not overwriting it.\n  To bring an existing translation up to date: polyfeed translate --refresh ${id} ${tag}\n`);
      return EXIT.inputErrors;
    }
    await mkdir(path.dirname(file), { recursive: true });
    const template = translationTemplate(article, locale);
    if (template.diagnostic) {
      printDiagnostics([template.diagnostic], io);
      return EXIT.inputErrors;
    }
    await writeFile(file, template.text!, { flag: 'wx' });
    io.stdout(`polyfeed translate: wrote ${file} from ${article.original.locale.tag}.md (sourceHash ${article.hash}, draft: true).\n` +
      `  Translate it into ${locale.englishName} (${locale.name}), then remove "draft: true" to publish it.\n`);
    return EXIT.ok;
  }

  const version = article.versions.get(tag);
  if (!version) {
    io.stderr(`polyfeed translate: ${file} does not exist or has errors; start it with: polyfeed translate ${id} ${tag}\n`);
    printDiagnostics(diagnostics.filter((d) => d.file === file), io);
    return EXIT.inputErrors;
  }
  if (version.isOriginal) {
    io.stderr(`polyfeed translate: ${file} is the original of "${id}", not a translation.\n`);
    return EXIT.inputErrors;
  }
  const o = article.original;
  const recorded = version.sourceHash ?? '(none)';
  if (recorded === article.hash) {
    io.stdout(`polyfeed translate: ${file} is current: it was made from the original as it is now (${article.hash}).\n`);
    return EXIT.ok;
  }
  const body = readBody(o.file);
  if (body.diagnostic) {
    printDiagnostics([body.diagnostic], io);
    return EXIT.inputErrors;
  }
  const now = hashedText(o.title, o.summary, body.body!);
  const then = version.sourceHash ? await findInGitHistory(o.display, version.sourceHash) : undefined;
  if (then !== undefined) {
    io.stdout(`${file} was made from ${o.display} at ${recorded}; since then the original changed:\n\n`);
    io.stdout(colorDiff(originalDiff(then, now, o.display, recorded, article.hash), io.isTTY && !process.env.NO_COLOR));
  } else {
    io.stdout(`${file} was made from ${o.display} at ${recorded}, a version not found in git history, so the changes cannot be shown.\n` +
      `The original as it is now (${article.hash}):\n\n${now}`);
  }
  if (values.accept) {
    const text = await readFile(file, 'utf8');
    await writeFile(file, withSourceHash(text, article.hash));
    io.stdout(`\npolyfeed translate: recorded sourceHash ${article.hash} in ${file}; it is current now.\n`);
  } else {
    io.stdout(`\nWhen ${file} says all of this, record it: polyfeed translate --refresh --accept ${id} ${tag}\n`);
  }
  return EXIT.ok;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

function colorDiff(diff: string, color: boolean): string {
  if (!color) return `${diff.trimEnd()}\n`;
  return `${diff.trimEnd().split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? `\u001b[32m${l}\u001b[0m` : l.startsWith('-') && !l.startsWith('---') ? `\u001b[31m${l}\u001b[0m` : l)).join('\n')}\n`;
}
