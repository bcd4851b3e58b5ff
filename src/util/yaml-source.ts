/**
 * YAML (and JSON, which is YAML) read with positions, so that every later complaint
 * about a value can name the line and column where the user wrote it.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  value: unknown;
  /** Where the value at `path` starts (or its key, with `key: true`); undefined if absent. */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): Position | undefined;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; problems: (Position & { message: string })[] };

/**
 * @param lineOffset lines before `text` in its file (e.g. 1 for the `---` that opens front matter)
 */
export function parseYamlSource(text: string, lineOffset = 0): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', strict: true });
  const pos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1) + lineOffset, column: Math.max(col, 1) };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        // An unclosed [ or { is found only where the next line starts: point at the opener.
        const closer = /end with an? ([\]}])/.exec(message)?.[1];
        const opener = closer === ']' ? '[' : closer === '}' ? '{' : undefined;
        const at = opener ? text.lastIndexOf(opener, e.pos[0]) : -1;
        if (opener && at >= 0) return { ...pos(at), message: `the "${opener}" here is never closed with "${closer}"` };
        return { ...pos(e.pos[0]), message };
      }),
    };
  }
  const locate = (path: readonly (string | number)[], options: { key?: boolean } = {}): Position | undefined => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
        if (!pair) return undefined;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        keyNode = undefined;
        node = node.items[step];
      } else return undefined;
    }
    const target = (options.key && keyNode ? keyNode : node ?? keyNode) as Node | undefined;
    return target?.range ? pos(target.range[0]) : undefined;
  };
  return { ok: true, source: { value: doc.toJS({ maxAliasCount: 50 }), locate } };
}
