/**
 * The render stage: Markdown → HTML for exactly the versions the plans show. Cache hits
 * (by content hash) are read; the rest is rendered here or, when there is enough of it to
 * pay for starting them, on worker threads. Rendering is pure, so where it happens cannot
 * change the output.
 */
import type { Version } from '../content/articles.js';
import { readBody } from '../content/scan.js';
import type { Diagnostic } from '../diagnostics.js';
import type { RenderCache } from './cache.js';
import { renderMarkdown, type RenderedBody } from './markdown.js';
import { RenderPool } from './pool.js';

export type { RenderedBody } from './markdown.js';

/** Below this many uncached items, starting worker threads costs more than it saves. */
const POOL_THRESHOLD = 48;

export async function renderBodies(versions: Iterable<Version>, cache?: RenderCache): Promise<{ rendered: Map<Version, RenderedBody>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const rendered = new Map<Version, RenderedBody>();
  const todo: { version: Version; body: string }[] = [];
  for (const version of new Set(versions)) {
    const { body, diagnostic } = readBody(version.file);
    if (diagnostic) {
      diagnostics.push(diagnostic);
      continue;
    }
    const hit = await cache?.get(body!, version.url);
    if (hit) rendered.set(version, hit);
    else todo.push({ version, body: body! });
  }
  if (diagnostics.length) return { rendered, diagnostics };
  const pool = todo.length >= POOL_THRESHOLD ? new RenderPool() : undefined;
  try {
    await Promise.all(todo.map(async ({ version, body }) => {
      const fresh = pool ? await pool.render(body, version.url) : renderMarkdown(body, version.url);
      rendered.set(version, fresh);
      await cache?.set(body, version.url, fresh);
    }));
  } finally {
    await pool?.close();
  }
  return { rendered, diagnostics };
}
