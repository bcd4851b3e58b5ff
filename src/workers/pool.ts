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

function runHere<T extends TaskName>(task: T, input: TaskInput<T>): TaskOutput<T> {
  return (TASKS[task] as (i: TaskInput<T>) => TaskOutput<T>)(input);
}

/** Every job in this thread, at once: for builds too small to pay for starting workers. */
export const inlineJobs: Jobs = {
  run: async (task, input) => runHere(task, input),
  close: async () => undefined,
};

interface Slot {
  worker: Worker;
  load: number;
  /** Stopped (out of memory, crashed): given no more jobs. */
  dead: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  slot: Slot;
  task: TaskName;
  input: unknown;
}

/**
 * A worker's heap is kept small (V8 collects its garbage sooner), so that a build's memory is
 * what it holds, not what it threw away; a job too large for it is run again in this thread.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/** Worker threads (at most 4, at most one per core), each given the next job when it has the fewest. */
export function workerJobs(size = Math.min(os.availableParallelism(), 4), limits = WORKER_LIMITS): Jobs & { readonly stopped: number } {
  const slots: Slot[] = [];
  let closing = false;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: limits });
    const slot: Slot = { worker, load: 0, dead: false };
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      p.slot.load--;
      if ('result' in m) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    // A worker that stops (its heap full, say) takes no more jobs; its jobs run here. A job
    // that fails here too fails the build.
    const stopped = () => {
      slot.dead = true;
      if (closing) return;
      for (const [id, p] of pending) {
        if (p.slot !== slot) continue;
        pending.delete(id);
        try {
          p.resolve(runHere(p.task, p.input as never));
        } catch (e) {
          p.reject(e as Error);
        }
      }
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
    if (process.env.POLYFEED_DEBUG_WORKERS) worker.on('error', (e) => console.error('worker stopped:', e));
    slots.push(slot);
  }
  return {
    /** Workers that stopped before the pool was closed (their jobs ran here). */
    get stopped() {
      return closing ? 0 : slots.filter((s) => s.dead).length;
    },
    run(task, input) {
      const live = slots.filter((s) => !s.dead);
      if (live.length === 0 || closing) return Promise.resolve().then(() => runHere(task, input));
      const slot = live.reduce((a, b) => (b.load < a.load ? b : a));
      slot.load++;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, slot, task, input });
        slot.worker.postMessage({ id, task, input });
      });
    },
    async close() {
      closing = true;
      for (const s of slots) s.dead = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
