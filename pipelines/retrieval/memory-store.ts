/**
 * Exact in-memory vector search. Vectors are normalised once on add (cosine) and kept in
 * one contiguous Float32Array; a search is a tight dot-product loop feeding a small
 * per-query heap (top-k, no full sort). searchMany() walks the stored vectors once per
 * block of queries, so each stored vector is read from memory once per block instead of
 * once per query (the store is far larger than the CPU caches; the query block is not).
 * Exact search keeps approximate-neighbour noise out of an embedding-model comparison.
 */
import { InputError } from '../errors.js';
import { TopK, idRanks } from './top-k.js';
import type { Vector, VectorHit, VectorMetric, VectorStore } from './vector-store.js';

export interface MemoryVectorStoreOptions {
  /** 'cosine' (default) normalises stored and query vectors; 'inner-product' uses them as given. */
  metric?: VectorMetric;
  /** Queries scored together per pass over the stored vectors. Default 8. */
  queryBlockSize?: number;
}

/** Copies `vector` into `target` at `offset`, scaled to unit length when `normalise` (zero stays zero). */
export function writeVector(target: Float32Array, offset: number, vector: Vector, normalise: boolean): void {
  let norm = 0;
  for (let j = 0; j < vector.length; j++) norm += vector[j]! * vector[j]!;
  const scale = normalise && norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let j = 0; j < vector.length; j++) target[offset + j] = vector[j]! * scale;
}

export class MemoryVectorStore implements VectorStore {
  readonly metric: VectorMetric;
  private readonly queryBlockSize: number;
  private data = new Float32Array(0);
  private dimension = 0;
  private ids: string[] = [];
  private readonly known = new Set<string>();
  private ranks: Int32Array | undefined;

  constructor(options: MemoryVectorStoreOptions = {}) {
    this.metric = options.metric ?? 'cosine';
    this.queryBlockSize = Math.max(1, Math.floor(options.queryBlockSize ?? 8));
  }

  get size(): number {
    return this.ids.length;
  }

  add(ids: readonly string[], vectors: readonly Vector[]): void {
    if (ids.length !== vectors.length) {
      throw new InputError(`MemoryVectorStore.add: got ${ids.length} ids but ${vectors.length} vectors`);
    }
    if (ids.length === 0) return;
    if (this.dimension === 0) this.dimension = vectors[0]!.length;
    const dim = this.dimension;
    const batch = new Set<string>();
    vectors.forEach((vector, i) => {
      const id = ids[i]!;
      if (vector.length !== dim) {
        throw new InputError(`MemoryVectorStore.add: vector for id "${id}" has ${vector.length} dimensions, expected ${dim}`);
      }
      if (this.known.has(id) || batch.has(id)) {
        throw new InputError(`MemoryVectorStore.add: id "${id}" is already stored; ids must be unique`);
      }
      batch.add(id);
    });
    const needed = (this.ids.length + ids.length) * dim;
    if (needed > this.data.length) {
      // Grow geometrically so repeated adds stay linear overall.
      const grown = new Float32Array(Math.max(needed, this.data.length * 2));
      grown.set(this.data.subarray(0, this.ids.length * dim));
      this.data = grown;
    }
    const normalise = this.metric === 'cosine';
    vectors.forEach((vector, i) => writeVector(this.data, (this.ids.length + i) * dim, vector, normalise));
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
    const dim = this.dimension;
    const limit = Math.min(Math.max(Math.floor(k), 0), n);
    queries.forEach((query, q) => {
      if (n > 0 && query.length !== dim) {
        throw new InputError(`MemoryVectorStore.search: query ${q} has ${query.length} dimensions, expected ${dim}`);
      }
    });
    if (limit === 0) return queries.map(() => []);
    const ranks = (this.ranks ??= idRanks(this.ids));
    const results: VectorHit[][] = [];
    const block = new Float32Array(this.queryBlockSize * dim);
    for (let first = 0; first < queries.length; first += this.queryBlockSize) {
      const count = Math.min(this.queryBlockSize, queries.length - first);
      for (let q = 0; q < count; q++) writeVector(block, q * dim, queries[first + q]!, this.metric === 'cosine');
      const heaps = Array.from({ length: count }, () => new TopK(limit, ranks));
      scanBlock(this.data, n, dim, block, heaps);
      for (const heap of heaps) {
        results.push(heap.sorted().map(({ item, score }) => ({ id: this.ids[item]!, score })));
      }
    }
    return results;
  }
}

/** One pass over the stored vectors for a block of queries; each vector is loaded once. */
function scanBlock(data: Float32Array, n: number, dim: number, block: Float32Array, heaps: TopK[]): void {
  const count = heaps.length;
  const unrolled = dim - (dim % 4);
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    for (let q = 0; q < count; q++) {
      const qBase = q * dim;
      // Four independent accumulators let the CPU overlap the multiply-adds.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; j < unrolled; j += 4) {
        s0 += data[base + j]! * block[qBase + j]!;
        s1 += data[base + j + 1]! * block[qBase + j + 1]!;
        s2 += data[base + j + 2]! * block[qBase + j + 2]!;
        s3 += data[base + j + 3]! * block[qBase + j + 3]!;
      }
      for (; j < dim; j++) s0 += data[base + j]! * block[qBase + j]!;
      const score = s0 + s1 + s2 + s3;
      const heap = heaps[q]!;
      if (score >= heap.threshold) heap.push(i, score);
    }
  }
}
