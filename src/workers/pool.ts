/**
 * Where a build's pure jobs (src/workers/tasks.ts) run: in this thread, or spread over worker
 * threads so that a large build uses every core — the workers render and check while this
 * thread reads content and makes documents. Which thread runs a job cannot change its result.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TASKS, type TaskInput, type TaskName, type TaskOutput } from './tasks.js';

export interface Jobs {
  run<T extends TaskName>(task: T, input: TaskInput<T>): Promise<TaskOutput<T>>;
  close(): Promise<void>;
}

/** Every job in this thread, at once: for builds too small to pay for starting workers. */
export const inlineJobs: Jobs = {
  run: async (task, input) => (TASKS[task] as (i: typeof input) => TaskOutput<typeof task>)(input),
  close: async () => undefined,
};

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  slot: { load: number };
}

/** Worker threads (at most 4, at most one per core), each given the next job when it has the fewest. */
export function workerJobs(size = Math.min(os.availableParallelism(), 4)): Jobs {
  const slots: { worker: Worker; load: number }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    const slot = { worker, load: 0 };
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      p.slot.load--;
      if ('result' in m) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    worker.on('error', (e) => {
      for (const [id, p] of pending) {
        if (p.slot === slot) {
          pending.delete(id);
          p.reject(e);
        }
      }
    });
    slots.push(slot);
  }
  return {
    run(task, input) {
      const slot = slots.reduce((a, b) => (b.load < a.load ? b : a));
      slot.load++;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, slot });
        slot.worker.postMessage({ id, task, input });
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
