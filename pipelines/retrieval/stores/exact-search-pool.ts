/**
 * The worker threads behind MemoryVectorStore.searchMany: each worker binds the SIMD kernel
 * to the store's shared WebAssembly.Memory once (exact-search-worker.js), and every job is
 * split by query blocks handed out through a shared atomic counter (whichever worker is free
 * takes the next block, so a busy core does not hold the batch back). Queries, tie ranks and
 * results travel in SharedArrayBuffers: nothing is copied per query.
 * Workers are unref'd while idle, so a forgotten pool never keeps the process alive, and ref'd
 * while a job runs, so an awaited search is not cut short by the process exiting.
 */
import type { ScanJob } from './exact-scan.js';
import { Worker } from 'node:worker_threads';

/** One worker's scratch in the shared memory (byte offsets); the calling thread has its own. */
export interface WorkerLane {
  queriesPtr: number;
  outPtr: number;
}

/** A scan over SharedArrayBuffer-backed arrays: ScanJob without the parts each thread owns. */
export type PoolJob = Omit<ScanJob, 'memory' | 'kernel' | 'queriesPtr' | 'outPtr' | 'claimBlock'>;

interface Pending {
  remaining: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL('./exact-search-worker.js', import.meta.url);

export class ExactSearchPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, lanes: readonly WorkerLane[]) {
    this.workers = lanes.map((lane) => {
      // Plain JavaScript worker, no inherited loader flags: loads the same way under vitest, tsx and from dist/.
      const worker = new Worker(WORKER_URL, { workerData: { module, memory, ...lane }, execArgv: [] });
      worker.unref();
      worker.on('message', (message: { id: number; error?: string }) => this.settle(message.id, message.error));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`exact-search worker exited with code ${code}`)));
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Why the pool stopped working (a worker crashed or close() was called); undefined while usable. */
  get broken(): Error | undefined {
    return this.failure;
  }

  run(job: PoolJob): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const next = new Int32Array(new SharedArrayBuffer(4));
    if (this.pending.size === 0) for (const worker of this.workers) worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { remaining: this.workers.length, resolve, reject });
      for (const worker of this.workers) worker.postMessage({ ...job, id, next });
    });
  }

  /** Stops the workers; pending and later jobs reject. */
  async close(): Promise<void> {
    this.fail(new Error('exact-search pool closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(id: number, error: string | undefined): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    if (error !== undefined) {
      this.fail(new Error(`exact-search worker failed: ${error}`));
      return;
    }
    if (--pending.remaining > 0) return;
    this.pending.delete(id);
    if (this.pending.size === 0) for (const worker of this.workers) worker.unref();
    pending.resolve();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
    // One failed worker breaks the pool: stop the others too (terminate is idempotent).
    for (const worker of this.workers) {
      worker.unref();
      void worker.terminate();
    }
  }
}
