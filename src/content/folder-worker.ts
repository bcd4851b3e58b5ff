/** A worker thread that looks at half of a large content tree's folders (see folder.ts and scan.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { lookAtFolder } from './folder.js';

parentPort!.postMessage((workerData as string[]).map(lookAtFolder));
