/**
 * Exact in-memory vector search. Vectors are normalised once on add (cosine) and kept in
 * one contiguous float32 region (rows padded to a multiple of 4 floats) inside a
 * WebAssembly.Memory, so the SIMD dot-product kernel (dot-kernel.ts) reads them in place.
 * The scan (exact-scan.js) scores a block of queries per pass over the stored vectors, tile
 * by tile, and keeps a small per-query heap (top-k, no full sort).
 * searchMany() splits a large batch across worker threads (exact-search-pool.ts) that read
 * the same shared memory; they run the same scan code and kernel, so results are identical
 * to the single-thread path. Exact search keeps approximate-neighbour noise out of an
 * embedding-model comparison.
 * Capacity: one wasm32 memory, about 4 GB, i.e. ~2 million 512-d vectors.
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../../../kernel/errors.js';
import { MAX_MEMORY_PAGES, dotKernelModule, jsDotKernel, wasmDotKernel, type DotKernel } from './dot-kernel.js';
import { ExactSearchPool, type WorkerLane } from './exact-search-pool.js';
import { TILE, scanQueries } from './exact-scan.js';
import { idRanks } from './top-k.js';
import type { Vector, VectorHit, VectorMetric, VectorStore } from '../../../kernel/vector-store.js';

export interface MemoryVectorStoreOptions {
  /** 'cosine' (default) normalises stored and query vectors; 'inner-product' uses them as given. */
  metric?: VectorMetric;
  /** Queries scored together per pass over the stored vectors, rounded up to a multiple of 4. Default 8. */
  queryBlockSize?: number;
  /** 'wasm' (default; falls back to 'js' without WebAssembly SIMD) or 'js'. */
  kernel?: 'wasm' | 'js';
  /**
   * Worker threads for large searchMany() batches. Default 2 when the machine has at least
   * 2 cores, else 0. 0 keeps every search on the calling thread; so does the 'js' kernel, and
   * a runtime without shared WebAssembly memory.
   */
  workers?: number;
  /** Smallest batch, in multiply-adds (queries × vectors × dimension), sent to the workers. Default PARALLEL_MIN_WORK. */
  parallelMinWork?: number;
}

const PAGE_BYTES = 65_536;
/**
 * Below this many multiply-adds a batch stays on the calling thread. Measured with a warm pool
 * on a 2-core VM (bench/exact-search.bench.ts, small batches, 4 runs): from ~32 M (64 queries ×
 * 1,000 × 512, or 32 × 2,000 × 512) 2 workers won every time (1.3–1.8×); below it they lost as
 * often as they won (waking the workers costs about a millisecond). Large batches reach 1.95–2×.
 * The first batch sent to the workers also pays for starting them (~30 ms).
 */
export const PARALLEL_MIN_WORK = 32_000_000;

/** Released stores whose owner never called close(): their workers (which hold the memory) stop. */
const poolReaper = new FinalizationRegistry<ExactSearchPool>((pool) => void pool.close());

/** A memory the workers can share when the runtime allows it, else a private one. */
function createMemory(shared: boolean): { memory: WebAssembly.Memory; shared: boolean } {
  if (shared && typeof SharedArrayBuffer === 'function') {
    try {
      return { memory: new WebAssembly.Memory({ initial: 1, maximum: MAX_MEMORY_PAGES, shared: true }), shared: true };
    } catch {
      // No threads support in this runtime: single-thread search.
    }
  }
  return { memory: new WebAssembly.Memory({ initial: 1 }), shared: false };
}

/** Copies `vector` into `target` at `offset`, scaled to unit length when `normalise` (zero stays zero). */
export function writeVector(target: Float32Array, offset: number, vector: Vector, normalise: boolean): void {
  let norm = 0;
  for (let j = 0; j < vector.length; j++) norm += vector[j]! * vector[j]!;
  const scale = normalise && norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let j = 0; j < vector.length; j++) target[offset + j] = vector[j]! * scale;
}

/** Where things live in the memory, in bytes; fixed once the dimension is known. */
interface Layout {
  dimension: number;
  stride: number;
  /** Scratch per thread: lanes[0] for the calling thread, lanes[1 + w] for worker w. */
  lanes: WorkerLane[];
  vectorsPtr: number;
}

export class MemoryVectorStore implements VectorStore {
  readonly metric: VectorMetric;
  private readonly queryBlockSize: number;
  private readonly kernelChoice: 'wasm' | 'js';
  private readonly workerCount: number;
  private readonly parallelMinWork: number;
  private readonly memory: WebAssembly.Memory;
  private readonly sharedMemory: boolean;
  private pool: ExactSearchPool | undefined;
  private lastWorkers = 0;
  private layout: Layout | undefined;
  private kernel: DotKernel | undefined;
  private kernelKind: 'wasm' | 'js' | undefined;
  private ids: string[] = [];
  private readonly known = new Set<string>();
  private ranks: Int32Array | undefined;

