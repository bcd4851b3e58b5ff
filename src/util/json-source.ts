/**
 * JSON files are JSON: parsed with JSON.parse (no trailing commas, comments, single quotes or
 * YAML), decoded as strict UTF-8, and a key given twice in one object is refused (JSON.parse
 * would silently keep the last). Positions for later complaints come from the YAML parser,
 * which reads every valid JSON text the same way; it runs only when a complaint asks for a
 * place (the registry and the strings were parsed twice in every build: 50-70 ms of a warm one).
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { decodeUtf8, notUtf8 } from './text.js';
import { parseYamlSource, type Position, type YamlSource } from './yaml-source.js';

export function parseJsonSource(bytes: Uint8Array, file: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { diagnostics: [notUtf8(file, bytes)] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    return {
      diagnostics: [error('json-syntax', `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '')}`, {
        file, ...positionAt(text, at ? Number(at[1]) : 0),
        hint: 'JSON allows no trailing commas, comments or single quotes; strings are in double quotes.',
      })],
    };
  }
  const twice = keyGivenTwice(text);
  if (twice) {
    return {
      diagnostics: [error('json-syntax', `not usable JSON: the key ${JSON.stringify(twice.key)} is given twice in one object`, {
        file, ...positionAt(text, twice.offset), hint: 'Keep one of them: a JSON reader would silently use only the last.',
      })],
    };
  }
  let positions: YamlSource | undefined;
  const placed = (): YamlSource => {
    if (!positions) {
      const parsed = parseYamlSource(text);
      positions = parsed.ok ? parsed.source : { value, locate: () => undefined, literal: () => undefined };
    }
    return positions;
  };
  return {
    source: { value, locate: (at, options) => placed().locate(at, options), literal: (at) => placed().literal(at) },
    diagnostics: [],
  };
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * The first key given twice in one object of a valid JSON text, and where it is written the
 * second time. One pass over the text: each object's keys in a set, arrays skipped.
 */
export function keyGivenTwice(text: string): { key: string; offset: number } | undefined {
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
        } else if (d === 0x22 || Number.isNaN(d)) break;
        else j++;
      }
      const keys = open[open.length - 1];
      if (keys && keyNext) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (keys.has(key)) return { key, offset: i };
        keys.add(key);
        keyNext = false;
      }
      i = j;
    } else if (c === 0x7b) {
      open.push(new Set());
      keyNext = true;
    } else if (c === 0x5b) {
      open.push(null);
      keyNext = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      keyNext = false;
    } else if (c === 0x2c) {
      // After a comma in an object comes a key; in an array, a value.
      keyNext = open.length > 0 && open[open.length - 1] !== null;
    }
  }
  return undefined;
}
