/**
 * MemoryVectorStore.searchMany on worker threads: exactly the single-thread results (ids and
 * float scores, tie order score desc then id desc), equal to brute force, across memory growth,
 * close() and from the compiled dist/ that bin/rag-eval.js runs (plain Node, no TypeScript loader).
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryVectorStore, type MemoryVectorStoreOptions } from '../../../../pipelines/retrieval/stores/memory-store.js';
import { createRng as seeded } from '../../../../kernel/prng.js';
import { ROOT } from '../../../support/cli-process.js';
import { bruteForce } from './vector-store-conformance.js';

function randomVectors(count: number, dim: number, random: () => number): number[][] {
  return Array.from({ length: count }, () => Array.from({ length: dim }, () => random() * 2 - 1));
}

const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `v${String(from + i).padStart(5, '0')}`);

describe('MemoryVectorStore.searchMany on worker threads', () => {
  const opened: MemoryVectorStore[] = [];
  const make = (options: MemoryVectorStoreOptions = {}) => {
    const store = new MemoryVectorStore({ parallelMinWork: 0, ...options });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  const random = seeded(99);
  const dim = 37; // odd: a padded stride
  const base = randomVectors(2300, dim, random); // more than two 1,024-vector tiles
  // Ties: 40 exact copies of earlier vectors under other ids, so equal scores meet at the cut-off.
  const vectors = [...base, ...base.slice(0, 40)];
  const allIds = ids(vectors.length);
  const queries = [...randomVectors(41, dim, random), ...base.slice(0, 4)]; // 45 queries: 6 blocks of 8, the last partial

  for (const metric of ['cosine', 'inner-product'] as const) {
    it(`${metric}: 2 workers give exactly the single-thread results, and brute force's ids`, async () => {
      const store = make({ metric });
      store.add(allIds.slice(0, 500), vectors.slice(0, 500));
      store.add(allIds.slice(500), vectors.slice(500));
      const parallel = await store.searchMany(queries, 10);
      expect(store.lastSearchWorkers).toBe(2);
      const single = store.searchManySync(queries, 10);
      expect(store.lastSearchWorkers).toBe(0);
      expect(parallel).toEqual(single); // same float scores, same order
      queries.forEach((query, q) => {
        expect(parallel[q]!.map((hit) => hit.id)).toEqual(bruteForce(allIds, vectors, query, 10, metric).map((hit) => hit.id));
      });
      // The copied vectors: query i (a stored vector) ties with its copy, and the larger id comes first.
      expect(parallel[41]!.slice(0, 2).map((hit) => hit.id)).toEqual(['v02300', 'v00000']);
      expect(parallel[41]![0]!.score).toBe(parallel[41]![1]!.score);
    });
  }

  it('k beyond the store size returns every vector, in order, from the workers too', async () => {
    const store = make({ queryBlockSize: 4 });
    store.add(allIds.slice(0, 30), vectors.slice(0, 30));
    const parallel = await store.searchMany(queries.slice(0, 9), 100);
    expect(store.lastSearchWorkers).toBe(2);
    expect(parallel.map((hits) => hits.length)).toEqual(Array(9).fill(30));
    expect(parallel).toEqual(store.searchManySync(queries.slice(0, 9), 100));
    expect(parallel[3]!.map((hit) => hit.id)).toEqual(bruteForce(allIds.slice(0, 30), vectors.slice(0, 30), queries[3]!, 30, 'cosine').map((hit) => hit.id));
    expect(await store.searchMany(queries.slice(0, 9), 0)).toEqual(Array(9).fill([]));
  });

  it('sees vectors added after the workers started, across memory growth', async () => {
    const store = make();
    store.add(allIds.slice(0, 100), vectors.slice(0, 100));
    await store.searchMany(queries, 5);
    expect(store.lastSearchWorkers).toBe(2);
    store.add(allIds.slice(100), vectors.slice(100)); // grows the shared memory
    const parallel = await store.searchMany(queries, 5);
    expect(store.lastSearchWorkers).toBe(2);
    expect(parallel).toEqual(store.searchManySync(queries, 5));
    expect(parallel[0]!.map((hit) => hit.id)).toEqual(bruteForce(allIds, vectors, queries[0]!, 5, 'cosine').map((hit) => hit.id));
  });

  it('close() stops the workers; a later large batch starts them again', async () => {
    const store = make();
    store.add(allIds, vectors);
    const first = await store.searchMany(queries, 3);
    await store.close();
    expect(await store.searchMany(queries, 3)).toEqual(first);
    expect(store.lastSearchWorkers).toBe(2);
  });

  it('stays on the calling thread below the threshold, with workers: 0, for the js kernel and for one block', async () => {
    const small = new MemoryVectorStore(); // default threshold: 45 × 2,340 × 40 ≈ 4 M multiply-adds is below it
    small.add(allIds, vectors);
    expect(await small.searchMany(queries, 3)).toEqual(small.searchManySync(queries, 3));
    expect(small.lastSearchWorkers).toBe(0);
    for (const options of [{ workers: 0 }, { kernel: 'js' as const }]) {
      const store = make(options);
      store.add(allIds, vectors);
      // (the js kernel sums in another order, so it is compared with itself)
      expect(await store.searchMany(queries, 3)).toEqual((options.kernel ? store : small).searchManySync(queries, 3));
      expect(store.lastSearchWorkers).toBe(0);
    }
    const oneBlock = make();
    oneBlock.add(allIds, vectors);
    await oneBlock.searchMany(queries.slice(0, 8), 3);
    expect(oneBlock.lastSearchWorkers).toBe(0);
  });

  it('loads its worker from the compiled dist/ as bin/rag-eval.js does, and never keeps the process alive', () => {
    // Plain Node on dist/ (built by tests/support/build-dist.ts); no close(): the process must still exit.
    const script = `
      const { MemoryVectorStore } = await import('./dist/pipelines/retrieval/stores/memory-store.js');
      const store = new MemoryVectorStore({ parallelMinWork: 0 });
      store.add(['a', 'b', 'c', 'd'], [[1, 0, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0]]);
      const queries = Array.from({ length: 20 }, (_, i) => [1, i % 3, 0]);
      const hits = await store.searchMany(queries, 2);
      console.log(JSON.stringify({ workers: store.lastSearchWorkers, same: JSON.stringify(hits) === JSON.stringify(store.searchManySync(queries, 2)), first: hits[0].map((h) => h.id) }));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(JSON.parse(output)).toEqual({ workers: 2, same: true, first: ['d', 'a'] });
  });
});
