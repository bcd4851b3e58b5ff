/**
 * The command table: every command polyfeed has, in the order `polyfeed help` lists them. A
 * command's code is loaded when it runs (or help lists it): `build` does not load the server,
 * nor `status` the serializers.
 */
import type { Command } from './command.js';

export interface CommandRow {
  name: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandRow[] = [
  { name: 'build', load: async () => (await import('./build.js')).buildCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'status', load: async () => (await import('./status.js')).statusCommand },
  { name: 'translate', load: async () => (await import('./translate.js')).translateCommand },
  { name: 'strings', load: async () => (await import('./strings.js')).stringsCommand },
  { name: 'validate', load: async () => (await import('./validate.js')).validateCommand },
];