  constructor(options: MemoryVectorStoreOptions = {}) {
    this.metric = options.metric ?? 'cosine';
    this.queryBlockSize = Math.ceil(Math.max(1, Math.floor(options.queryBlockSize ?? 8)) / 4) * 4;
    this.kernelChoice = options.kernel ?? 'wasm';
    const workers = options.workers ?? (availableParallelism() >= 2 ? 2 : 0);
    this.workerCount = this.kernelChoice === 'wasm' ? Math.max(0, Math.floor(workers)) : 0;
    this.parallelMinWork = options.parallelMinWork ?? PARALLEL_MIN_WORK;
    ({ memory: this.memory, shared: this.sharedMemory } = createMemory(this.workerCount > 0));
  }

  /** Worker threads the last searchMany() ran on; 0 when it ran on the calling thread. */
  get lastSearchWorkers(): number {
    return this.lastWorkers;
  }

  get size(): number {
    return this.ids.length;
  }

  /** 'wasm' when the SIMD kernel is in use, 'js' for the fallback; undefined before the first add. */
  get kernelInUse(): 'wasm' | 'js' | undefined {
    return this.kernelKind;
  }

  private setUp(dimension: number): Layout {
    const stride = Math.ceil(dimension / 4) * 4;
    const laneBytes = this.queryBlockSize * stride * 4 + TILE * this.queryBlockSize * 4;
    const lanes = Array.from({ length: 1 + (this.sharedMemory ? this.workerCount : 0) }, (_, i) => ({
      queriesPtr: i * laneBytes,
      outPtr: i * laneBytes + this.queryBlockSize * stride * 4,
    }));
    this.layout = { dimension, stride, lanes, vectorsPtr: lanes.length * laneBytes };
    const wasm = this.kernelChoice === 'wasm' ? wasmDotKernel(this.memory, stride, this.sharedMemory) : undefined;
    this.kernelKind = wasm ? 'wasm' : 'js';
    this.kernel = wasm ?? jsDotKernel(this.memory, stride);
    return this.layout;
  }

