/**
 * Where a build's pure jobs (src/workers/tasks.ts) run: in this thread, or spread over worker
 * threads so that a large build uses every core — the workers render and check while this
 * thread reads content and makes documents. Which thread runs a job cannot change its result.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

export interface Jobs {
  run<T extends TaskName>(task: T, input: TaskInput<T>): Promise<TaskOutput<T>>;
  close(): Promise<void>;
}

let tasks: Promise<typeof import('./tasks.js')> | undefined;

/**
 * A job in this thread. The tasks' code (unified, the serializers, the checkers) is loaded on
 * the first job: a build that has none to run (every document reused) never loads it.
 */
async function runHere<T extends TaskName>(task: T, input: TaskInput<T>): Promise<TaskOutput<T>> {
  const { TASKS } = await (tasks ??= import('./tasks.js'));
  return (TASKS[task] as (i: TaskInput<T>) => TaskOutput<T>)(input);
}

/** Every job in this thread, at once: for builds too small to pay for starting workers. */
export const inlineJobs: Jobs = {
  run: (task, input) => runHere(task, input),
  close: async () => undefined,
};

/**
 * Jobs that run in this thread until more than `inline` have been asked for, and from then on
 * in the jobs `start` makes (a worker pool): a build with a cache learns only as it goes how
 * much it must do (most bodies are in the render cache), and one that needs only a few jobs
 * (an edited article) never pays for starting workers. The jobs `start` returns are its
 * caller's to close.
 */
export function deferredJobs(start: () => Jobs, inline = HELP_JOBS): Jobs {
  let asked = 0;
  let started: Jobs | undefined;
  return {
    run(task, input) {
      if (!started && ++asked <= inline) return runHere(task, input);
      return (started ??= start()).run(task, input);
    },
    close: async () => undefined,
  };
}

interface Slot {
  worker: Worker;
  load: number;
  /** Jobs given to it so far. */
  given: number;
  /** Its modules loaded: it takes jobs. */
  ready: boolean;
  /** Stopped (out of memory, crashed): given no more jobs. */
  dead: boolean;
}

interface Job {
  resolve(value: unknown): void;
  reject(error: Error): void;
  task: TaskName;
  input: unknown;
}

interface Pending extends Job {
  slot: Slot;
}

/**
 * A worker's heap is kept small (V8 collects its garbage sooner), so that a build's memory is
 * what it holds, not what it threw away; a job too large for it is run again in this thread.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/** Jobs this thread may take while the workers start: about what one edited article needs. */
const HELP_JOBS = 16;
/** Jobs given to one worker at a time: enough that it never waits for this thread, few enough that the workers share the queue. */
const IN_FLIGHT = 8;

function settle(job: Job): void {
  runHere(job.task, job.input as never).then(job.resolve, job.reject);
}

/**
 * Worker threads (at most 4, at most one per core), each given the next job when it has the
 * fewest. A worker takes about half a second to load its modules; until one has, this thread
 * takes the first `HELP_JOBS` jobs itself, one per turn of the event loop: a build that needs
 * only a few (one edited article) is done before the workers would have been.
 */
export function workerJobs(size = Math.min(os.availableParallelism(), 4), limits = WORKER_LIMITS): Jobs & { readonly stopped: number; readonly ready: Promise<void>; readonly given: readonly number[] } {
  const slots: Slot[] = [];
  let closing = false;
  const pending = new Map<number, Pending>();
  /** Jobs not yet given to a worker: while none is ready, or every ready one has IN_FLIGHT. */
  const queue: Job[] = [];
  let nextId = 0;
  let helping = false;
  let submitted = 0;
  const live = () => slots.filter((s) => !s.dead);
  const readyOnes = () => slots.filter((s) => !s.dead && s.ready);
  const send = (job: Job, slot: Slot) => {
    slot.load++;
    slot.given++;
    const id = nextId++;
    pending.set(id, { ...job, slot });
    slot.worker.postMessage({ id, task: job.task, input: job.input });
  };
  const dispatch = () => {
    const ready = readyOnes();
    if (ready.length) {
      // At most IN_FLIGHT jobs a worker, the next one to the least loaded as jobs finish: a
      // worker that is ready first must not take the whole queue (in a cold build it took
      // all 222 of the scan's jobs, and the other worker had nothing to do for 11 s).
      for (;;) {
        const least = ready.reduce((a, b) => (b.load < a.load ? b : a));
        if (!queue.length || least.load >= IN_FLIGHT) break;
        send(queue.shift()!, least);
      }
    } else if (queue.length && !live().length) {
      while (queue.length) settle(queue.shift()!);
    } else help();
  };
  // This thread runs one queued job, then lets the event loop turn (a worker's "ready" may be
  // waiting); only for the first few jobs: a large build's first burst (the scan's) is the
  // workers' to take, as this thread has its own work meanwhile (cold 5k runs that helped with
  // all of it were 1-3 s slower in alternating pairs).
  const help = () => {
    if (helping || !queue.length || submitted > HELP_JOBS) return;
    helping = true;
    setImmediate(() => {
      helping = false;
      if (readyOnes().length || !queue.length) return dispatch();
      settle(queue.shift()!);
      help();
    });
  };
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const checkAllStarted = () => {
    if (slots.length === size && slots.every((s) => s.ready || s.dead)) markReady();
  };
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: limits });
    const slot: Slot = { worker, load: 0, given: 0, ready: false, dead: false };
    worker.on('message', (m: { id: number; result?: unknown; error?: string; ready?: boolean }) => {
      if (m.ready) {
        slot.ready = true;
        checkAllStarted();
        dispatch();
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      p.slot.load--;
      dispatch();
      if ('result' in m) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    // A worker that stops (its heap full, say) takes no more jobs; its jobs run here. A job
    // that fails here too fails the build.
    const stopped = () => {
      slot.dead = true;
      checkAllStarted();
      if (closing) return;
      for (const [id, p] of pending) {
        if (p.slot !== slot) continue;
        pending.delete(id);
        settle(p);
      }
      dispatch();
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
    /** Every worker has loaded its modules, or stopped. */
    ready,
    /** How many jobs each worker was given. */
    get given() {
      return slots.map((s) => s.given);
    },
    run(task, input) {
      if (live().length === 0 || closing) return runHere(task, input);
      submitted++;
      return new Promise((resolve, reject) => {
        queue.push({ resolve: resolve as (v: unknown) => void, reject, task, input });
        dispatch();
      });
    },
    async close() {
      closing = true;
      for (const s of slots) s.dead = true;
      markReady();
      // Jobs still queued (none, when the build awaited them) run here.
      while (queue.length) settle(queue.shift()!);
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
