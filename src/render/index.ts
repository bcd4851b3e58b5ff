/**
 * The render stage: Markdown → HTML for exactly the versions the plans show. Cache hits
 * (by content hash) are read; the rest is handed to the build's jobs (src/workers/pool.ts),
 * which render on worker threads in a large build. Rendering is pure, so where it happens
 * cannot change the output.
 */
import type { Version } from '../content/articles.js';
import { readBody } from '../content/scan.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Jobs } from '../workers/pool.js';
import type { RenderCache } from './cache.js';
import type { RenderedBody } from './markdown.js';

export type { RenderedBody } from './markdown.js';

export interface Rendering {
  /** Problems reading the bodies: when there are any, nothing was rendered. */
  diagnostics: Diagnostic[];
  /** The bodies rendered so far (from the start: the render cache's). */
  rendered: ReadonlyMap<Version, RenderedBody>;
  /** Every body, once the jobs are done. */
  done: Promise<Map<Version, RenderedBody>>;
}

/**
 * Reads the bodies and hands out the jobs; resolves once they are handed out, so that this
 * thread can make other documents while they run.
 */
export async function startRendering(versions: Iterable<Version>, jobs: Jobs, cache?: RenderCache): Promise<Rendering> {
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
  if (diagnostics.length) return { diagnostics, rendered, done: Promise.resolve(rendered) };
  const done = Promise.all(todo.map(async ({ version, body }) => {
    const fresh = await jobs.run('render', { markdown: body, base: version.url });
    rendered.set(version, fresh);
    await cache?.set(body, version.url, fresh);
  })).then(() => rendered);
  return { diagnostics, rendered, done };
}
