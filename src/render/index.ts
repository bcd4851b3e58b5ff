/**
 * The render stage: Markdown → HTML for exactly the versions the plans show, when a plan is
 * about to be made, and kept only while a plan that shows it is being made. Cache hits (by
 * content hash) are read; the rest is handed to the build's jobs (src/workers/pool.ts), which
 * render on worker threads in a large build. Rendering is pure, so where and when it happens
 * cannot change the output.
 */
import type { Version } from '../content/articles.js';
import { readBody } from '../content/scan.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Jobs } from '../workers/pool.js';
import type { RenderCache } from './cache.js';
import type { RenderedBody } from './markdown.js';

export type { RenderedBody } from './markdown.js';

export interface Bodies {
  /** The bodies held now: those of the plans being made. */
  readonly rendered: ReadonlyMap<Version, RenderedBody>;
  /**
   * Holds the rendered bodies of these versions (rendering those not held yet) until they are
   * released; resolves to the problems reading them (then not every one is held).
   */
  hold(versions: readonly Version[]): Promise<Diagnostic[]>;
  release(versions: readonly Version[]): void;
  /** Once every render is done: the render cache written. */
  settled(): Promise<void>;
}

export function renderBodies(jobs: Jobs, cache?: RenderCache): Bodies {
  const rendered = new Map<Version, RenderedBody>();
  const holders = new Map<Version, number>();
  const rendering = new Map<Version, Promise<Diagnostic | undefined>>();
  const writes: Promise<void>[] = [];
  const renderOne = async (version: Version): Promise<Diagnostic | undefined> => {
    const { body, diagnostic } = readBody(version.file);
    if (diagnostic) return diagnostic;
    let html = await cache?.get(body!, version.url);
    if (!html) {
      html = await jobs.run('render', { markdown: body!, base: version.url });
      if (cache) writes.push(cache.set(body!, version.url, html));
    }
    // Released while rendering (a plan that failed): not kept.
    if (holders.has(version)) rendered.set(version, html);
    return undefined;
  };
  return {
    rendered,
    async hold(versions) {
      const waits: Promise<Diagnostic | undefined>[] = [];
      for (const v of versions) {
        holders.set(v, (holders.get(v) ?? 0) + 1);
        if (rendered.has(v)) continue;
        let p = rendering.get(v);
        if (!p) {
          p = renderOne(v).finally(() => rendering.delete(v));
          rendering.set(v, p);
        }
        waits.push(p);
      }
      return (await Promise.all(waits)).filter((d): d is Diagnostic => d !== undefined);
    },
    release(versions) {
      for (const v of versions) {
        const n = (holders.get(v) ?? 1) - 1;
        if (n > 0) holders.set(v, n);
        else {
          holders.delete(v);
          rendered.delete(v);
        }
      }
    },
    async settled() {
      await Promise.all(writes);
    },
  };
}
