/**
 * A fast path for the front matter most files have: top-level `key: value` lines whose values
 * are plain scalars, quoted strings or flat `[a, b]` lists. The full YAML parser costs about
 * 100 µs a file, which dominates a build of 86,000 files; this costs a few. Anything outside
 * that subset (nesting, anchors, block scalars, unusual escapes or characters, duplicate
 * keys) returns undefined and goes to the full parser, which also produces every error
 * message. Values are resolved exactly as YAML 1.2's core schema does (a property test holds
 * it to the full parser's results).
 */
import type { Position, YamlParse } from './yaml-source.js';

const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
// Characters the fast path leaves to the full parser wherever they occur.
// eslint-disable-next-line no-control-regex
const UNUSUAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDFFF]/;
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\t]*$/;
const FLOW_ITEM = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^,[\]{}#\t]*$/;

export function parseSimpleYaml(text: string, lineOffset = 0): YamlParse | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const value: Record<string, unknown> = {};
  const positions = new Map<string, Position>();
  const literals = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '' || /^#/.test(line)) continue;
    const m = KEY_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    if (key in value) return undefined;
    const raw = m[2] ?? '';
    const column = raw ? line.length - raw.length + 1 : key.length + 2;
    const parsed = parseValue(raw, i + 1 + lineOffset, column, key, positions);
    if (!parsed) return undefined;
    value[key] = parsed.v;
    if (parsed.literal !== undefined) literals.set(key, parsed.literal);
    positions.set(key, { line: i + 1 + lineOffset, column });
    positions.set(`key:${key}`, { line: i + 1 + lineOffset, column: 1 });
  }
  return {
    ok: true,
    source: {
      value: Object.keys(value).length ? value : null,
      literal(path) {
        if (path.length === 1) return literals.get(String(path[0])) ?? (typeof value[String(path[0])] === 'string' ? (value[String(path[0])] as string) : undefined);
        if (path.length === 2) return literals.get(`${path[0]}[${path[1]}]`);
        return undefined;
      },
      locate(path, options = {}) {
        if (path.length === 0) return { line: 1 + lineOffset, column: 1 };
        if (path.length === 1) return positions.get(options.key ? `key:${path[0]}` : String(path[0]));
        if (path.length === 2) return positions.get(`${path[0]}[${path[1]}]`);
        return undefined;
      },
    },
  };
}

function parseValue(raw: string, line: number, column: number, key: string, positions: Map<string, Position>): { v: unknown; literal?: string } | undefined {
  const s = stripComment(raw);
  if (s === undefined) return undefined;
  if (s === '') return { v: null };
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) return undefined;
    const inner = s.slice(1, -1);
    // JSON's escapes are YAML's too; YAML's others (\x, \e, \N, line folding …) go to the full parser.
    if (/(?:^|[^\\])(?:\\\\)*"/.test(inner) || /\\(?!["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(inner) || /\t/.test(inner)) return undefined;
    try {
      return { v: JSON.parse(s) as string };
    } catch {
      return undefined;
    }
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) return undefined;
    const inner = s.slice(1, -1);
    if (/(?:^|[^'])(?:'')*'(?!')/.test(inner.replace(/''/g, '')) || /\t/.test(inner)) return undefined;
    return { v: inner.replace(/''/g, "'") };
  }
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) return undefined;
    const inner = s.slice(1, -1);
    if (inner.trim() === '') return { v: [] };
    const items: unknown[] = [];
    let offset = column + 1;
    for (const part of inner.split(',')) {
      const item = part.trim();
      if (!FLOW_ITEM.test(item) || item.includes(': ') || item.endsWith(':')) return undefined;
      positions.set(`${key}[${items.length}]`, { line, column: offset + (part.length - part.trimStart().length) });
      items.push(resolvePlain(item));
      offset += part.length + 1;
    }
    return { v: items };
  }
  if (!PLAIN.test(s) || s.includes(': ') || s.endsWith(':')) return undefined;
  return { v: resolvePlain(s), literal: s };
}

/** The value without a trailing ` # comment`; undefined when a `#` makes it ambiguous. */
function stripComment(raw: string): string | undefined {
  const t = raw.trimEnd();
  if (t.startsWith('"') || t.startsWith("'")) {
    const quote = t[0]!;
    const close = quote === '"' ? findDoubleClose(t) : findSingleClose(t);
    if (close < 0) return undefined;
    const rest = t.slice(close + 1);
    if (rest.trim() === '') return t.slice(0, close + 1);
    return /^[ \t]+#/.test(rest) ? t.slice(0, close + 1) : undefined;
  }
  const hash = t.search(/[ \t]#/);
  return (hash < 0 ? t : t.slice(0, hash)).trimEnd();
}

function findDoubleClose(t: string): number {
  for (let i = 1; i < t.length; i++) {
    if (t[i] === '\\') i++;
    else if (t[i] === '"') return i;
  }
  return -1;
}

function findSingleClose(t: string): number {
  for (let i = 1; i < t.length; i++) {
    if (t[i] === "'") {
      if (t[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** YAML 1.2 core schema: null, booleans, integers and floats; everything else is a string. */
export function resolvePlain(s: string): unknown {
  if (/^(?:~|null|Null|NULL)$/.test(s)) return null;
  if (/^(?:true|True|TRUE)$/.test(s)) return true;
  if (/^(?:false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  return s;
}
