/**
 * Reading what the CLI printed on stderr the way a user reads it: `file:line:col: error: … [rule-id]`,
 * the source line and a caret (when the file has the line), then an indented hint.
 */
import { expect } from 'chai';

export interface ExpectedError {
  /** The file as the user must see it (the path given on the command line joined with the relative part). */
  file: string;
  line?: number;
  column?: number;
  /** A recognizable part of the message (the text after "error: "). */
  message: string | RegExp;
  /** A recognizable part of the hint (the indented line below). */
  hint: string | RegExp;
  /** The rule id printed at the end of the message line. */
  rule?: string;
  /** Something the hint must not say (e.g. a misleading suggestion). */
  hintNot?: string;
  /** Strings the message or hint must mention somewhere (what the user needs to act). */
  mentions?: string[];
}

export interface PrintedDiagnostic {
  index: number;
  header: string;
  message: string;
  rule?: string;
  /** The source line printed under the message, as shown (`3 | date: …`). */
  source?: string;
  hint?: string;
}

/** Every `…: error: …` line (not indented) with its hint line, in printed order. */
export function printedErrors(stderr: string): PrintedDiagnostic[] {
  const lines = stderr.split('\n');
  const out: PrintedDiagnostic[] = [];
  lines.forEach((line, index) => {
    const m = /^(.*?): error: (.*?)(?: \[([a-z0-9-]+)\])?$/.exec(line);
    if (!m || line.startsWith(' ')) return;
    let i = index + 1;
    let source: string | undefined;
    if (/^ {2}\d+ \| /.test(lines[i] ?? '')) {
      source = lines[i]!.slice(2);
      i++;
      if (/^ +\^$/.test(lines[i] ?? '')) i++;
    }
    const next = lines[i];
    out.push({
      index, header: m[1]!, message: m[2]!, ...(m[3] ? { rule: m[3] } : {}), ...(source ? { source } : {}),
      ...(next !== undefined && next.startsWith('  ') ? { hint: next.slice(2) } : {}),
    });
  });
  return out;
}

const matches = (text: string, want: string | RegExp) => (typeof want === 'string' ? text.includes(want) : want.test(text));

/** Asserts that `e` is printed exactly at its place and returns the printed diagnostic. */
export function expectPrinted(stderr: string, e: ExpectedError): PrintedDiagnostic {
  const where = e.file + (e.line !== undefined ? `:${e.line}` + (e.column !== undefined ? `:${e.column}` : '') : '');
  const found = printedErrors(stderr).filter((d) => d.header === where);
  expect(found, `an error printed as "${where}: error: …" in:\n${stderr}`).to.have.length.greaterThan(0);
  const d = found.find((x) => matches(x.message, e.message)) ?? found[0]!;
  expect(matches(d.message, e.message), `message of ${where}: "${d.message}" should contain ${String(e.message)}`).to.equal(true);
  if (e.rule) expect(d.rule, `rule id of ${where}`).to.equal(e.rule);
  expect(d.hint, `an indented hint line below ${where}`).to.be.a('string');
  expect(matches(d.hint!, e.hint), `hint of ${where}: "${d.hint}" should contain ${String(e.hint)}`).to.equal(true);
  if (e.hintNot) expect(d.hint, `hint of ${where}`).not.to.include(e.hintNot);
  for (const m of e.mentions ?? []) expect(`${d.message}\n${d.hint}`, `what ${where} says`).to.include(m);
  return d;
}

/** No stack trace, no Node error name: the user sees only polyfeed's own words. */
export function expectNoStackTrace(stderr: string): void {
  expect(stderr, 'a stack trace').not.to.match(/^\s+at /m);
  expect(stderr, 'a Node error').not.to.match(/\b[A-Z][A-Za-z]*Error\b|node:internal|ERR_[A-Z_]+/);
}
