/**
 * Text as it comes in: bytes decoded as UTF-8 (strictly; a BOM dropped), and the error for
 * bytes that are not UTF-8, naming the line and column of the first bad byte.
 */
import { error, type Diagnostic } from '../diagnostics.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; a BOM is dropped. Undefined when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** The error for bytes that are not UTF-8, pointing at the first bad byte's line and column. */
export function notUtf8(file: string, bytes: Uint8Array): Diagnostic {
  let good = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length || decodeUtf8(bytes.subarray(i, i + n)) === undefined) break;
    i += n;
    good = i;
  }
  const before = utf8.decode(bytes.subarray(0, good));
  const lines = before.split('\n');
  return error('not-utf8', `is not UTF-8 text (byte 0x${(bytes[good] ?? 0).toString(16).padStart(2, '0')} cannot start or continue a UTF-8 character)`, {
    file, line: lines.length, column: [...lines[lines.length - 1]!].length + 1,
    hint: 'Save the file as UTF-8 (most editors offer "Save with encoding"); polyfeed reads no other encoding.',
  });
}
