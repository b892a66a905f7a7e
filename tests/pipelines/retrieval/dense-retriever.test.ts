import { describe, expect, it } from 'vitest';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../../../kernel/corpus.js';
import { ExternalServiceError, InputError } from '../../../kernel/errors.js';
import { createDenseRetriever } from '../../../pipelines/retrieval/dense-retriever.js';
import { createHybridRetriever } from '../../../pipelines/retrieval/hybrid.js';
import { createBm25Retriever } from '../../../pipelines/retrieval/bm25.js';
import { MemoryVectorStore } from '../../../pipelines/retrieval/stores/memory-store.js';
import { UniversalSentenceEncoderEmbeddings } from '../../../pipelines/embeddings/use-embedder.js';

function chunk(id: string, text: string): Chunk {
  return { id, docId: id, index: 0, start: 0, end: text.length, text };
}

/** Embeds a text as counts of the letters a, b, c; records the batch sizes it was called with. */
class LetterCountEmbeddings implements EmbeddingsInterface {
  readonly batches: number[] = [];
  constructor(private readonly dropLast = false) {}
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.batches.push(texts.length);
    const vectors = texts.map((text) => this.vector(text));
    return this.dropLast ? vectors.slice(0, -1) : vectors;
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    return ['a', 'b', 'c'].map((letter) => text.split(letter).length - 1);
  }
}

