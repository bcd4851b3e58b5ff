/**
 * What a feed reader shows of a plain-text field, computed independently of polyfeed's writer,
 * and the Python that has the reader libraries (feedparser and the W3C validator's needs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toString as hastText } from 'hast-util-to-string';

/** HTML text as a browser shows it (parse5): tags dropped, references decoded once. */
export function renderedHtml(html: string): string {
  return hastText(fromHtml(html, { fragment: true }));
}

/**
 * An RSS title (or <copyright>, <dc:rights>) as a reader that guesses shows it: feedparser 6
 * takes such a field for HTML when it holds an end tag or a complete reference (the first test
 * of its looks_like_html, Python's \w), and renders it; otherwise it is the text.
 */
export function sniffedText(raw: string): string {
  return /<\/[\p{L}\p{N}_]+>|&#?[\p{L}\p{N}_]+;/u.test(raw) ? renderedHtml(raw) : raw;
}

/** An Atom text construct as every reader shows it: by its type. */
export function atomText(construct: { value?: string; type?: string } | undefined): string | undefined {
  if (construct?.value === undefined) return undefined;
  return construct.type === 'html' ? renderedHtml(construct.value) : construct.value;
}

let found: string | null | undefined;

/**
 * A python3 that can import feedparser: $CONFORMANCE_PYTHON, else every python3 on PATH, else
 * /usr/bin/python3 (a pyenv python3 first on PATH lacks the Debian modules). Null when none has it.
 */
export function pythonWithFeedparser(): string | null {
  if (found !== undefined) return found;
  const candidates = [
    process.env.CONFORMANCE_PYTHON,
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'python3')),
    '/usr/bin/python3',
  ].filter((c): c is string => !!c && existsSync(c));
  found = candidates.find((c) => spawnSync(c, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0) ?? null;
  return found;
}
