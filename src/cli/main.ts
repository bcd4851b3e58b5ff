#!/usr/bin/env node
/**
 * The polyfeed command line: a thin layer over the library (src/index.ts).
 * Exit codes: 0 success, 1 errors in the input, 2 usage error.
 */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './run.js';

// A build makes far more garbage than it keeps (every document text is made, handed on and
// dropped): V8 then lets the heap grow to several times what is live before it collects. A
// heap that grows by a fifth over what is live keeps a build's memory near what it holds,
// for the main thread and the workers alike (the flag is the process's), at little cost in time.
setFlagsFromString('--heap-growing-percent=20');

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
});