  private ensureCapacity(layout: Layout, vectorCount: number): void {
    const bytes = layout.vectorsPtr + vectorCount * layout.stride * 4;
    const pages = Math.ceil(bytes / PAGE_BYTES);
    const current = this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages <= current) return;
    // Grow geometrically so repeated adds stay linear overall.
    const target = Math.min(MAX_MEMORY_PAGES, Math.max(pages, current * 2));
    try {
      if (pages > MAX_MEMORY_PAGES) throw new RangeError('beyond the wasm32 limit');
      this.memory.grow(target - current);
    } catch (error) {
      throw new InputError(
        `MemoryVectorStore: ${vectorCount} vectors of ${layout.dimension} dimensions need ${(bytes / 2 ** 30).toFixed(1)} GB, ` +
          'more than the in-memory store can hold (4 GB); use a disk-backed or server vector store',
        undefined,
        { cause: error },
      );
    }
  }

  add(ids: readonly string[], vectors: readonly Vector[]): void {
    if (ids.length !== vectors.length) {
      throw new InputError(`MemoryVectorStore.add: got ${ids.length} ids but ${vectors.length} vectors`);
    }
    if (ids.length === 0) return;
    const layout = this.layout ?? this.setUp(vectors[0]!.length);
    const batch = new Set<string>();
    vectors.forEach((vector, i) => {
      const id = ids[i]!;
      if (vector.length !== layout.dimension) {
        throw new InputError(
          `MemoryVectorStore.add: vector for id "${id}" has ${vector.length} dimensions, expected ${layout.dimension}`,
        );
      }
      if (this.known.has(id) || batch.has(id)) {
        throw new InputError(`MemoryVectorStore.add: id "${id}" is already stored; ids must be unique`);
      }
      batch.add(id);
    });
    this.ensureCapacity(layout, this.ids.length + ids.length);
    const view = new Float32Array(this.memory.buffer);
    const normalise = this.metric === 'cosine';
    const first = layout.vectorsPtr / 4 + this.ids.length * layout.stride;
    vectors.forEach((vector, i) => writeVector(view, first + i * layout.stride, vector, normalise));
    for (const id of ids) {
      this.ids.push(id);
      this.known.add(id);
    }
    this.ranks = undefined;
  }

  /** One query on the calling thread (a single query never pays for a hand-off). */
  search(vector: Vector, k: number): VectorHit[] {
    return this.searchManySync([vector], k)[0]!;
  }

  /** Many queries; a batch of at least parallelMinWork multiply-adds runs on the worker threads. */
  async searchMany(queries: readonly Vector[], k: number): Promise<VectorHit[][]> {
    const plan = this.plan(queries, k);
    const blocks = Math.ceil(queries.length / this.queryBlockSize);
    const work = queries.length * this.ids.length * (plan?.layout.stride ?? 0);
    const pool = plan && blocks >= 2 && work >= this.parallelMinWork ? this.workerPool(plan.layout) : undefined;
    if (!plan || !pool) return this.searchManySync(queries, k);
    const { layout, limit } = plan;
    const n = this.ids.length;
    const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 8));
    const normalised = new Float32Array(shared(queries.length * layout.stride * 4));
    this.normalise(queries, layout, normalised);
    const items = new Int32Array(shared(queries.length * limit * 4));
    const scores = new Float64Array(shared(queries.length * limit * 8));
    const ranks = this.sharedRanks();
    try {
      await pool.run({
        vectorsPtr: layout.vectorsPtr, stride: layout.stride, n, block: this.queryBlockSize,
        queries: normalised, queryCount: queries.length, limit, ranks, items, scores,
      });
    } catch {
      // A crashed or closed pool: answer on this thread (same results), and start afresh next time.
      if (this.pool === pool) this.pool = undefined;
      return this.searchManySync(queries, k);
    }
    this.lastWorkers = pool.size;
    return this.hits(queries.length, limit, items, scores);
  }

  /** searchMany() on the calling thread, synchronously. */
  searchManySync(queries: readonly Vector[], k: number): VectorHit[][] {
    this.lastWorkers = 0;
    const plan = this.plan(queries, k);
    if (!plan) return queries.map(() => []);
    const { layout, limit } = plan;
    const normalised = new Float32Array(queries.length * layout.stride);
    this.normalise(queries, layout, normalised);
    const items = new Int32Array(queries.length * limit);
    const scores = new Float64Array(queries.length * limit);
    let nextBlock = 0;
    scanQueries({
      memory: this.memory, kernel: this.kernel!, ...layout.lanes[0]!, vectorsPtr: layout.vectorsPtr,
      stride: layout.stride, n: this.ids.length, block: this.queryBlockSize, queries: normalised,
      queryCount: queries.length, limit, ranks: this.sharedRanks(), items, scores, claimBlock: () => nextBlock++,
    });
    return this.hits(queries.length, limit, items, scores);
  }

  /** Stops the worker threads (a later large searchMany() starts them again). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (!pool) return;
    poolReaper.unregister(this);
    await pool.close();
  }

  /** The layout and result count, or undefined when every result list is empty; checks dimensions. */
  private plan(queries: readonly Vector[], k: number): { layout: Layout; limit: number } | undefined {
    const layout = this.layout;
    const limit = Math.min(Math.max(Math.floor(k), 0), this.ids.length);
    if (!layout || limit === 0) return undefined;
    queries.forEach((query, q) => {
      if (query.length !== layout.dimension) {
        throw new InputError(
          `MemoryVectorStore.search: query ${q} has ${query.length} dimensions, expected ${layout.dimension}`,
        );
      }
    });
    return { layout, limit };
  }

  private normalise(queries: readonly Vector[], layout: Layout, target: Float32Array): void {
    queries.forEach((query, q) => writeVector(target, q * layout.stride, query, this.metric === 'cosine'));
  }

  /** Tie ranks in a SharedArrayBuffer when available, so workers read them without a copy. */
  private sharedRanks(): Int32Array {
    if (this.ranks) return this.ranks;
    const ranks = idRanks(this.ids);
    if (!this.sharedMemory) return (this.ranks = ranks);
    this.ranks = new Int32Array(new SharedArrayBuffer(Math.max(ranks.byteLength, 4)));
    this.ranks.set(ranks);
    return this.ranks;
  }

  /** The pool, started on first use; undefined when workers are off or unavailable. */
  private workerPool(layout: Layout): ExactSearchPool | undefined {
    if (this.pool && !this.pool.broken) return this.pool;
    if (!this.sharedMemory || this.kernelKind !== 'wasm' || layout.lanes.length < 2) return undefined;
    const module = dotKernelModule(layout.stride, true);
    if (!module) return undefined;
    try {
      this.pool = new ExactSearchPool(module, this.memory, layout.lanes.slice(1));
    } catch {
      return undefined; // worker_threads unavailable: single-thread search
    }
    poolReaper.register(this, this.pool, this);
    return this.pool;
  }

  private hits(queryCount: number, limit: number, items: Int32Array, scores: Float64Array): VectorHit[][] {
    return Array.from({ length: queryCount }, (_, q) =>
      Array.from({ length: limit }, (_, i) => ({ id: this.ids[items[q * limit + i]!]!, score: scores[q * limit + i]! })),
    );
  }
}
