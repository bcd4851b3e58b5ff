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
  /** The agreements' folder (it need not exist). */
  partners?: string;
  /** Default: the current directory. */
  cwd?: string;
}

/** A folder of the project that out/ may neither be inside of nor hold: its rule ids and why. */
interface Guarded {
  name: string;
  dir: string;
  inside: RuleId;
  contains: RuleId;
  /** Why out/ may not be this folder or inside it. */
  why: string;
}

export async function outFolderProblems(f: ProjectFolders): Promise<Diagnostic[]> {
  const cwd = f.cwd ?? process.cwd();
  const guarded: Guarded[] = [
    { name: 'content', dir: f.content, inside: 'out-inside-content', contains: 'out-contains-content', why: 'Feeds would be written among the articles and read back as content.' },
    {
      name: 'locales', dir: f.locales, inside: 'out-inside-locales', contains: 'out-contains-locales',
      why: 'Feeds would be written among the interface strings (locales/<locale>/ is a locale\'s own folder).',
    },
    ...(f.partners !== undefined ? [{
      name: 'partners', dir: f.partners, inside: 'out-inside-partners' as const, contains: 'out-contains-partners' as const,
      why: 'Feeds would be written among the syndication agreements.',
    }] : []),
  ];
  const [out, here, ...dirs] = await Promise.all([real(f.out, cwd), real('.', cwd), ...guarded.map((g) => real(g.dir, cwd))]);
  const o = shownFolder(f.out);
  const nothing = 'nothing was written.';
  const refuse = (ruleId: RuleId, message: string, why: string) =>
    [error(ruleId, message, { hint: `${why} Choose a folder of its own, e.g. --out out; ${nothing}` })];

  if (out === path.parse(out).root) return refuse('out-is-root', `the output folder ${o} is the root of the file system`, 'polyfeed would write a folder per locale into /.');
  for (const [i, g] of guarded.entries()) {
    const dir = dirs[i]!;
    const shown = shownFolder(g.dir);
    if (within(out, dir)) {
      return refuse(g.inside, out === dir ? `the output folder ${o} is the ${g.name} folder` : `the output folder ${o} is inside the ${g.name} folder ${shown}`, g.why);
    }
    if (within(dir, out)) {
      return refuse(g.contains, out === here ? `the output folder ${o} is the current folder, which holds the ${g.name} folder ${shown}` : `the output folder ${o} holds the ${g.name} folder ${shown}`,
        'polyfeed would write a folder per locale among the project\'s files.');
    }
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
