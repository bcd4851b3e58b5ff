/**
 * Starting and refreshing translations: a new translation file made from the original, with
 * `translationOf` and the original's current content hash filled in; and, when the original
 * has changed since, what changed (found in git history by content hash) and the new hash.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { Document } from 'yaml';
import type { Article } from '../content/articles.js';
import { rfc3339 } from '../content/dates.js';
import { contentHash, parseContentText, splitFrontMatter } from '../content/frontmatter.js';
import { readBody } from '../content/scan.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Locale } from '../locales/registry.js';
import { decodeUtf8 } from '../util/text.js';

const run = promisify(execFile);

/** The text of a new translation: the original's words, to be translated in place. */
export function translationTemplate(article: Article, target: Locale): { text?: string; diagnostic?: Diagnostic } {
  const o = article.original;
  const doc = new Document({
    title: o.title,
    translationOf: o.locale.tag,
    sourceHash: article.hash,
    draft: true,
    ...(o.summary !== undefined ? { summary: o.summary } : {}),
    ...(o.image?.alt ? { image: { alt: o.image.alt } } : {}),
    // Rights and corrections are shown to readers and partners in the item's language.
    ...(o.rights?.text ? { rights: { text: o.rights.text } } : {}),
    ...(o.corrections.length ? { corrections: o.corrections.map((c) => ({ date: rfc3339(c.date), text: c.text })) } : {}),
  });
  const parts = [
    'the title', ...(o.summary !== undefined ? ['summary'] : []), ...(o.image?.alt ? ['image alt text'] : []),
    ...(o.rights?.text ? ['rights text'] : []), ...(o.corrections.length ? ['corrections'] : []),
  ];
  doc.commentBefore =
    ` Translate ${parts.join(', ')} and the text below into ${target.englishName} (${target.name}).\n` +
    ` Dates, authors, categories and the image are inherited from ${o.locale.tag}.md. Remove "draft: true" to publish.`;
  const read = readBody(o.file);
  if (read.diagnostic) return { diagnostic: read.diagnostic };
  return { text: `---\n${doc.toString({ lineWidth: 0 })}---\n\n${read.body!.replace(/^\n+/, '')}` };
}

/** The parts of an original that its content hash covers, as one readable text. */
export function hashedText(title: string, summary: string | undefined, body: string): string {
  return `title: ${title}\n${summary !== undefined ? `summary: ${summary}\n` : ''}\n${body.replace(/\r\n?/g, '\n').trim()}\n`;
}

/**
 * Looks through the git history of the original's file for the version whose content hash
 * is `hash`; returns its hashed text, or undefined (not in git, or never committed).
 */
export async function findInGitHistory(file: string, hash: string): Promise<string | undefined> {
  try {
    const dir = path.dirname(path.resolve(file));
    const top = (await run('git', ['-C', dir, 'rev-parse', '--show-toplevel'])).stdout.trim();
    const rel = path.relative(top, path.resolve(file)).split(path.sep).join('/');
    const commits = (await run('git', ['-C', top, 'log', '--format=%H', '--', rel], { maxBuffer: 64 * 1024 * 1024 })).stdout.split('\n').filter(Boolean);
    for (const commit of commits) {
      const shown = await run('git', ['-C', top, 'show', `${commit}:${rel}`], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }).catch(() => undefined);
      const text = shown ? decodeUtf8(new Uint8Array(shown.stdout as Buffer)) : undefined;
      if (text === undefined) continue;
      // The build's own parser, so that a version hashes here exactly as it did when it was built.
      const parsed = parseContentText(text, rel);
      if (!parsed.fm) continue;
      const { title = '', summary } = parsed.fm;
      const body = text.slice(parsed.bodyIndex);
      if (contentHash(title, summary, body) === hash) return hashedText(title, summary, body);
    }
  } catch {
    /* not a git checkout, or git is missing */
  }
  return undefined;
}

/** A unified diff of what changed in the original between two hashed texts. */
export function originalDiff(oldText: string, newText: string, file: string, oldHash: string, newHash: string): string {
  return createTwoFilesPatch(`${file} @ ${oldHash}`, `${file} @ ${newHash}`, oldText, newText, '', '', { context: 2 })
    .split('\n')
    .filter((l) => !/^={5,}$/.test(l) && !l.startsWith('Index: '))
    .map((l) => (l.startsWith('--- ') || l.startsWith('+++ ') ? l.trimEnd() : l))
    .join('\n');
}

/** The translation's text with its recorded `sourceHash` replaced (or added after translationOf). */
export function withSourceHash(text: string, hash: string): string {
  const split = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if ('problem' in split) throw new Error(`polyfeed bug: ${split.problem} in a file that was read without errors`);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const t = text.slice(bom.length);
  const head = t.slice(0, split.bodyIndex);
  const eol = head.includes('\r\n') ? '\r\n' : '\n';
  let newHead: string;
  // Quoted: an unquoted hash of digits and one "e" (0183e1784102) would read back as a number.
  if (/^sourceHash:.*$/m.test(head)) newHead = head.replace(/^sourceHash:.*?(\r?)$/m, `sourceHash: "${hash}"$1`);
  else newHead = head.replace(/^(translationOf:.*?)(\r?\n)/m, `$1$2sourceHash: "${hash}"${eol}`);
  return bom + newHead + t.slice(split.bodyIndex);
}
