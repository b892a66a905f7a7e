/**
 * Worker threads for the bundled sentence encoder: the model runs on one core per thread
 * (TensorFlow.js's WebAssembly backend, no threads of its own in Node), so a large
 * embedDocuments call is split into batches that idle workers take in turn. Each worker holds
 * its own model copy (loaded on its first batch). Vectors equal the calling thread's: same
 * weights, same backend, and the model's output for a text does not depend on its batch.
 * Workers are unref'd while idle, so a forgotten pool never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import { ExternalServiceError } from '../../kernel/errors.js';

const WORKER_URL = new URL('./use-worker.js', import.meta.url);

interface Job {
  id: number;
  texts: string[];
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

interface Reply {
  id: number;
  flat?: Float32Array;
  dimension?: number;
  error?: string;
  /** On a worker's first reply: milliseconds it took to load the model. */
  loadMs?: number;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

export class SentenceEncoderPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private loadMs: number | null = null;

  constructor(size: number) {
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER_URL, { execArgv: [] });
      worker.unref();
      const slot: Slot = { worker, job: undefined };
      worker.on('message', (message: Reply) => this.settle(slot, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`sentence-encoder worker exited with code ${code}`)));
      return slot;
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Seconds the workers took to load their models (they load in parallel: the longest); null before. */
  get loadSeconds(): number | null {
    return this.loadMs === null ? null : this.loadMs / 1000;
  }

  /** Embeds each batch on whichever worker is free; one vector list per batch, in order. */
  embedBatches(batches: readonly string[][]): Promise<number[][][]> {
    return Promise.all(batches.map((texts) => this.embed(texts)));
  }

  embed(texts: string[]): Promise<number[][]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('the sentence-encoder pool was closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      slot.job = this.queue.shift()!;
      slot.worker.ref();
      slot.worker.postMessage({ id: slot.job.id, texts: slot.job.texts });
    }
  }

  private settle(slot: Slot, message: Reply): void {
    if (message.loadMs !== undefined) this.loadMs = Math.max(this.loadMs ?? 0, message.loadMs);
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    slot.job = undefined;
    slot.worker.unref();
    if (message.error !== undefined || !message.flat || !message.dimension) {
      job.reject(new ExternalServiceError(`sentence-encoder worker failed: ${message.error ?? 'no vectors returned'}`));
    } else {
      const { flat, dimension } = message;
      job.resolve(Array.from({ length: flat.length / dimension }, (_, i) => Array.from(flat.subarray(i * dimension, (i + 1) * dimension))));
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const slot of this.slots) {
      slot.job?.reject(error);
      slot.job = undefined;
    }
    for (const job of this.queue.splice(0)) job.reject(error);
  }
}
