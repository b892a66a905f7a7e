import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../kernel/corpus.js';
import { ConfigError } from '../../../kernel/errors.js';
import { createHybridRetriever, reciprocalRankFusion } from '../../../pipelines/retrieval/hybrid.js';
import type { RetrievedChunk, Retriever } from '../../../kernel/retriever.js';

function chunk(id: string): Chunk {
  return { id, docId: id, index: 0, start: 0, end: 1, text: id };
}

/** A retriever with a fixed ranking; records the k it was asked for and what it indexed. */
function fixed(name: string, ids: string[]): Retriever & { asked: number[]; indexed: number } {
  const state = { asked: [] as number[], indexed: 0 };
  return Object.assign(state, {
    name,
    async index(chunks: readonly Chunk[]) {
      state.indexed = chunks.length;
    },
    async retrieve(_query: string, k: number): Promise<RetrievedChunk[]> {
      state.asked.push(k);
      return ids.slice(0, k).map((id, i) => ({ chunk: chunk(id), score: 100 - i }));
    },
  });
}

describe('reciprocal rank fusion', () => {
  it('sums weight / (rrfK + rank) exactly (rrfK = 60)', async () => {
    const lexical = fixed('bm25', ['a', 'b', 'c']);
    const dense = fixed('dense', ['c', 'a', 'd']);
    const hybrid = createHybridRetriever({ retrievers: [lexical, dense] });
    const hits = await hybrid.retrieve('q', 10);
    expect(hits.map((h) => [h.chunk.id, h.score])).toEqual([
      ['a', 1 / 61 + 1 / 62],
      ['c', 1 / 63 + 1 / 61],
      ['b', 1 / 62],
      ['d', 1 / 63],
    ]);
    expect(lexical.asked).toEqual([50]); // default depth max(k, 50)
    expect(hybrid.name).toBe('rrf(bm25+dense)');
  });

  it('applies weights, rrfK and candidate depth, and cuts to k', async () => {
    const lexical = fixed('bm25', ['a', 'b', 'c']);
    const dense = fixed('dense', ['c', 'a', 'd']);
    const hybrid = createHybridRetriever({
      retrievers: [{ retriever: lexical, weight: 2 }, dense],
      rrfK: 0,
      candidateDepth: 2,
    });
    const hits = await hybrid.retrieve('q', 2);
    // depth 2: bm25 gives a, b; dense gives c, a.
    expect(hits.map((h) => [h.chunk.id, h.score])).toEqual([
      ['a', 2 / 1 + 1 / 2],
      ['c', 1 / 1],
    ]);
    expect(dense.asked).toEqual([2]);
  });

  it('breaks fused ties by chunk id descending', () => {
    const fused = reciprocalRankFusion(
      [
        { hits: [{ chunk: chunk('x'), score: 1 }], weight: 1 },
        { hits: [{ chunk: chunk('y'), score: 1 }], weight: 1 },
      ],
      60,
    );
    expect(fused.map((h) => h.chunk.id)).toEqual(['y', 'x']);
  });

  it('indexes every sub-retriever and validates its options', async () => {
    const a = fixed('a', []);
    const b = fixed('b', []);
    await createHybridRetriever({ retrievers: [a, b] }).index([chunk('1'), chunk('2')]);
    expect([a.indexed, b.indexed]).toEqual([2, 2]);
    expect(() => createHybridRetriever({ retrievers: [a] })).toThrow(ConfigError);
    expect(() => createHybridRetriever({ retrievers: [a, { retriever: b, weight: -1 }] })).toThrow(/weight of "b"/);
    expect(() => createHybridRetriever({ retrievers: [a, b], candidateDepth: 0 })).toThrow(/"candidateDepth"/);
  });
});
