/**
 * Markdown rendering spread over worker threads. Rendering is pure, so which thread renders
 * what cannot change the output; it only lets a cold build of many items use every core.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RenderedBody } from './markdown.js';

interface Pending {
  resolve(value: RenderedBody): void;
  reject(error: Error): void;
}

export class RenderPool {
  private readonly workers: { worker: Worker; load: number }[] = [];
  private readonly pending = new Map<number, { job: Pending; slot: { load: number } }>();
  private nextId = 0;

  constructor(size = Math.min(os.availableParallelism(), 4)) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url));
      const slot = { worker, load: 0 };
      worker.on('message', (m: { id: number; result?: RenderedBody; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.slot.load--;
        if (m.result) p.job.resolve(m.result);
        else p.job.reject(new Error(m.error));
      });
      worker.on('error', (e) => {
        for (const [id, p] of this.pending) {
          if (p.slot === slot) {
            this.pending.delete(id);
            p.job.reject(e);
          }
        }
      });
      this.workers.push(slot);
    }
  }

  render(markdown: string, base: string): Promise<RenderedBody> {
    const slot = this.workers.reduce((a, b) => (b.load < a.load ? b : a));
    slot.load++;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { job: { resolve, reject }, slot });
      slot.worker.postMessage({ id, markdown, base });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
