/**
 * A fast path for the front matter editors write: top-level `key: value` lines, plus under
 * a key either a block list (`- item` lines, whose items may be scalars or one-level
 * `name: … / url: …` mappings) or one level of nested `key: value` lines. Values on a line
 * are plain scalars, quoted strings or flat `[a, "b"]` lists; comments and blank lines may
 * stand anywhere. The full YAML parser costs 40–100 µs a file, which dominates a build of
 * 86,000 files; this, 3–6 µs (see test/bench/yaml-fast-bench.ts). Anything outside that
 * subset (deeper nesting, anchors, tags, block scalars, multi-line scalars, flow mappings,
 * tabs as indentation, inconsistent indentation, unusual escapes or characters, duplicate
 * keys) returns undefined and goes to the full parser, which also produces every error
 * message. Values are resolved exactly as YAML 1.2's core schema does, and every position is
 * the one the full parser's `locate` gives (a property test holds it to both).
 *
 * The parser reads each line once and uses no regular expression that can backtrack over
 * more than a constant stretch, so its time is linear in the input.
 */
import type { Position, YamlParse } from './yaml-source.js';

/**
 * Characters the fast path leaves to the full parser wherever they occur: controls other
 * than tab and line feed (a carriage return only before a line feed), C1 controls, U+2028/9,
 * BOMs and noncharacters, and unpaired surrogates.
 */
const UNUSUAL = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uFEFF\\uFFFE\\uFFFF]|\\r(?!\\n)' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
);
/** A quicker first look: text without these (most text) has none of the above. */
const MAYBE_UNUSUAL = new RegExp('[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF\\uFEFF\\uFFFE\\uFFFF]');
/** Characters a plain scalar may not start with (YAML's indicators, and whitespace). */
const NOT_FIRST = /[\s\-?:,[\]{}#&*!|>'"%@`]/;
/** NOT_FIRST for the ASCII characters, by code. */
const NOT_FIRST_ASCII = Array.from({ length: 128 }, (_, c) => NOT_FIRST.test(String.fromCharCode(c)));
/** By code, the ASCII characters a plain scalar other than a string can start with: digits + - . ~ and n N t T f F. */
const MAY_NOT_BE_TEXT = Array.from({ length: 128 }, (_, c) => /[-+.~0-9nNtTfF]/.test(String.fromCharCode(c)));
/** Keys the core schema would read as booleans or null rather than as text. */
const NON_TEXT_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);
/** YAML ends an implicit key at 1024 characters; keys are far shorter than that. */
const MAX_KEY = 128;

type FastNode =
  /** `literal`: a plain scalar as written (`1984`, `0x1F`), for fields that are text whatever they look like. */
  | { kind: 'scalar'; pos: Position; value: unknown; literal?: string }
  | { kind: 'seq'; pos: Position; items: FastNode[]; value: unknown[] }
  /** `[a, b]`: its items are scalars on its line, so their columns are all they need. */
  | { kind: 'flow'; pos: Position; columns: number[]; value: unknown[] }
  | { kind: 'map'; pos: Position; entries: Record<string, MapEntry>; value: Record<string, unknown> };
interface MapEntry {
  keyPos: Position;
  node: FastNode;
}
type MapNode = Extract<FastNode, { kind: 'map' }>;
type SeqNode = Extract<FastNode, { kind: 'seq' }>;
type FlowNode = Extract<FastNode, { kind: 'flow' }>;

/** One line that holds more than whitespace or a comment. */
interface Line {
  /** The text without its line end. */
  s: string;
  /** Leading spaces. */
  indent: number;
  /** 1-based line number in the file. */
  no: number;
}

