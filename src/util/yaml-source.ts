/**
 * YAML (and JSON, which is YAML) read with positions, so that every later complaint
 * about a value can name the line and column where the user wrote it.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, Scalar, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  value: unknown;
  /** Where the value at `path` starts (or its key, with `key: true`); undefined if absent. */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): Position | undefined;
  /**
   * A scalar exactly as written, for fields that are text whatever they look like
   * (`title: 1984`, `summary: 0x1F`, `sourceHash: 0183e1784102`); undefined for a
   * collection or an absent path.
   */
  literal(path: readonly (string | number)[]): string | undefined;
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
  const find = (path: readonly (string | number)[]): { node: unknown; keyNode: unknown } | undefined => {
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
    return { node, keyNode };
  };
  const literal = (path: readonly (string | number)[]): string | undefined => {
    const node = find(path)?.node;
    if (!isScalar(node)) return undefined;
    if (node.type === Scalar.PLAIN) return typeof node.source === 'string' ? node.source : String(node.value);
    return typeof node.value === 'string' ? node.value : undefined;
  };
  const locate = (path: readonly (string | number)[], options: { key?: boolean } = {}): Position | undefined => {
    const found = find(path);
    if (!found) return undefined;
    const target = (options.key && found.keyNode ? found.keyNode : found.node ?? found.keyNode) as Node | undefined;
    return target?.range ? pos(target.range[0]) : undefined;
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // An alias bomb ("billion laughs") or an alias to nothing: refused, with the place of the first alias.
    const at = /\*[^\s,\]}]+/.exec(text);
    return { ok: false, problems: [{ ...pos(at ? at.index : 0), message: `aliases are refused here (${(e as Error).message.split('\n')[0]})` }] };
  }
  return { ok: true, source: { value, locate, literal } };
}
