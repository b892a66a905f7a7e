// @ts-check
/**
 * Worker thread of the exact-search pool (exact-search-pool.ts). It binds the SIMD kernel to
 * the store's shared WebAssembly.Memory once, then runs scan jobs: each claims query blocks
 * from a shared counter until none are left, and writes hits into shared result arrays, so
 * neither stored vectors nor results are copied. Plain JavaScript: see exact-scan.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanQueries } from './exact-scan.js';

/** @type {{ module: WebAssembly.Module; memory: WebAssembly.Memory; queriesPtr: number; outPtr: number }} */
const { module, memory, queriesPtr, outPtr } = workerData;
const dots = new WebAssembly.Instance(module, { env: { memory } }).exports['dots'];
if (typeof dots !== 'function') throw new Error('exact-search worker: the kernel module exports no "dots" function');
const kernel = /** @type {import('./exact-scan.js').ScanKernel} */ (dots);

parentPort?.on('message', (job) => {
  try {
    const next = job.next;
    scanQueries({ ...job, memory, kernel, queriesPtr, outPtr, claimBlock: () => Atomics.add(next, 0, 1) });
    parentPort?.postMessage({ id: job.id });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
