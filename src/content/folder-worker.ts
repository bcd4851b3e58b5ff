/**
 * A worker thread that looks at a large content tree's folders beside the main thread (see
 * folder.ts and scan.ts): the next folder not yet taken, by a counter it shares with the main
 * thread, until none is left.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lookAtFolder, type FolderLook } from './folder.js';

const { folders, next, plain } = workerData as { folders: string[]; next: Int32Array; plain: Uint8Array };
const looks: [number, FolderLook | null][] = [];
for (let i = Atomics.add(next, 0, 1); i < folders.length; i = Atomics.add(next, 0, 1)) looks.push([i, lookAtFolder(folders[i]!, plain[i] === 1)]);
parentPort!.postMessage(looks);
