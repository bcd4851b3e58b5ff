import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PolyfeedError, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { loadResources, SOURCE_LOCALE, translationUnits, type LoadedResources } from '../locales/i18n.js';
import { loadRegistry, type Registry } from '../locales/registry.js';
import { exportXliff, importXliff } from '../locales/xliff.js';
import { EXIT, parseCommand, printDiagnostics, UsageError, type Io } from './run.js';

export const STRINGS_USAGE = `  polyfeed strings export <locale> [--locales DIR] [--output FILE]
  polyfeed strings import <file.xlf> [--locales DIR]`;

/**
 * `polyfeed strings export|import`: interface strings to and from CAT tools as XLIFF 2.0.
 * Export writes one locale's document (stdout unless --output); import applies a translated
 * document to `<locales>/<locale>/*.json`, or, when any unit is stale or unknown, changes
 * nothing and exits 1.
 */
export async function runStrings(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'export':
      return runExport(rest, io);
    case 'import':
      return runImport(rest, io);
    default:
      throw new UsageError(sub === undefined ? 'strings needs "export" or "import"' : `unknown strings command "${sub}" (export or import)`);
  }
}

async function runExport(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { locales: { type: 'string' }, output: { type: 'string' } }, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError('strings export needs a locale');
  const localesDir = String(values.locales ?? 'locales');
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
  let xml: string;
  try {
    xml = exportXliff(registry, resources.resources, target);
  } catch (e) {
    if (!(e instanceof PolyfeedError)) throw e;
    printDiagnostics(e.diagnostics, io);
    return EXIT.inputErrors;
  }
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

async function runImport(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { locales: { type: 'string' } }, 1);
  const file = positionals[0];
  if (file === undefined) throw new UsageError('strings import needs an XLIFF file');
  const localesDir = String(values.locales ?? 'locales');
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch {
    io.stderr(`polyfeed strings: cannot read ${file}\n`);
    return EXIT.inputErrors;
  }
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
  const broken: Diagnostic[] = loaded.diagnostics.filter((d) => d.severity === 'error' && d.file !== undefined && files.has(d.file));
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
