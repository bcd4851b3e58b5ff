/**
 * Folders that must never be the output folder: publishing writes locale folders into it and
 * removes files it wrote earlier, so it must be a folder of its own. Checked by the build
 * command before anything is read or written. Paths are compared after resolving symbolic
 * links (of the part that exists), so a link to the content folder is refused too.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { error, type Diagnostic, type RuleId } from '../diagnostics.js';
import { shownFolder } from './paths.js';

export interface ProjectFolders {
  out: string;
  content: string;
  locales: string;
  /** Default: the current directory. */
  cwd?: string;
}

export async function outFolderProblems(f: ProjectFolders): Promise<Diagnostic[]> {
  const cwd = f.cwd ?? process.cwd();
  const [out, content, locales, here] = await Promise.all([real(f.out, cwd), real(f.content, cwd), real(f.locales, cwd), real('.', cwd)]);
  const o = shownFolder(f.out);
  const c = shownFolder(f.content);
  const l = shownFolder(f.locales);
  const nothing = 'nothing was written.';
  const refuse = (ruleId: RuleId, message: string, why: string) =>
    [error(ruleId, message, { hint: `${why} Choose a folder of its own, e.g. --out out; ${nothing}` })];

  if (out === path.parse(out).root) return refuse('out-is-root', `the output folder ${o} is the root of the file system`, 'polyfeed would write a folder per locale into /.');
  if (within(out, content)) {
    return refuse('out-inside-content', out === content ? `the output folder ${o} is the content folder` : `the output folder ${o} is inside the content folder ${c}`,
      'Feeds would be written among the articles and read back as content.');
  }
  if (within(content, out)) {
    return refuse('out-contains-content', out === here ? `the output folder ${o} is the current folder, which holds the content folder ${c}` : `the output folder ${o} holds the content folder ${c}`,
      'polyfeed would write a folder per locale among the project\'s files.');
  }
  if (within(out, locales)) {
    return refuse('out-inside-locales', out === locales ? `the output folder ${o} is the locales folder` : `the output folder ${o} is inside the locales folder ${l}`,
      'Feeds would be written among the interface strings (locales/<locale>/ is a locale\'s own folder).');
  }
  if (within(locales, out)) {
    return refuse('out-contains-locales', out === here ? `the output folder ${o} is the current folder, which holds the locales folder ${l}` : `the output folder ${o} holds the locales folder ${l}`,
      'polyfeed would write a folder per locale among the project\'s files.');
  }
  return [];
}

/** `a` is `b` or inside it. */
function within(a: string, b: string): boolean {
  return a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
}

/** The real path of `p`: symbolic links resolved in the part that exists. */
async function real(p: string, cwd: string): Promise<string> {
  const rest: string[] = [];
  let cur = path.resolve(cwd, p);
  for (;;) {
    try {
      return path.join(await realpath(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.resolve(cwd, p);
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}
