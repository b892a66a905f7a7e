import { describe, expect, it } from 'vitest';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../../../../kernel/corpus.js';
import { createDenseRetriever, datasetKey } from '../../../../pipelines/retrieval/dense-retriever.js';
import { LanceDbVectorStore } from '../../../../pipelines/retrieval/stores/lancedb-store.js';
import { MemoryVectorStore } from '../../../../pipelines/retrieval/stores/memory-store.js';
import type { PersistentVectorStore, Vector, VectorHit } from '../../../../kernel/vector-store.js';
import { useTempDirs } from '../../../support/temp-dir.js';

function chunk(id: string, text: string): Chunk {
  return { id, docId: id, index: 0, start: 0, end: text.length, text };
}

class CountingEmbeddings implements EmbeddingsInterface {
  documents = 0;
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documents += texts.length;
    return texts.map((t) => this.vector(t));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    return ['a', 'b', 'c'].map((letter) => text.split(letter).length - 1);
  }
}

/** An "ANN" store that always loses the best hit: recall@k is exactly (k − 1) / k. */
class LossyAnnStore implements PersistentVectorStore {
  readonly kind = 'lossy';
  readonly ann = { index: 'LOSSY', params: { drop: 1 } };
  readonly metric = 'cosine' as const;
  private readonly inner = new MemoryVectorStore();
  async open(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {}
  add(ids: readonly string[], vectors: readonly Vector[]): void {
    this.inner.add(ids, vectors);
  }
  search(vector: Vector, k: number): VectorHit[] {
    return this.inner.search(vector, k + 1).slice(1);
  }
  searchMany(vectors: readonly Vector[], k: number): VectorHit[][] {
    return vectors.map((v) => this.search(v, k));
  }
}

const chunks = [chunk('1', 'aaa'), chunk('2', 'bbb'), chunk('3', 'aab'), chunk('4', 'ccc'), chunk('5', 'abc')];

describe('dense retriever over persistent and ANN stores', () => {
  const tempDir = useTempDirs();

  it('a second run over the same chunks and embedder reuses the LanceDB table and embeds nothing', async () => {
    const dir = tempDir();
    const firstEmbeddings = new CountingEmbeddings();
    const firstStore = new LanceDbVectorStore({ dir });
    const first = createDenseRetriever({ name: 'd', embeddings: firstEmbeddings, store: firstStore, embedderId: 'letters' });
    await first.index(chunks);
    const expected = (await first.retrieve('a', 3)).map((h) => h.chunk.id);
    expect(firstEmbeddings.documents).toBe(5);
    expect(first.reusedStoredVectors()).toBe(false);
    await firstStore.close();

    const again = new CountingEmbeddings();
    const secondStore = new LanceDbVectorStore({ dir });
    const second = createDenseRetriever({ name: 'd', embeddings: again, store: secondStore, embedderId: 'letters' });
    await second.index(chunks);
    expect(again.documents).toBe(0);
    expect(second.reusedStoredVectors()).toBe(true);
    expect(second.stats().textsPerSecond).toBeNull();
    expect((await second.retrieve('a', 3)).map((h) => h.chunk.id)).toEqual(expected);
    expect(expected).toEqual(['1', '3', '5']);
    await secondStore.close();

    // A changed chunk changes the dataset key: everything is embedded into a new table.
    const changed = new CountingEmbeddings();
    const thirdStore = new LanceDbVectorStore({ dir });
    const third = createDenseRetriever({ name: 'd', embeddings: changed, store: thirdStore, embedderId: 'letters' });
    await third.index([...chunks.slice(0, 4), chunk('5', 'abcc')]);
    expect(changed.documents).toBe(5);
    await thirdStore.close();
  });

  it('the dataset key changes with the embedder id, a chunk id or a chunk text', () => {
    const base = datasetKey('m', chunks);
    expect(datasetKey('m', chunks)).toBe(base);
    expect(datasetKey('m2', chunks)).not.toBe(base);
    expect(datasetKey('m', [chunk('9', 'aaa'), ...chunks.slice(1)])).not.toBe(base);
    expect(datasetKey('m', [chunk('1', 'aab'), ...chunks.slice(1)])).not.toBe(base);
  });

  it('measures ANN recall against exact search on the same vectors', async () => {
    const dense = createDenseRetriever({ name: 'lossy', embeddings: new CountingEmbeddings(), store: new LossyAnnStore() });
    await dense.index(chunks);
    await dense.retrieve('a', 4);
    await dense.retrieve('c', 4);
    // Each query loses exactly one of its four exact hits.
    expect(dense.annRecall()).toEqual({ k: 4, recallAtK: 0.75, queries: 2 });
    const exactOnly = createDenseRetriever({ name: 'exact', embeddings: new CountingEmbeddings() });
    await exactOnly.index(chunks);
    expect(exactOnly.annRecall()).toBeNull();
  });
});
