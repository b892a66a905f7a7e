import { describe, expect, it } from 'vitest';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../../../kernel/corpus.js';
import type { StoredRange } from '../../../kernel/retriever.js';
import { createDenseRetriever, datasetKey } from '../../../pipelines/retrieval/dense-retriever.js';
import { acknowledgedPrefix, planIndexResume } from '../../../pipelines/retrieval/index-resume.js';
import { LanceDbVectorStore } from '../../../pipelines/retrieval/stores/lancedb-store.js';
import { useTempDirs } from '../../support/temp-dir.js';

const range = (start: number, end: number, datasetKey = 'k', target = 't'): StoredRange => ({ datasetKey, target, start, end });

describe('acknowledgedPrefix', () => {
  it('is the end of the contiguous ranges from 0 for this dataset and target', () => {
    expect(acknowledgedPrefix([], 'k', 't')).toBe(0);
    expect(acknowledgedPrefix([range(0, 8), range(8, 16), range(16, 20)], 'k', 't')).toBe(20);
    expect(acknowledgedPrefix([range(8, 16), range(0, 8)], 'k', 't')).toBe(16);
    // A gap: nothing after it counts.
    expect(acknowledgedPrefix([range(0, 8), range(16, 24)], 'k', 't')).toBe(8);
    expect(acknowledgedPrefix([range(8, 16)], 'k', 't')).toBe(0);
    // Other datasets (an edited corpus) and other targets (another index spec) are not this build.
    expect(acknowledgedPrefix([range(0, 8), range(8, 16, 'other'), range(8, 16, 'k', 'other')], 'k', 't')).toBe(8);
  });
});

describe('planIndexResume', () => {
  it('continues when the store holds exactly what the log acknowledged', () => {
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 24 })).toEqual({ action: 'continue', from: 24 });
  });
  it('reuses a complete store whatever the log says', () => {
    expect(planIndexResume({ total: 100, acknowledged: 96, held: 100 })).toEqual({ action: 'complete' });
    expect(planIndexResume({ total: 100, acknowledged: 0, held: 100 })).toEqual({ action: 'complete' });
  });
  it('starts fresh when nothing was stored, and rebuilds with the reason when store and log disagree', () => {
    expect(planIndexResume({ total: 100, acknowledged: 0, held: 0 })).toEqual({ action: 'rebuild' });
    expect(planIndexResume({ total: 0, acknowledged: 0, held: 0 })).toEqual({ action: 'rebuild' });
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 30 })).toEqual({ action: 'rebuild', reason: 'the store holds 30 vectors but the index log acknowledges 24' });
    expect(planIndexResume({ total: 100, acknowledged: 0, held: 30 })).toEqual({ action: 'rebuild', reason: 'the store holds 30 vectors but the index log acknowledges 0' });
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 16 })).toEqual({ action: 'rebuild', reason: 'the store holds 16 vectors but the index log acknowledges 24' });
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 0 })).toEqual({ action: 'rebuild', reason: 'the index log acknowledges 24 vectors but the store holds none' });
    expect(planIndexResume({ total: 10, acknowledged: 24, held: 5 })).toEqual({ action: 'rebuild', reason: 'the index log acknowledges 24 vectors but the corpus has 10 chunks' });
  });
  it('trims a half-stored batch (at most one add beyond the log) when the store can remove', () => {
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 30, batch: 8 })).toEqual({ action: 'trim', from: 24, to: 32 });
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 32, batch: 8 })).toEqual({ action: 'trim', from: 24, to: 32 });
    expect(planIndexResume({ total: 28, acknowledged: 24, held: 27, batch: 8 })).toEqual({ action: 'trim', from: 24, to: 28 });
    expect(planIndexResume({ total: 100, acknowledged: 0, held: 5, batch: 8 })).toEqual({ action: 'trim', from: 0, to: 8 });
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 33, batch: 8 })).toEqual({ action: 'rebuild', reason: 'the store holds 33 vectors but the index log acknowledges 24' });
    expect(planIndexResume({ total: 100, acknowledged: 24, held: 16, batch: 8 })).toEqual({ action: 'rebuild', reason: 'the store holds 16 vectors but the index log acknowledges 24' });
  });
});

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
    const n = Number(text.slice(5));
    return [1 + (n % 7), 1 + (n % 5), 1 + (n % 3), 1];
  }
}

const chunks: Chunk[] = Array.from({ length: 20 }, (_, i) => ({ id: `c${String(i).padStart(2, '0')}`, docId: `d${i}`, index: 0, start: 0, end: 7, text: `text ${i}` }));

