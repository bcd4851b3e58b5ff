/**
 * JSON files are JSON: parsed with JSON.parse (no trailing commas, comments, single quotes or
 * YAML), decoded as strict UTF-8. Positions for later complaints come from the YAML parser,
 * which reads every valid JSON text the same way (JSON has no aliases, so nothing to expand).
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { decodeUtf8, notUtf8 } from './text.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export function parseJsonSource(bytes: Uint8Array, file: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { diagnostics: [notUtf8(file, bytes)] };
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const before = text.slice(0, offset).split('\n');
    return {
      diagnostics: [error('json-syntax', `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '')}`, {
        file, line: before.length, column: before[before.length - 1]!.length + 1,
        hint: 'JSON allows no trailing commas, comments or single quotes; strings are in double quotes.',
      })],
    };
  }
  const parsed = parseYamlSource(text);
  if (!parsed.ok) {
    // Valid JSON the YAML reader refuses: a key given twice.
    return { diagnostics: parsed.problems.map((p) => error('json-syntax', `not usable JSON: ${p.message}`, { file, line: p.line, column: p.column })) };
  }
  return { source: parsed.source, diagnostics: [] };
}
