/** A worker thread that renders Markdown for the render pool (src/content/render-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { renderMarkdown } from './markdown.js';

parentPort!.on('message', (job: { id: number; markdown: string; base: string }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: renderMarkdown(job.markdown, job.base) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
