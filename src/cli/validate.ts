import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { SOURCE_LOCALE } from '../locales/i18n.js';
import { loadRegistry } from '../locales/registry.js';
import { recover } from '../publish/index.js';
import { formatCode, kindOf, OUTPUTS, outputPath } from '../outputs.js';
import { PLAN_SCOPES } from '../plan/plan.js';
import { decodeUtf8, notUtf8 } from '../util/text.js';
import { COMMON_OPTIONS, type Command } from './command.js';
import { EXIT, printDiagnostics } from './io.js';

/**
 * `polyfeed validate [OUT]`: the checks the build runs before publishing, on a folder of
 * published documents. Which checks a file gets comes from its row of src/outputs.ts; with a
 * readable registry, feed languages are compared with the registry's feed tags and every
 * locale's documents must be there.
 */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'run the build\'s strict checks on a folder of published feeds and pages',
  description:
    'Checks every document polyfeed writes in a folder (by default out/): well-formed XML and the structure of RSS 2.0, the RELAX NG schema of ' +
    'RFC 4287 for Atom, the JSON Schema of JSON Feed 1.1, only http(s) links, unique item ids, and each feed\'s language against the registry; ' +
    'pages without HTML parse errors, OPML 2.0 structure, style sheets that load nothing from elsewhere. ' +
    'With a registry, a document a locale should have and does not is reported as missing.',
  positionals: { usage: '[OUT]', min: 0, max: 1 },
  options: { locales: COMMON_OPTIONS.locales },
  examples: [
    { command: 'polyfeed validate', says: 'checks ./out against ./locales/registry.json' },
    { command: 'polyfeed validate public --locales site/locales', says: 'another folder and registry' },
  ],
  async run({ values, positionals }, io) {
    const out = positionals[0] ?? COMMON_OPTIONS.out.default;
    const shown = `${path.normalize(out).replace(/[\\/]+$/, '')}/`;
    // A publish that was killed half-way is finished or undone first: what is checked is whole.
    printDiagnostics((await recover(out)).diagnostics, io);
    const { registry } = await loadRegistry(String(values.locales));
    let files: string[];
    try {
      files = await listFiles(out);
    } catch {
      io.stderr(`polyfeed: cannot read ${shown}\n  Build first (polyfeed build), or name the folder of published feeds.\n`);
      return EXIT.inputErrors;
    }
    const present = new Set(files);
    const expected = registry ? OUTPUTS.flatMap((k) => PLAN_SCOPES[k.plan](registry).map((scope) => outputPath(k, scope))) : [];
    const diagnostics: Diagnostic[] = [];
    let checked = 0;
    let failed = 0;
    const missing = expected.filter((p) => !present.has(p));
    for (const rel of missing) diagnostics.push(error('output-missing', 'is missing', { file: path.join(out, rel), hint: 'Build again: polyfeed build.' }));
    for (const rel of files) {
      const found = kindOf(rel);
      if (!found) continue;
      const file = path.join(out, rel);
      checked++;
      const bytes = new Uint8Array(await readFile(file));
      const text = decodeUtf8(bytes);
      // A locale's documents are in its language; the site's own (the root page) in the source locale's.
      const locale = found.vars.locale ?? ('plan' in found.kind && found.kind.plan === 'site' ? SOURCE_LOCALE : undefined);
      const problems = text === undefined
        ? [notUtf8(file, bytes)]
        : (await formatCode())[found.kind.format.name].check(text, locale ? registry?.byTag.get(locale)?.feedTag : undefined).map((p) => error(p.ruleId, p.message, { file }));
      diagnostics.push(...problems);
      if (problems.length) failed++;
    }
    printDiagnostics(diagnostics, io);
    io.stdout(`polyfeed validate: ${checked} documents checked in ${shown}, ${checked - failed} valid, ${failed} with errors` +
      (missing.length ? `; ${missing.length} missing` : '') + '\n');
    return failed > 0 || missing.length > 0 || checked === 0 ? EXIT.inputErrors : EXIT.ok;
  },
};

/** Every file below `dir` as a relative `/` path, dot files and dot folders (staging, journals) left out. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of (await readdir(path.join(dir, prefix), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (d.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (d.isFile()) out.push(rel);
  }
  return out;
}