/** Thrown (and caught in parseSimpleYaml) wherever the input leaves the subset; no Error, so no stack to capture. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();
function unsupported(): never {
  throw UNSUPPORTED;
}

export function parseSimpleYaml(text: string, lineOffset = 0): YamlParse | undefined {
  if (MAYBE_UNUSUAL.test(text) && UNUSUAL.test(text)) return undefined;
  const lines: Line[] = [];
  let start = 0;
  for (let no = 1 + lineOffset; start <= text.length; no++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const s = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    let indent = 0;
    while (s.charCodeAt(indent) === 32) indent++;
    // A tab before a line's content (even on an otherwise blank line) is left to the full parser.
    if (s[indent] === '\t') return undefined;
    if (indent < s.length && s[indent] !== '#') lines.push({ s, indent, no });
  }
  let root: MapNode | undefined;
  try {
    root = new Parser(lines).document();
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
  // The full parser's walk: a key's position is kept only while the last step is a key.
  const find = (path: readonly (string | number)[]): { node: FastNode | undefined; keyPos: Position | undefined } | undefined => {
    let node: FastNode | undefined = root;
    let keyPos: Position | undefined;
    for (const step of path) {
      if (node?.kind === 'map') {
        const entry: MapEntry | undefined = typeof step === 'string' && Object.hasOwn(node.entries, step) ? node.entries[step] : undefined;
        if (!entry) return undefined;
        keyPos = entry.keyPos;
        node = entry.node;
      } else if (node?.kind === 'seq' && typeof step === 'number') {
        keyPos = undefined;
        node = node.items[step];
      } else if (node?.kind === 'flow' && typeof step === 'number') {
        keyPos = undefined;
        const column: number | undefined = node.columns[step];
        node = column === undefined ? undefined : { kind: 'scalar', pos: { line: node.pos.line, column }, value: node.value[step] };
      } else return undefined;
    }
    return { node, keyPos };
  };
  return {
    ok: true,
    source: {
      value: root ? root.value : null,
      locate(path, options = {}) {
        const found = find(path);
        if (!found) return undefined;
        const target = options.key && found.keyPos ? found.keyPos : found.node?.pos ?? found.keyPos;
        return target ? { ...target } : undefined;
      },
      literal(path) {
        const node = find(path)?.node;
        if (node?.kind !== 'scalar') return undefined;
        return node.literal ?? (typeof node.value === 'string' ? node.value : undefined);
      },
    },
  };
}

class Parser {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  /** The top-level mapping, or undefined for a document of only comments and blank lines. */
  document(): MapNode | undefined {
    let map: MapNode | undefined;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent !== 0) unsupported();
      const key = readKey(line.s, 0);
      map ??= newMap(pos(line, 0));
      this.i++;
      const inline = readValue(line.s, key.after, line.no);
      if (inline) {
        addEntry(map, key.name, pos(line, 0), inline);
        continue;
      }
      // Nothing after the key: a block under it, or null.
      const next = this.lines[this.i];
      let value: FastNode;
      if (next && isDashLine(next.s, next.indent)) value = this.sequence(next.indent);
      else if (next && next.indent > 0) {
        this.i++;
        value = this.mapping(next.indent, readKey(next.s, next.indent), next);
      } else value = emptyScalar(line, key.after);
      addEntry(map, key.name, pos(line, 0), value);
    }
    return map;
  }

  /** `- item` lines at `indent` (which may be 0: YAML lets a list under a key start at the key's column). */
  private sequence(indent: number): SeqNode {
    const first = this.lines[this.i]!;
    const seq: SeqNode = { kind: 'seq', pos: pos(first, indent), items: [], value: [] };
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) unsupported();
      if (!isDashLine(line.s, indent)) {
        if (indent === 0) break; // the next top-level key
        unsupported();
      }
      let at = indent + 1;
      while (line.s.charCodeAt(at) === 32) at++;
      if (at === indent + 1) unsupported(); // `-` alone, or followed by a tab
      const key = tryKey(line.s, at);
      this.i++;
      // An empty item (`- # …`) is left to the full parser.
      const item = key ? this.mapping(at, key, line) : readValue(line.s, at, line.no) ?? unsupported();
      seq.items.push(item);
      seq.value.push(item.value);
    }
    return seq;
  }

  /**
   * `key: value` lines at column `indent`, the first of which is `firstLine` (already
   * consumed; for a list item, its first key stands after the `- `). Values are scalars or
   * flow lists on the key's line; nothing may nest deeper.
   */
  private mapping(indent: number, firstKey: { name: string; after: number }, firstLine: Line): MapNode {
    const map = newMap(pos(firstLine, indent));
    let line = firstLine;
    let key = firstKey;
    for (;;) {
      addEntry(map, key.name, pos(line, indent), readValue(line.s, key.after, line.no) ?? emptyScalar(line, key.after));
      const next = this.lines[this.i];
      if (!next || next.indent < indent) return map;
      if (next.indent > indent) unsupported(); // a multi-line scalar, or deeper nesting
      key = readKey(next.s, indent);
      line = next;
      this.i++;
    }
  }
}

