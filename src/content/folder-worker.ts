/**
 * A worker thread that looks at a large content tree's folders beside the main thread (see
 * folder.ts and scan.ts): every folder, or with a shared counter the next one not yet taken.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lookAtFolder, type FolderLook } from './folder.js';

const { folders, next } = workerData as { folders: string[]; next?: Int32Array };
const looks: [number, FolderLook | null][] = [];
const take = next ? () => Atomics.add(next, 0, 1) : (() => {
  let i = 0;
  return () => i++;
})();
for (let i = take(); i < folders.length; i = take()) looks.push([i, lookAtFolder(folders[i]!)]);
parentPort!.postMessage(looks);
