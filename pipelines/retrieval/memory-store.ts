/**
 * Exact in-memory vector search. Vectors are normalised once on add (cosine) and kept in
 * one contiguous float32 region (rows padded to a multiple of 4 floats) inside a
 * WebAssembly.Memory, so the SIMD dot-product kernel (dot-kernel.ts) reads them in place.
 * searchMany() scores a block of queries per pass over the stored vectors, tile by tile
 * (each stored vector is read from memory once per block, and each tile's scores stay in
 * cache), and keeps a small per-query heap (top-k, no full sort).
 * Exact search keeps approximate-neighbour noise out of an embedding-model comparison.
 * Capacity: one wasm32 memory, about 4 GB, i.e. ~2 million 512-d vectors.
 */
import { InputError } from '../errors.js';
import { jsDotKernel, wasmDotKernel, type DotKernel } from './dot-kernel.js';
import { TopK, idRanks } from './top-k.js';
import type { Vector, VectorHit, VectorMetric, VectorStore } from './vector-store.js';

export interface MemoryVectorStoreOptions {
  /** 'cosine' (default) normalises stored and query vectors; 'inner-product' uses them as given. */
  metric?: VectorMetric;
  /** Queries scored together per pass over the stored vectors, rounded up to a multiple of 4. Default 8. */
  queryBlockSize?: number;
  /** 'wasm' (default; falls back to 'js' without WebAssembly SIMD) or 'js'. */
  kernel?: 'wasm' | 'js';
}

const PAGE_BYTES = 65_536;
const MAX_PAGES = 65_536;
/** Stored vectors scored per kernel call: the tile's scores (TILE × block floats) stay in L1/L2. */
const TILE = 1024;

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
  queriesPtr: number;
  outPtr: number;
  vectorsPtr: number;
}

export class MemoryVectorStore implements VectorStore {
  readonly metric: VectorMetric;
  private readonly queryBlockSize: number;
  private readonly kernelChoice: 'wasm' | 'js';
  private memory = new WebAssembly.Memory({ initial: 1 });
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
    const queriesPtr = 0;
    const outPtr = this.queryBlockSize * stride * 4;
    const vectorsPtr = outPtr + TILE * this.queryBlockSize * 4;
    this.layout = { dimension, stride, queriesPtr, outPtr, vectorsPtr };
    const wasm = this.kernelChoice === 'wasm' ? wasmDotKernel(this.memory, stride) : undefined;
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
    const target = Math.min(MAX_PAGES, Math.max(pages, current * 2));
    try {
      if (pages > MAX_PAGES) throw new RangeError('beyond the wasm32 limit');
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

  search(vector: Vector, k: number): VectorHit[] {
    return this.searchMany([vector], k)[0]!;
  }

  searchMany(queries: readonly Vector[], k: number): VectorHit[][] {
    const n = this.ids.length;
    const layout = this.layout;
    const limit = Math.min(Math.max(Math.floor(k), 0), n);
    if (!layout || limit === 0) return queries.map(() => []);
    queries.forEach((query, q) => {
      if (query.length !== layout.dimension) {
        throw new InputError(
          `MemoryVectorStore.search: query ${q} has ${query.length} dimensions, expected ${layout.dimension}`,
        );
      }
    });
    const ranks = (this.ranks ??= idRanks(this.ids));
    const kernel = this.kernel!;
    const { stride, queriesPtr, outPtr, vectorsPtr } = layout;
    const block = this.queryBlockSize;
    const view = new Float32Array(this.memory.buffer);
    const out = outPtr / 4;
    const results: VectorHit[][] = [];
    for (let first = 0; first < queries.length; first += block) {
      const count = Math.min(block, queries.length - first);
      for (let q = 0; q < count; q++) {
        writeVector(view, queriesPtr / 4 + q * stride, queries[first + q]!, this.metric === 'cosine');
      }
      const heaps = Array.from({ length: count }, () => new TopK(limit, ranks));
      for (let tileStart = 0; tileStart < n; tileStart += TILE) {
        const tileCount = Math.min(TILE, n - tileStart);
        kernel(vectorsPtr + tileStart * stride * 4, tileCount, queriesPtr, block, outPtr);
        for (let t = 0; t < tileCount; t++) {
          const row = out + t * block;
          for (let q = 0; q < count; q++) {
            const score = view[row + q]!;
            const heap = heaps[q]!;
            if (score >= heap.threshold) heap.push(tileStart + t, score);
          }
        }
      }
      for (const heap of heaps) {
        results.push(heap.sorted().map(({ item, score }) => ({ id: this.ids[item]!, score })));
      }
    }
    return results;
  }
}