describe('createDenseRetriever', () => {
  const chunks = [chunk('1', 'aaa'), chunk('2', 'bbb'), chunk('3', 'aab'), chunk('4', 'ccc'), chunk('5', 'abc')];

  it('embeds in batches, ranks by cosine and records throughput', async () => {
    const embeddings = new LetterCountEmbeddings();
    const dense = createDenseRetriever({ name: 'letters', embeddings, batchSize: 2 });
    await dense.index(chunks);
    expect(embeddings.batches).toEqual([2, 2, 1]);
    const hits = await dense.retrieve('a', 3);
    // cos('a', 'aaa') = 1, cos('a', 'aab') = 2/√5, cos('a', 'abc') = 1/√3.
    expect(hits.map((h) => h.chunk.id)).toEqual(['1', '3', '5']);
    expect(hits.map((h) => h.score)).toEqual([
      expect.closeTo(1, 6),
      expect.closeTo(2 / Math.sqrt(5), 6),
      expect.closeTo(1 / Math.sqrt(3), 6),
    ]);
    const stats = dense.stats();
    expect(stats.texts).toBe(5);
    expect(stats.textsPerSecond).toBeCloseTo(5 / stats.seconds, 6);
  });

  it('hands vectors to the store batch by batch as Float32Arrays, gathered to storeBatchSize', async () => {
    const adds: { ids: string[]; float32: boolean }[] = [];
    const inner = new MemoryVectorStore();
    const store = Object.assign(Object.create(inner) as MemoryVectorStore, {
      add(ids: readonly string[], vectors: readonly ArrayLike<number>[]) {
        adds.push({ ids: [...ids], float32: vectors.every((v) => v instanceof Float32Array) });
        inner.add(ids, vectors);
      },
    });
    const embeddings = new LetterCountEmbeddings();
    const seven = [...chunks, chunk('6', 'bcc'), chunk('7', 'aca')];
    const dense = createDenseRetriever({ name: 'letters', embeddings, store, batchSize: 2, storeBatchSize: 3 });
    await dense.index(seven);
    expect(embeddings.batches).toEqual([2, 2, 2, 1]);
    expect(adds).toEqual([
      { ids: ['1', '2', '3', '4'], float32: true },
      { ids: ['5', '6', '7'], float32: true },
    ]);
    expect((await dense.retrieve('c', 1)).map((h) => h.chunk.id)).toEqual(['4']);
    expect(dense.stats().texts).toBe(7);
  });

  it('leaves model loading out of texts/s and reports it on its own, once per load', async () => {
    // Reports a 2.5 s model load once its first call has run, as the bundled encoder does.
    const loading = Object.assign(new LetterCountEmbeddings(), {
      loaded: false,
      modelLoadSeconds(): number | null {
        return this.loaded ? 2.5 : null;
      },
      async embedDocuments(texts: string[]) {
        this.loaded = true;
        return LetterCountEmbeddings.prototype.embedDocuments.call(this, texts);
      },
    });
    const first = createDenseRetriever({ name: 'first', embeddings: loading, batchSize: 2 });
    await first.index(chunks);
    const stats = first.stats();
    expect(stats.modelLoadSeconds).toBe(2.5);
    // The first batch's 2.5 s are not embedding time (it ran in far less, so it counts 0); the others count.
    expect(stats.seconds).toBeGreaterThan(0);
    expect(stats.seconds).toBeLessThan(2.5);
    const second = createDenseRetriever({ name: 'second', embeddings: loading, batchSize: 2 });
    await second.index(chunks);
    expect(second.stats().modelLoadSeconds).toBeNull();
  });

  it('the bundled encoder on worker threads reports its model load apart from embedding time', async () => {
    const embeddings = new UniversalSentenceEncoderEmbeddings({ workers: 2 });
    try {
      const many = Array.from({ length: 32 }, (_, i) => chunk(`u${i}`, `sentence number ${i} about garbage collection`));
      const dense = createDenseRetriever({ name: 'use', embeddings, batchSize: 32 });
      await dense.index(many);
      const stats = dense.stats();
      expect(stats.texts).toBe(32);
      expect(stats.modelLoadSeconds).toBeGreaterThan(0);
      expect(stats.modelLoadSeconds).toBe(embeddings.modelLoadSeconds());
    } finally {
      await embeddings.close();
    }
  });

  it('a hybrid reuses the query vectors its dense member computed, one by one and in batches', async () => {
    const counting = Object.assign(new LetterCountEmbeddings(), {
      queries: [] as string[],
      async embedQuery(text: string) {
        this.queries.push(text);
        return LetterCountEmbeddings.prototype.embedQuery.call(this, text);
      },
    });
    const dense = createDenseRetriever({ name: 'letters', embeddings: counting });
    const bm25 = createBm25Retriever({ name: 'bm25' });
    await dense.index(chunks);
    await bm25.index(chunks);
    const hybrid = createHybridRetriever({ retrievers: [bm25, dense] });
    const fresh = createDenseRetriever({ name: 'fresh', embeddings: new LetterCountEmbeddings() });
    await fresh.index(chunks);
    const alone = await dense.retrieve('ab', 3);
    const fused = await hybrid.retrieve('ab', 3);
    expect(counting.queries).toEqual(['ab']);
    expect(alone).toEqual(await fresh.retrieve('ab', 3));
    const many = await dense.retrieveMany!(['ab', 'cc', 'cc', 'ba'], 3);
    expect(counting.queries).toEqual(['ab', 'cc', 'ba']);
    expect(await hybrid.retrieveMany!(['cc', 'ba', 'ab'], 3)).toEqual([await hybrid.retrieve('cc', 3), await hybrid.retrieve('ba', 3), fused]);
    expect(counting.queries).toEqual(['ab', 'cc', 'ba']);
    expect(many).toEqual(await fresh.retrieveMany!(['ab', 'cc', 'cc', 'ba'], 3));
  });

  it('returns all chunks when k exceeds them, ties by id descending', async () => {
    const dense = createDenseRetriever({ name: 'letters', embeddings: new LetterCountEmbeddings() });
    await dense.index(chunks);
    const hits = await dense.retrieve('c', 99);
    expect(hits.map((h) => h.chunk.id)).toEqual(['4', '5', '3', '2', '1']);
    expect(hits.slice(2).map((h) => h.score)).toEqual([0, 0, 0]);
  });

  it('uses the store it is given', async () => {
    const store = new MemoryVectorStore({ metric: 'inner-product' });
    const dense = createDenseRetriever({ name: 'ip', embeddings: new LetterCountEmbeddings(), store });
    await dense.index(chunks);
    expect(store.size).toBe(5);
    expect((await dense.retrieve('a', 1))[0]).toEqual({ chunk: chunks[0], score: 3 });
  });

  it('fails loudly when embedDocuments misaligns vectors and texts, or a chunk id repeats', async () => {
    const broken = createDenseRetriever({ name: 'broken', embeddings: new LetterCountEmbeddings(true) });
    await expect(broken.index(chunks)).rejects.toThrow(ExternalServiceError);
    await expect(broken.index([])).resolves.toBeUndefined();
    const dense = createDenseRetriever({ name: 'twice', embeddings: new LetterCountEmbeddings() });
    await expect(dense.index([chunks[0]!, chunks[0]!])).rejects.toThrow(InputError);
  });

  it('retrieves the garbage-collection passage for a memory question with the USE model', async () => {
    const dense = createDenseRetriever({ name: 'use', embeddings: new UniversalSentenceEncoderEmbeddings() });
    await dense.index([
      chunk('tax', 'Income tax is levied on wages according to progressive brackets.'),
      chunk('gc', 'The garbage collector frees objects that are no longer reachable.'),
      chunk('tea', 'Green tea leaves are steamed or pan-fired soon after picking.'),
    ]);
    const hits = await dense.retrieve('How does automatic memory management work?', 3);
    expect(hits[0]!.chunk.id).toBe('gc');
    expect(dense.stats().texts).toBe(3);
  });
});
