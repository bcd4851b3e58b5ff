#!/usr/bin/env node
/**
 * The polyfeed command line: a thin layer over the library (src/index.ts).
 * Exit codes: 0 success, 1 errors in the input, 2 usage error.
 */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
});