function pos(line: Line, index: number): Position {
  return { line: line.no, column: index + 1 };
}

function newMap(at: Position): MapNode {
  return { kind: 'map', pos: at, entries: {}, value: {} };
}

function addEntry(map: MapNode, key: string, keyPos: Position, node: FastNode): void {
  if (Object.hasOwn(map.entries, key)) unsupported(); // the full parser reports duplicate keys
  map.entries[key] = { keyPos, node };
  map.value[key] = node.value;
}

/** The null of a key with nothing after it, which the full parser places after the key's trailing whitespace. */
function emptyScalar(line: Line, after: number): FastNode {
  return { kind: 'scalar', pos: pos(line, skipWhite(line.s, after)), value: null };
}

function isDashLine(s: string, indent: number): boolean {
  return s[indent] === '-' && (indent + 1 === s.length || s[indent + 1] === ' ' || s[indent + 1] === '\t');
}

function readKey(s: string, at: number): { name: string; after: number } {
  return tryKey(s, at) ?? unsupported();
}

/** `name:` followed by whitespace or the line end; `after` is the index after the colon. */
function tryKey(s: string, at: number): { name: string; after: number } | undefined {
  if (!isLetter(s.charCodeAt(at))) return undefined;
  let j = at + 1;
  for (let c = s.charCodeAt(j); isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 45; c = s.charCodeAt(++j));
  if (s[j] !== ':' || j - at > MAX_KEY) return undefined;
  if (j + 1 < s.length && s[j + 1] !== ' ' && s[j + 1] !== '\t') return undefined;
  const name = s.slice(at, j);
  return NON_TEXT_KEYS.has(name) ? undefined : { name, after: j + 1 };
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125; // , [ ] { }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function skipWhite(s: string, at: number): number {
  while (s[at] === ' ' || s[at] === '\t') at++;
  return at;
}

function skipSpaces(s: string, at: number): number {
  while (s[at] === ' ') at++;
  return at;
}

/**
 * The value written on a line from index `from` (just after `key:` or `- `) to its end or
 * its comment; undefined when there is none (the line ends, or a comment starts).
 */
function readValue(s: string, from: number, no: number): FastNode | undefined {
  const at = skipWhite(s, from);
  // Every caller has seen whitespace (or the line end) before `from`, so a `#` here starts a comment.
  if (at === s.length || s[at] === '#') return undefined;
  const position = { line: no, column: at + 1 };
  let node: FastNode;
  let end: number;
  if (s[at] === '"' || s[at] === "'") {
    node = { kind: 'scalar', pos: position, value: readQuoted(s, at) };
    end = quotedEnd;
  } else if (s[at] === '[') {
    const list = readFlowList(s, at, no);
    node = list.node;
    end = list.end;
  } else {
    const comment = findComment(s, at);
    const raw = s.slice(at, trimWhiteEnd(s, at, comment));
    checkPlain(raw, false);
    return { kind: 'scalar', pos: position, value: resolvePlain(raw), literal: raw };
  }
  // After a quoted string or a list: nothing but whitespace and a comment.
  const rest = skipWhite(s, end);
  if (rest < s.length && (s[rest] !== '#' || rest === end)) unsupported();
  return node;
}

/** The index of the `#` of a ` #` comment, or the line's length. */
function findComment(s: string, from: number): number {
  for (let j = s.indexOf('#', from); j >= 0; j = s.indexOf('#', j + 1)) {
    if (j > from && (s[j - 1] === ' ' || s[j - 1] === '\t')) return j;
  }
  return s.length;
}