describe('a dense retriever over LanceDB resumes from the acknowledged batches', () => {
  const tempDir = useTempDirs();

  /** Indexes with store batches of 4; stops (like Ctrl-C) before embedding batch number `stopAt`. */
  async function build(dir: string, options: { storedBefore?: StoredRange[]; stopAt?: number }) {
    const embeddings = new CountingEmbeddings();
    const store = new LanceDbVectorStore({ dir });
    const retriever = createDenseRetriever({ name: 'd', embeddings, store, batchSize: 2, storeBatchSize: 4, embedderId: 'test' });
    const stored: StoredRange[] = [];
    const warnings: string[] = [];
    let batches = 0;
    let error: unknown;
    try {
      await retriever.index(chunks, {
        beforeBatch: () => {
          if (++batches === options.stopAt) throw new Error('stopped');
        },
        onStored: (r) => stored.push(r),
        warn: (m) => warnings.push(m),
        ...(options.storedBefore ? { storedBefore: options.storedBefore } : {}),
      });
    } catch (e) {
      error = e;
    }
    return { embeddings, store, retriever, stored, warnings, error };
  }

  it('embeds and adds only the chunks after the log, and ranks like an uninterrupted build', async () => {
    const dir = tempDir();
    const key = datasetKey('test', chunks);
    const first = await build(dir, { stopAt: 6 }); // batches 1-5 embedded: 10 texts, 2 store adds of 4 (2 pending, lost)
    expect((first.error as Error).message).toBe('stopped');
    expect(first.embeddings.documents).toBe(10);
    const target = first.stored[0]!.target;
    expect(first.stored).toEqual([range(0, 4, key, target), range(4, 8, key, target)]);
    await first.store.close();

    const second = await build(dir, { storedBefore: first.stored });
    expect(second.error).toBeUndefined();
    expect(second.warnings).toEqual([]);
    expect(second.embeddings.documents).toBe(12);
    expect(second.stored).toEqual([range(8, 12, key, target), range(12, 16, key, target), range(16, 20, key, target)]);
    expect(second.retriever.reusedStoredVectors()).toBe(false);

    const clean = await build(tempDir(), {});
    expect(clean.embeddings.documents).toBe(20);
    for (const query of ['text 3', 'text 11', 'text 19']) {
      const resumed = (await second.retriever.retrieve(query, 20)).map((h) => [h.chunk.id, h.score]);
      expect(resumed).toHaveLength(20);
      expect(resumed).toEqual((await clean.retriever.retrieve(query, 20)).map((h) => [h.chunk.id, h.score]));
    }
    await second.store.close();
    await clean.store.close();

    // Run again on the complete table: nothing is embedded or added.
    const third = await build(dir, { storedBefore: [...first.stored, ...second.stored] });
    expect(third.embeddings.documents).toBe(0);
    expect(third.stored).toEqual([]);
    expect(third.retriever.reusedStoredVectors()).toBe(true);
    await third.store.close();
  });

  it('a batch the log never acknowledged is removed and the build continues; more than one batch is rebuilt', async () => {
    const dir = tempDir();
    const first = await build(dir, { stopAt: 6 });
    await first.store.close();
    const target = first.stored[0]!.target;
    // The log lost its last line (a crash between the insert and the log write): 8 stored, 4 acknowledged.
    const second = await build(dir, { storedBefore: first.stored.slice(0, 1) });
    expect(second.warnings).toEqual([
      `dense retriever "d": removed 4 vectors from ${target} that the index log never acknowledged (an interrupted insert); continuing after chunk 4`,
    ]);
    expect(second.embeddings.documents).toBe(16);
    expect(second.stored.map((r) => [r.start, r.end])).toEqual([[4, 8], [8, 12], [12, 16], [16, 20]]);
    expect((await second.retriever.retrieve('text 3', 30)).length).toBe(20);
    await second.store.close();

    const other = tempDir();
    const partial = await build(other, { stopAt: 6 });
    await partial.store.close();
    // A new run (no log) finds 8 vectors: two batches beyond what it acknowledged, so the table is rebuilt.
    const fresh = await build(other, {});
    expect(fresh.warnings).toEqual([`dense retriever "d": rebuilding the lancedb index ${target}: the store holds 8 vectors but the index log acknowledges 0`]);
    expect(fresh.embeddings.documents).toBe(20);
    expect(fresh.stored.map((r) => [r.start, r.end])).toEqual([[0, 4], [4, 8], [8, 12], [12, 16], [16, 20]]);
    expect((await fresh.retriever.retrieve('text 3', 30)).length).toBe(20);
    await fresh.store.close();
  });
});
