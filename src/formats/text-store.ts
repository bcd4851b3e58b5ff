/**
 * Where a build keeps the texts of the documents it made until they are published: in memory
 * while they are few, beyond that in a temporary file, so that a build holds what it is
 * making, not everything it made (at 5k articles with archives, gigabytes). The file is
 * unlinked as soon as it is opened: nothing is left behind, whatever ends the process; its
 * descriptor is closed once no document that reads from it is left.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Reads a stored text back (from the temporary file, each time it is asked for). */
export type StoredText = () => string;

export interface TextStore {
  put(text: string): StoredText;
  /** Characters held in memory, bytes in the file: for tests and progress. */
  readonly held: { memory: number; file: number };
}

/** Texts up to this many characters in all stay in memory: a small build never touches the disk. */
export const IN_MEMORY_CHARS = 8 * 1024 * 1024;

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* closed already */
  }
});

export function textStore(memoryChars = IN_MEMORY_CHARS, dir = os.tmpdir()): TextStore {
  const held = { memory: 0, file: 0 };
  let file: { fd: number } | undefined;
  const open = () => {
    const folder = mkdtempSync(path.join(dir, 'polyfeed-texts-'));
    const name = path.join(folder, 'texts');
    const fd = openSync(name, 'w+', 0o600);
    // Unlinked at once (POSIX keeps it while the descriptor is open): never a file left behind.
    try {
      unlinkSync(name);
      rmdirSync(folder);
    } catch {
      /* a system that cannot unlink an open file: it stays in the temporary folder */
    }
    const f = { fd };
    closer.register(f, fd);
    return f;
  };
  return {
    held,
    put(text) {
      if (held.memory + text.length <= memoryChars) {
        held.memory += text.length;
        return inMemory(text);
      }
      const bytes = Buffer.from(text, 'utf8');
      const at = held.file;
      let f: { fd: number };
      try {
        f = file ??= open();
        for (let done = 0; done < bytes.length;) done += writeSync(f.fd, bytes, done, bytes.length - done, at + done);
      } catch {
        // No room in the temporary folder: this text stays in memory.
        held.memory += text.length;
        return inMemory(text);
      }
      held.file += bytes.length;
      return fromFile(f, at, bytes.length);
    },
  };
}

// The readers are made here, not in `put`: a closure made there would keep `put`'s every
// variable, the text and its bytes too, alive for as long as the document lives.
function inMemory(text: string): StoredText {
  return () => text;
}

function fromFile(f: { fd: number }, at: number, length: number): StoredText {
  // The reader keeps `f` (and so the descriptor) alive.
  return () => {
    const back = Buffer.allocUnsafe(length);
    for (let done = 0; done < length;) {
      const n = readSync(f.fd, back, done, length - done, at + done);
      if (n === 0) throw new Error('polyfeed: a stored document text is shorter than written');
      done += n;
    }
    return back.toString('utf8');
  };
}

