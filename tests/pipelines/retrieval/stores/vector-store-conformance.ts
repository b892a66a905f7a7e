/**
 * The one conformance suite every VectorStore passes (memory, LanceDB, Milvus). Results are
 * compared with a float64 brute-force reference: same ids in the same order (score desc, id
 * desc), scores within float32 noise. Persistent stores also prove that a second instance finds
 * the data the first one wrote and that a different count makes open() rebuild; resumable ones
 * that resume() keeps a partial build and add() appends to it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../../kernel/errors.js';
import { isPersistentVectorStore, type VectorHit, type VectorMetric, type VectorStore } from '../../../../kernel/vector-store.js';
import { createRng as seeded } from '../../../../kernel/prng.js';

export type VectorStoreFactory = (options: { metric: VectorMetric }) => VectorStore | Promise<VectorStore>;

const random = seeded(7);
const DIM = 12;
const vectors = Array.from({ length: 300 }, () => Array.from({ length: DIM }, () => random() * 2 - 1));
const ids = vectors.map((_, i) => `doc-${String(i).padStart(3, '0')}`);
const queries = Array.from({ length: 70 }, () => Array.from({ length: DIM }, () => random() * 2 - 1));

export function bruteForce(allIds: readonly string[], all: readonly number[][], query: readonly number[], k: number, metric: VectorMetric): VectorHit[] {
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  const hits = all.map((v, i) => {
    const dot = v.reduce((s, x, j) => s + x * query[j]!, 0);
    return { id: allIds[i]!, score: metric === 'cosine' ? dot / (norm(v) * norm(query)) : dot };
  });
  hits.sort((a, b) => (b.score !== a.score ? b.score - a.score : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return hits.slice(0, k);
}

function expectSameRanking(actual: VectorHit[], expected: VectorHit[]): void {
  expect(actual.map((h) => h.id)).toEqual(expected.map((h) => h.id));
  actual.forEach((hit, i) => expect(Math.abs(hit.score - expected[i]!.score)).toBeLessThan(1e-5));
}

export function describeVectorStoreConformance(name: string, factory: VectorStoreFactory): void {
  describe(`VectorStore conformance: ${name}`, () => {
    const opened: VectorStore[] = [];
    const make = async (metric: VectorMetric = 'cosine') => {
      const store = await factory({ metric });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) if (isPersistentVectorStore(store)) await store.close();
    });

    for (const metric of ['cosine', 'inner-product'] as const) {
      it(`${metric}: top-10 equals exact brute force, over two add() calls, search and searchMany alike`, async () => {
        const store = await make(metric);
        expect(store.metric).toBe(metric);
        await store.add(ids.slice(0, 120), vectors.slice(0, 120));
        await store.add(ids.slice(120), vectors.slice(120));
        const many = await store.searchMany(queries, 10);
        expect(many).toHaveLength(queries.length);
        for (const [q, query] of queries.entries()) {
          const expected = bruteForce(ids, vectors, query, 10, metric);
          expectSameRanking(many[q]!, expected);
          expectSameRanking(await store.search(query, 10), expected);
        }
        // A batch answers exactly as one query at a time (the pipeline sends batches).
        const single = [];
        for (const query of queries) single.push(await store.search(query, 10));
        expect(many).toEqual(single);
      });
    }

    it('answers [] for an empty store and for k = 0; all vectors when k exceeds the size', async () => {
      const store = await make();
      expect(await store.search(queries[0]!, 5)).toEqual([]);
      await store.add(ids.slice(0, 4), vectors.slice(0, 4));
      expect(await store.search(queries[0]!, 0)).toEqual([]);
      expectSameRanking(await store.search(queries[0]!, 50), bruteForce(ids.slice(0, 4), vectors.slice(0, 4), queries[0]!, 4, 'cosine'));
    });

    it('breaks ties by id descending, also at the cut-off', async () => {
      const store = await make('inner-product');
      await store.add(['a', 'c', 'b', 'd', 'e'], [[1, 0], [1, 0], [1, 0], [0, 1], [2, 0]]);
      expect((await store.search([1, 0], 3)).map((h) => [h.id, Math.round(h.score * 1e4) / 1e4])).toEqual([['e', 2], ['c', 1], ['b', 1]]);
      expect((await store.search([1, 0], 5)).map((h) => h.id)).toEqual(['e', 'c', 'b', 'a', 'd']);
    });

    it('cosine normalises: a scaled copy of a stored vector scores 1', async () => {
      const store = await make('cosine');
      await store.add(['x', 'y'], [[3, 4], [4, -3]]);
      const [best, other] = await store.search([30, 40], 2);
      expect(best!.id).toBe('x');
      expect(Math.abs(best!.score - 1)).toBeLessThan(1e-6);
      expect(Math.abs(other!.score)).toBeLessThan(1e-6);
    });

    it('rejects duplicate ids, mismatched dimensions and id/vector count mismatches with InputError', async () => {
      const store = await make();
      await store.add(['a'], [[1, 0, 0]]);
      await expect(async () => store.add(['a'], [[0, 1, 0]])).rejects.toThrow(InputError);
      await expect(async () => store.add(['b', 'b'], [[0, 1, 0], [0, 0, 1]])).rejects.toThrow(/already stored/);
      await expect(async () => store.add(['c'], [[1, 0]])).rejects.toThrow(/2 dimensions, expected 3/);
      await expect(async () => store.add(['d', 'e'], [[1, 0, 0]])).rejects.toThrow(/2 ids but 1 vectors/);
      await expect(async () => store.search([1, 0], 1)).rejects.toThrow(InputError);
      expect((await store.search([1, 0, 0], 5)).map((h) => h.id)).toEqual(['a']);
    });

    it('persistent stores: a second instance reuses data with the same key and count, and rebuilds otherwise', async (context) => {
      const first = await make('cosine');
      if (!isPersistentVectorStore(first)) {
        context.skip();
        return;
      }
      const key = `conformance_${Date.now()}`;
      expect(await first.open(key, 50)).toBe(false);
      await first.add(ids.slice(0, 50), vectors.slice(0, 50));
      const expected = bruteForce(ids.slice(0, 50), vectors.slice(0, 50), queries[1]!, 5, 'cosine');
      expectSameRanking(await first.search(queries[1]!, 5), expected);
      await first.close();

      const second = await make('cosine');
      if (!isPersistentVectorStore(second)) throw new Error('factory must return the same kind of store');
      expect(await second.open(key, 50)).toBe(true);
      expectSameRanking(await second.search(queries[1]!, 5), expected);
      await second.close();

      const third = await make('cosine');
      if (!isPersistentVectorStore(third)) throw new Error('factory must return the same kind of store');
      expect(await third.open(key, 51)).toBe(false);
      expect(await third.search(queries[1]!, 5)).toEqual([]);
    });

    it('resumable stores: resume() keeps a partial build, reports its count, remove() trims it, add() appends to it', async (context) => {
      const first = await make('cosine');
      if (!isPersistentVectorStore(first) || !first.resume) {
        context.skip();
        return;
      }
      const key = `conformance_resume_${Date.now()}`;
      const fresh = await first.resume(key);
      expect(fresh.held).toBe(0);
      await first.add(ids.slice(0, 30), vectors.slice(0, 30));
      await first.close();

      const second = await make('cosine');
      if (!isPersistentVectorStore(second) || !second.resume) throw new Error('factory must return the same kind of store');
      expect(await second.resume(key)).toEqual({ target: fresh.target, held: 30 });
      // remove(): ids it holds go, ids it never held are ignored; the count after is returned.
      expect(await second.remove!([...ids.slice(25, 30), 'never-stored'])).toBe(25);
      expect(await second.resume(key)).toEqual({ target: fresh.target, held: 25 });
      await second.add(ids.slice(25, 50), vectors.slice(25, 50));
      expectSameRanking(await second.search(queries[2]!, 7), bruteForce(ids.slice(0, 50), vectors.slice(0, 50), queries[2]!, 7, 'cosine'));
      await second.close();

      // The complete build is reused by open(); a different count still clears it.
      const third = await make('cosine');
      if (!isPersistentVectorStore(third)) throw new Error('factory must return the same kind of store');
      expect(await third.open(key, 50)).toBe(true);
      expect(await third.open(key, 49)).toBe(false);
      expect(await (third as typeof second).resume!(key)).toEqual({ target: fresh.target, held: 0 });
      await third.close();
    });
  });
}
