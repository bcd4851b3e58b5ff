/**
 * The polyfeed command line: finds the command in the table (src/cli/commands.ts), parses
 * its options, runs it. `polyfeed help [command]` and `polyfeed <command> --help` print usage.
 */
import path from 'node:path';
import { closest } from '../util/closest.js';
import { commandHelp, commandName, parseCommand, type Command } from './command.js';
import { COMMANDS } from './commands.js';
import { EXIT, UsageError, type Io } from './io.js';

export type { Io } from './io.js';

export async function overview(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((row) => row.load()));
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: polyfeed <command> [options]', '',
    'polyfeed turns Markdown articles and their translations into RSS 2.0, Atom 1.0 and JSON Feed 1.1, one set per language.', '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  polyfeed help <command>: what a command does, its options and examples`, '',
    'Run "polyfeed <command> --help" for a command\'s options.',
    'Exit codes: 0 success; 1 errors in the input (nothing in out/ changes); 2 usage error.', '',
  ].join('\n');
}

function find<C extends { name: string }>(name: string | undefined, among: readonly C[], what: string): C {
  const c = among.find((x) => x.name === name);
  if (c) return c;
  const near = name ? closest(name, among.map((x) => x.name)) : undefined;
  throw new UsageError(name === undefined ? `${what} needs one of: ${among.map((x) => x.name).join(', ')}` : `unknown ${what} "${name}"${near ? `; did you mean "${near}"?` : ''}`);
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  let [name, ...rest] = argv;
  let command: Command | undefined;
  try {
    if (name === undefined) {
      io.stderr(await overview());
      return EXIT.usage;
    }
    if (name === 'help' || name === '--help' || name === '-h') {
      if (rest.length === 0) {
        io.stdout(await overview());
        return EXIT.ok;
      }
      command = await find(rest[0], COMMANDS, 'command').load();
      if (command.subcommands && rest[1]) command = find(rest[1], command.subcommands, `${command.name} subcommand`);
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    command = await find(name, COMMANDS, 'command').load();
    if (command.subcommands) {
      if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h') {
        io.stdout(commandHelp(command));
        return rest.length === 0 ? EXIT.usage : EXIT.ok;
      }
      [name, ...rest] = rest;
      command = find(name, command.subcommands, `${command.name} subcommand`);
    }
    const args = parseCommand(command, rest);
    if (args.values.help) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const which = e.command ?? (command ? commandName(command) : undefined);
      io.stderr(`polyfeed: ${e.message}\n  Run "polyfeed ${which ? `${which} --help` : 'help'}" for usage.\n`);
      return EXIT.usage;
    }
    const sys = e as NodeJS.ErrnoException;
    if (sys.code && sys.syscall) {
      // The file system said no (permissions, a full disk …): the user's to fix, not a bug.
      const where = sys.path ? path.relative(process.cwd(), sys.path) || sys.path : 'a file';
      io.stderr(`polyfeed: cannot ${sys.syscall} ${where}: ${sys.code} [fs-error]\n  Check the permissions and free space of that folder.\n`);
      return EXIT.inputErrors;
    }
    throw e;
  }
}
