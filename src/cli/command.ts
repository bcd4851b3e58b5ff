/**
 * The shape of a command (a row of src/cli/commands.ts): name, summary, options with their
 * defaults and help, positionals, examples, run. Options are parsed here, in one place, for
 * every command: unknown options suggest the nearest known one, and `--help` prints the
 * command's usage.
 */
import { parseArgs } from 'node:util';
import { closest } from '../util/closest.js';
import { UsageError, type Io } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in usage lines, e.g. `DIR`. */
  value?: string;
  default?: string;
  help: string;
}

export interface Command {
  name: string;
  /** One line for `polyfeed help`. */
  summary: string;
  /** What it does, for `polyfeed <command> --help`: a few sentences. */
  description: string;
  /** Positionals as shown in the usage line, e.g. `[OUT]` or `<article-id> <locale>`. */
  positionals?: { usage: string; min: number; max: number };
  options: Readonly<Record<string, OptionSpec>>;
  examples: readonly { command: string; says: string }[];
  /** Subcommands (`strings export`, `strings import`) are commands of their own. */
  subcommands?: readonly Command[];
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** The options several commands share, defined once with their defaults. */
export const COMMON_OPTIONS = {
  content: { type: 'string', value: 'DIR', default: 'content', help: 'the folder of <article-id>/<locale>.md files' },
  locales: { type: 'string', value: 'DIR', default: 'locales', help: 'the folder with registry.json and <locale>/*.json interface strings' },
  out: { type: 'string', value: 'DIR', default: 'out', help: 'where the documents are published' },
} as const satisfies Record<string, OptionSpec>;

const HELP: OptionSpec = { type: 'boolean', help: 'print this help' };

/** Parses `args` for `command`; defaults are filled in. Throws UsageError. */
export function parseCommand(command: Command, args: string[]): ParsedArgs {
  const fullName = commandName(command);
  const options = { ...command.options, help: HELP };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, ...(k === 'help' ? { short: 'h' } : {}) }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const near = closest(unknown.replace(/^-+/, '').split('=')[0]!, Object.keys(options));
      throw new UsageError(`unknown option ${unknown}${near ? `; did you mean --${near}?` : ''}`, fullName);
    }
    throw new UsageError(message.replace(/^Option '(-[^']+)'/, 'option $1'), fullName);
  }
  const values: ParsedArgs['values'] = {};
  for (const [k, o] of Object.entries(command.options)) values[k] = (parsed.values[k] as string | boolean | undefined) ?? o.default;
  values.help = parsed.values.help as boolean | undefined;
  const positionals = parsed.positionals;
  const p = command.positionals ?? { usage: '', min: 0, max: 0 };
  if (!values.help) {
    if (positionals.length > p.max) throw new UsageError(`unexpected argument "${positionals[p.max]}"`, fullName);
    if (positionals.length < p.min) throw new UsageError(`${fullName} needs ${p.usage}`, fullName);
  }
  return { values, positionals };
}

const parents = new WeakMap<Command, Command>();

export function withParent(parent: Command): Command {
  for (const sub of parent.subcommands ?? []) parents.set(sub, parent);
  return parent;
}

export function commandName(command: Command): string {
  const parent = parents.get(command);
  return parent ? `${parent.name} ${command.name}` : command.name;
}

/** `polyfeed <command> --help`: usage, what it does, every option with its default, examples. */
export function commandHelp(command: Command): string {
  const name = commandName(command);
  if (command.subcommands?.length) {
    return [
      `polyfeed ${name}: ${command.summary}`, '', wrap(command.description), '',
      ...command.subcommands.map((s) => `  polyfeed ${name} ${s.name}${s.positionals ? ` ${s.positionals.usage}` : ''}  ${s.summary}`),
      '', `Run "polyfeed ${name} <subcommand> --help" for one of them.`, '',
    ].join('\n');
  }
  const opts = Object.entries({ ...command.options, help: HELP });
  const flag = (k: string, o: OptionSpec) => `--${k}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...opts.map(([k, o]) => flag(k, o).length));
  const usage = `polyfeed ${name}${command.positionals ? ` ${command.positionals.usage}` : ''}${opts.length > 1 ? ' [options]' : ''}`;
  return [
    `Usage: ${usage}`, '', wrap(command.description), '', 'Options:',
    ...opts.map(([k, o]) => `  ${flag(k, o).padEnd(width)}  ${o.help}${o.default !== undefined ? ` (default: ${o.default})` : ''}`),
    '', 'Examples:',
    ...command.examples.flatMap((e) => [`  ${e.command}`, `      ${e.says}`]),
    '', 'Exit codes: 0 success; 1 errors in the input (each with file, line, column and a rule id); 2 usage error.', '',
  ].join('\n');
}

function wrap(text: string, width = 92): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join('\n');
}
