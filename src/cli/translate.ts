import { access, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { closest } from '../content/frontmatter.js';
import { loadProject } from '../index.js';
import { findInGitHistory, hashedText, originalDiff, translationTemplate, withSourceHash } from '../status/translate.js';
import { EXIT, parseCommand, printDiagnostics, UsageError, type Io } from './run.js';

/**
 * `polyfeed translate <article-id> <locale>`: start a translation.
 * `polyfeed translate --refresh <article-id> <locale> [--accept]`: see what changed in the
 * original since the translation was made; with --accept, record the original's new hash.
 */
export async function runTranslate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    content: { type: 'string' },
    locales: { type: 'string' },
    refresh: { type: 'boolean' },
    accept: { type: 'boolean' },
  }, 2);
  if (positionals.length !== 2) throw new UsageError('translate needs an article id and a locale: polyfeed translate <article-id> <locale>');
  if (values.accept && !values.refresh) throw new UsageError('--accept goes with --refresh');
  const [id, tag] = positionals as [string, string];
  const contentDir = String(values.content ?? 'content');
  const { project, diagnostics } = await loadProject({ content: contentDir, locales: String(values.locales ?? 'locales') });
  if (!project) {
    printDiagnostics(diagnostics, io);
    return EXIT.inputErrors;
  }
  const { registry, content } = project;
  const locale = registry.byTag.get(tag);
  if (!locale) {
    const near = registry.locales.find((l) => l.tag.toLowerCase() === tag.toLowerCase())?.tag ?? closest(tag, registry.locales.map((l) => l.tag));
    throw new UsageError(`"${tag}" is not a locale of the registry.${near ? ` Did you mean ${near}?` : ''}\n  Valid locales: ${registry.locales.map((l) => l.tag).join(' ')}`);
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
    await writeFile(file, await translationTemplate(article, locale), { flag: 'wx' });
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
  const now = hashedText(o.title, o.summary, await o.readBody());
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
