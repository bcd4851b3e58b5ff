/**
 * Rendered HTML kept between builds, by content hash: a rebuild renders only what changed.
 * Best effort: a cache that cannot be read or written is simply not used.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATOR } from '../version.js';
import type { RenderedBody } from './markdown.js';

// Bump when the Markdown pipeline's output changes for the same input.
const PIPELINE = `${GENERATOR.version}/2`;

export interface RenderCache {
  get(markdown: string, base: string): Promise<RenderedBody | undefined>;
  set(markdown: string, base: string, value: RenderedBody): Promise<void>;
}

export function diskRenderCache(dir: string): RenderCache {
  const file = (markdown: string, base: string) => {
    const key = createHash('sha256').update(`${PIPELINE}\u0000${base}\u0000${markdown}`).digest('hex');
    return path.join(dir, key.slice(0, 2), `${key}.json`);
  };
  return {
    async get(markdown, base) {
      try {
        const v = JSON.parse(await readFile(file(markdown, base), 'utf8')) as RenderedBody;
        return typeof v.html === 'string' && typeof v.leadText === 'string' ? v : undefined;
      } catch {
        return undefined;
      }
    },
    async set(markdown, base, value) {
      const target = file(markdown, base);
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(tmp, JSON.stringify(value));
        await rename(tmp, target);
      } catch {
        /* a read-only or full disk: build without the cache */
      }
    },
  };
}
