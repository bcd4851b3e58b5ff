import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { recover } from '../index.js';
import { loadRegistry } from '../locales/registry.js';
import { shownFolder } from '../publish/paths.js';
import { FORMATS, feedPath } from '../publish/paths.js';
import { checkDocument } from '../validate/index.js';
import { EXIT, parseCommand, printDiagnostics, recoveryWarning, type Io } from './run.js';

/**
 * `polyfeed validate [OUT]`: the checks the build runs before publishing, on a folder of
 * published feeds. With a readable registry (`--locales`), feed languages are compared with
 * the registry's feed tags.
 */
export async function runValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { locales: { type: 'string' } }, 1);
  const out = positionals[0] ?? 'out';
  // A publish that was killed half-way is finished or undone first: what is checked is whole.
  const recovered = await recover(out);
  if (recovered) printDiagnostics([recoveryWarning(recovered, shownFolder(out))], io);
  const { registry } = await loadRegistry(String(values.locales ?? 'locales'));
  let folders: string[];
  try {
    folders = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  } catch {
    io.stderr(`polyfeed: cannot read ${out}/\n  Build first (polyfeed build), or name the folder of published feeds.\n`);
    return EXIT.inputErrors;
  }
  let files = 0;
  let failed = 0;
  for (const locale of folders) {
    for (const format of FORMATS) {
      let rel: string;
      try {
        rel = feedPath(locale, format);
      } catch {
        continue;
      }
      const file = path.join(out, rel);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) {
        io.stderr(`${file}: error: missing\n`);
        failed++;
        continue;
      }
      files++;
      const problems = checkDocument({ locale, format, path: file, text }, registry?.byTag.get(locale)?.feedTag);
      for (const p of problems) io.stderr(`${file}: error: ${p}\n`);
      if (problems.length) failed++;
    }
  }
  io.stdout(`polyfeed validate: ${files} feeds checked in ${path.normalize(out)}/, ${files - failed} valid, ${failed} with errors\n`);
  return failed > 0 || files === 0 ? EXIT.inputErrors : EXIT.ok;
}
