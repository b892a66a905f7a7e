import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../kernel/errors.js';
import { MemoryVectorStore } from '../../../../pipelines/retrieval/stores/memory-store.js';
import type { VectorHit } from '../../../../kernel/vector-store.js';
import { createRng as seeded } from '../../../../kernel/prng.js';

function randomVectors(count: number, dim: number, random: () => number): number[][] {
  return Array.from({ length: count }, () => Array.from({ length: dim }, () => random() * 2 - 1));
}

/** The reference: every score in float32 storage precision, then a full sort. */
function bruteForce(ids: string[], vectors: number[][], query: number[], k: number, cosine: boolean): VectorHit[] {
  const unit = (v: number[]): Float32Array => {
    const norm = Math.hypot(...v);
    return Float32Array.from(v, (x) => (cosine && norm > 0 ? x / norm : x));
  };
  const q = unit(query);
  const hits = vectors.map((v, i) => {
    const stored = unit(v);
    return { id: ids[i]!, score: stored.reduce((sum, x, j) => sum + x * q[j]!, 0) };
  });
  hits.sort((a, b) => (b.score !== a.score ? b.score - a.score : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return hits.slice(0, k);
}

describe('MemoryVectorStore', () => {
  const random = seeded(42);
  const dim = 37; // not a multiple of 4: exercises the loop tail
  const vectors = randomVectors(2500, dim, random); // more than two 1,024-vector tiles
  const ids = vectors.map((_, i) => `v${i}`);
  const queries = randomVectors(21, dim, random); // not a multiple of the query block

  for (const [metric, kernel] of [['cosine', 'wasm'], ['inner-product', 'wasm'], ['cosine', 'js']] as const) {
    it(`${metric} (${kernel} kernel): search and searchMany equal a brute-force sort on random vectors`, async () => {
      const store = new MemoryVectorStore({ metric, queryBlockSize: 3, kernel });
      store.add(ids.slice(0, 200), vectors.slice(0, 200));
      store.add(ids.slice(200), vectors.slice(200)); // growth path
      expect(store.kernelInUse).toBe(kernel); // Node 20 has WebAssembly SIMD
      const expected = queries.map((q) => bruteForce(ids, vectors, q, 10, metric === 'cosine'));
      const many = await store.searchMany(queries, 10);
      expect(many.map((hits) => hits.map((h) => h.id))).toEqual(expected.map((hits) => hits.map((h) => h.id)));
      many.flat().forEach((hit, i) => expect(hit.score).toBeCloseTo(expected.flat()[i]!.score, 5));
      expect(store.search(queries[7]!, 10)).toEqual(many[7]);
    });
  }

  it('returns every vector when k exceeds the store size', () => {
    const store = new MemoryVectorStore();
    store.add(ids.slice(0, 5), vectors.slice(0, 5));
    const hits = store.search(queries[0]!, 100);
    expect(hits.map((h) => h.id)).toEqual(bruteForce(ids.slice(0, 5), vectors.slice(0, 5), queries[0]!, 5, true).map((h) => h.id));
    expect(store.search(queries[0]!, 0)).toEqual([]);
  });

  it('breaks ties by id descending, also at the cut-off', () => {
    const store = new MemoryVectorStore({ metric: 'inner-product' });
    store.add(['a', 'c', 'b', 'd', 'e'], [[1, 0], [1, 0], [1, 0], [0, 1], [2, 0]]);
    expect(store.search([1, 0], 3)).toEqual([
      { id: 'e', score: 2 },
      { id: 'c', score: 1 },
      { id: 'b', score: 1 },
    ]);
    expect(store.search([1, 0], 5).map((h) => h.id)).toEqual(['e', 'c', 'b', 'a', 'd']);
  });

  it('normalises for cosine: a scaled copy scores 1', () => {
    const store = new MemoryVectorStore();
    store.add(['x', 'y'], [[3, 4], [4, -3]]);
    const [best, other] = store.search([30, 40], 2);
    expect(best).toEqual({ id: 'x', score: expect.closeTo(1, 6) });
    expect(other).toEqual({ id: 'y', score: expect.closeTo(0, 6) });
  });

  it('rejects wrong dimensions, duplicate ids and mismatched lengths with InputError', () => {
    const store = new MemoryVectorStore();
    store.add(['a'], [[1, 2, 3]]);
    expect(() => store.add(['b'], [[1, 2]])).toThrow(/vector for id "b" has 2 dimensions, expected 3/);
    expect(() => store.add(['a'], [[1, 2, 3]])).toThrow(InputError);
    expect(() => store.add(['c', 'c'], [[1, 2, 3], [1, 2, 3]])).toThrow(/id "c" is already stored/);
    expect(() => store.add(['d'], [])).toThrow(/got 1 ids but 0 vectors/);
    expect(() => store.search([1, 2], 1)).toThrow(/query 0 has 2 dimensions, expected 3/);
  });
});
