/** A worker thread of the job pool (src/workers/pool.ts): runs the task a message names. */
import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './tasks.js';

parentPort!.on('message', (job: { id: number; task: TaskName; input: never }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: TASKS[job.task](job.input) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
// Its modules are loaded: the pool may give it jobs (until then the main thread takes them).
parentPort!.postMessage({ ready: true });
