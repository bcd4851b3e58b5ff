/** The command table: every command polyfeed has, in the order `polyfeed help` lists them. */
import { buildCommand } from './build.js';
import type { Command } from './command.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { stringsCommand } from './strings.js';
import { translateCommand } from './translate.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly Command[] = [buildCommand, serveCommand, statusCommand, translateCommand, stringsCommand, validateCommand];
