import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { loadResources, SOURCE_LOCALE, translationUnits, type LoadedResources } from '../locales/i18n.js';
import { loadRegistry, type Registry } from '../locales/registry.js';
import { decodeXml, exportXliff, importXliff } from '../locales/xliff.js';
import { COMMON_OPTIONS, withParent, type Command, type ParsedArgs } from './command.js';
import { EXIT, printDiagnostics, UsageError, type Io } from './io.js';

/**
 * `polyfeed strings export|import`: interface strings to and from CAT tools as XLIFF 2.0.
 * Export writes one locale's document (stdout unless --output); import applies a translated
 * document to `<locales>/<locale>/*.json`, or, when any unit is stale or unknown, changes
 * nothing and exits 1.
 */
export const stringsCommand: Command = withParent({
  name: 'strings',
  summary: 'interface strings to and from translation tools (XLIFF 2.0)',
  description: 'Exports the interface strings of one locale as XLIFF 2.0 for a CAT tool, and imports the translated file back into locales/<locale>/*.json.',
  options: {},
  examples: [],
  subcommands: [
    {
      name: 'export',
      summary: 'write one locale\'s strings as XLIFF 2.0',
      description:
        'Writes the interface strings for a CAT tool: source en, target the locale, one <unit> per key, plural keys in exactly the forms ' +
        'the target language needs. Standard output unless --output is given.',
      positionals: { usage: '<locale>', min: 1, max: 1 },
      options: { locales: COMMON_OPTIONS.locales, output: { type: 'string', value: 'FILE', help: 'write the XLIFF to FILE instead of standard output' } },
      examples: [{ command: 'polyfeed strings export ru > ru.xlf', says: 'the Russian strings, to translate in a CAT tool' }],
      run: runExport,
    },
    {
      name: 'import',
      summary: 'write a translated XLIFF 2.0 file back into locales/',
      description:
        'Writes the translated targets back into locales/<locale>/*.json. Refuses the whole file, changing nothing, when a source text no longer ' +
        'matches en (stale) or a key or plural form is unknown; keys the file does not mention are never lost.',
      positionals: { usage: '<file.xlf>', min: 1, max: 1 },
      options: { locales: COMMON_OPTIONS.locales },
      examples: [{ command: 'polyfeed strings import ru.xlf', says: 'updates locales/ru/*.json from the translated file' }],
      run: runImport,
    },
  ],
  async run() {
    throw new UsageError('strings needs "export" or "import"', 'strings');
  },
});

async function runExport({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  const target = positionals[0]!;
  const localesDir = String(values.locales);
  const loaded = await load(localesDir, io);
  if (!loaded) return EXIT.inputErrors;
  const { registry, resources } = loaded;
  const valid = registry.locales.filter((l) => l.tag !== SOURCE_LOCALE).map((l) => l.tag);
  if (!valid.includes(target)) {
    const why = target === SOURCE_LOCALE ? `${SOURCE_LOCALE} is the source language` : `unknown locale "${target}"`;
    io.stderr(`polyfeed strings: ${why}; export one of: ${valid.join(', ')}\n`);
    return EXIT.usage;
  }
  if (refuseBroken(resources, [SOURCE_LOCALE, target], io)) return EXIT.inputErrors;
  const exported = exportXliff(registry, resources.resources, target);
  if (exported.xml === undefined) {
    printDiagnostics(exported.diagnostics, io);
    return EXIT.inputErrors;
  }
  const xml = exported.xml;
  if (values.output === undefined) {
    io.stdout(xml);
    return EXIT.ok;
  }
  const output = String(values.output);
  await writeAtomically([{ path: output, text: xml }]);
  const units = translationUnits(registry, resources.resources, target).flatMap((f) => f.units);
  const todo = units.filter((u) => !resources.resources[target]?.[u.namespace]?.[u.key]?.trim()).length;
  io.stdout(`polyfeed strings: ${units.length} strings of ${target} exported to ${output}` + (todo ? ` (${todo} untranslated)` : '') + '\n');
  return EXIT.ok;
}

async function runImport({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  const file = positionals[0]!;
  const localesDir = String(values.locales);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    io.stderr(`polyfeed strings: cannot read ${file}\n`);
    return EXIT.inputErrors;
  }
  const decoded = decodeXml(bytes, file);
  if (decoded.diagnostic) {
    printDiagnostics([decoded.diagnostic], io);
    return EXIT.inputErrors;
  }
  const xml = decoded.text!;
  const loaded = await load(localesDir, io);
  if (!loaded) return EXIT.inputErrors;
  const { registry, resources } = loaded;
  const result = importXliff(xml, registry, resources.resources, localesDir, file);
  if (result.locale && refuseBroken(resources, [SOURCE_LOCALE, result.locale], io)) return EXIT.inputErrors;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  printDiagnostics(sortDiagnostics([...errors, ...result.diagnostics.filter((d) => d.severity === 'warning')]), io);
  if (errors.length) {
    io.stderr(`polyfeed strings: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing imported, ${path.normalize(localesDir)}/ is unchanged.\n`);
    return EXIT.inputErrors;
  }
  await writeAtomically(result.files);
  const n = result.changed.length;
  io.stdout(`polyfeed strings: ${n} string${n === 1 ? '' : 's'} updated in ${result.locale}\n`);
  return EXIT.ok;
}

async function load(localesDir: string, io: Io): Promise<{ registry: Registry; resources: LoadedResources } | undefined> {
  const { registry, diagnostics } = await loadRegistry(localesDir);
  if (!registry) {
    printDiagnostics(diagnostics, io);
    return undefined;
  }
  return { registry, resources: await loadResources(localesDir, registry) };
}

/** Strings files of these locales that could not be read: nothing can be exported from or merged into them. */
function refuseBroken(loaded: LoadedResources, tags: string[], io: Io): boolean {
  const files = new Set(tags.flatMap((t) => Object.values(loaded.files[t] ?? {})));
  const broken: Diagnostic[] = loaded.diagnostics.filter((d) => d.severity === 'error' && files.has(d.file ?? ''));
  if (broken.length) printDiagnostics(sortDiagnostics(broken), io);
  return broken.length > 0;
}

/** Writes every file to a temporary name first, then renames them all: a failed write changes nothing. */
async function writeAtomically(files: { path: string; text: string }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) {
      await mkdir(path.dirname(f.path), { recursive: true });
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${process.pid}.tmp`);
      temps.push(tmp);
      await writeFile(tmp, f.text);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
  for (const [i, f] of files.entries()) await rename(temps[i]!, f.path);
}