function trimWhiteEnd(s: string, from: number, end: number): number {
  while (end > from && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return end;
}

/**
 * A plain scalar the full parser reads as the same one-line text: no indicator first (a
 * `-` only before a character that is not whitespace), no tab, no `: ` or final `:`, and in
 * a flow list no `#` or flow indicator and no `:` before one.
 */
function checkPlain(raw: string, flow: boolean): void {
  if (raw === '') unsupported();
  const c = raw.charCodeAt(0);
  if ((c < 128 ? NOT_FIRST_ASCII[c] : NOT_FIRST.test(raw[0]!)) && !(c === 45 && raw.length > 1 && !/[\s,[\]{}]/.test(raw[1]!))) unsupported();
  // (A flow item's text stops before the first flow indicator, so it holds none.)
  if (raw.includes('\t') || (flow && raw.includes('#'))) unsupported();
  for (let j = raw.indexOf(':'); j >= 0; j = raw.indexOf(':', j + 1)) {
    if (j + 1 === raw.length || raw[j + 1] === ' ') unsupported();
  }
}

/** Where the quoted string last read by readQuoted ends: the index after its closing quote. */
let quotedEnd = 0;

/** A one-line quoted string starting at `at`; sets quotedEnd. */
function readQuoted(s: string, at: number): string {
  if (s[at] === "'") {
    for (let j = s.indexOf("'", at + 1); j >= 0; j = s.indexOf("'", j + 2)) {
      if (s[j + 1] === "'") continue; // '' is one quote
      const inner = s.slice(at + 1, j);
      if (inner.includes('\t')) unsupported();
      quotedEnd = j + 1;
      return inner.split("''").join("'");
    }
    return unsupported(); // unclosed: it goes on on the next line
  }
  for (let j = at + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 9) unsupported(); // a tab
    if (c === 34) { // the closing "
      quotedEnd = j + 1;
      return JSON.parse(s.slice(at, j + 1)) as string;
    }
    if (c !== 92) continue;
    // JSON's escapes are YAML's too; YAML's others (\x, \e, \N, a break …) go to the full parser.
    const e = s[++j];
    if (e === 'u') {
      const hex = s.slice(j + 1, j + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex) || /^[dD][89a-fA-F]/.test(hex)) unsupported(); // and no halves of surrogate pairs
      j += 4;
    } else if (e === undefined || !'"\\/bfnrt'.includes(e)) unsupported();
  }
  return unsupported();
}

/** `[a, "b", 'c']` starting at `at`: scalars only, no trailing comma. */
function readFlowList(s: string, at: number, no: number): { node: FlowNode; end: number } {
  const node: FlowNode = { kind: 'flow', pos: { line: no, column: at + 1 }, columns: [], value: [] };
  let j = skipSpaces(s, at + 1);
  if (s[j] === ']') return { node, end: j + 1 };
  for (;;) {
    node.columns.push(j + 1);
    if (s[j] === '"' || s[j] === "'") {
      node.value.push(readQuoted(s, j));
      j = quotedEnd;
    } else {
      let k = j;
      while (k < s.length && !isFlowIndicator(s.charCodeAt(k))) k++;
      const raw = s.slice(j, trimWhiteEnd(s, j, k));
      checkPlain(raw, true);
      node.value.push(resolvePlain(raw));
      j = k;
    }
    j = skipSpaces(s, j);
    if (s[j] === ']') return { node, end: j + 1 };
    if (s[j] !== ',') unsupported();
    j = skipSpaces(s, j + 1);
    if (s[j] === ']') unsupported(); // a trailing comma
  }
}

/** YAML 1.2 core schema: null, booleans, integers and floats; everything else is a string (as the `yaml` package resolves them). */
export function resolvePlain(s: string): unknown {
  // Only these can start anything but a string: digits + - . ~ and n N t T f F.
  if (!MAY_NOT_BE_TEXT[s.charCodeAt(0)]) return s;
  if (/^(?:~|null|Null|NULL)$/.test(s)) return null;
  if (/^(?:true|True|TRUE)$/.test(s)) return true;
  if (/^(?:false|False|FALSE)$/.test(s)) return false;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return parseFloat(s);
  return s;
}
