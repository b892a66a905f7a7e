import { describe, expect, it } from 'vitest';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../../../kernel/corpus.js';
import { createStreamProgress } from '../../../pipelines/progress/progress.js';
import { createDenseRetriever } from '../../../pipelines/retrieval/dense-retriever.js';
import type { BuiltRetriever } from '../../../pipelines/stages/built-retriever.js';
import { indexRetriever } from '../../../pipelines/stages/index-retriever.js';

/** Each embedDocuments call moves a fake clock by 1 s, so the ETA is known exactly. */
function clockedEmbeddings(clock: { now: number }): EmbeddingsInterface {
  return {
    embedDocuments: async (texts) => {
      clock.now += 1000;
      return texts.map((text) => [text.length, 1]);
    },
    embedQuery: async (text) => [text.length, 1],
  };
}

describe('indexing progress', () => {
  it('a dense index moves the progress line batch by batch, with an ETA', async () => {
    const clock = { now: 0 };
    const writes: string[] = [];
    const progress = createStreamProgress({ stream: { isTTY: false, write: (text) => writes.push(text) }, intervalMs: 1000, now: () => clock.now });
    const chunks: Chunk[] = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, docId: 'd', index: i, start: 0, end: 1, text: 'x'.repeat(i + 1) }));
    const retriever = createDenseRetriever({ name: 'dense', embeddings: clockedEmbeddings(clock), batchSize: 4 });
    const built = { config: { name: 'dense' }, retriever } as unknown as BuiltRetriever;
    await indexRetriever(built, chunks, progress);
    // Batches of 4, 4, 2, one second each: lines after the first two, then the final count.
    expect(writes).toEqual(['indexing dense: 4/10, ETA 2s\n', 'indexing dense: 8/10, ETA 1s\n', 'indexing dense: 10/10 in 3.0s\n']);
  });

  it('a retriever that reports nothing still ends at the full count', async () => {
    const writes: string[] = [];
    const progress = createStreamProgress({ stream: { isTTY: false, write: (text) => writes.push(text) }, now: () => 0 });
    const built = { config: { name: 'quiet' }, retriever: { name: 'quiet', index: async () => {}, retrieve: async () => [] } } as unknown as BuiltRetriever;
    await indexRetriever(built, [{ id: 'a', docId: 'd', index: 0, start: 0, end: 1, text: 'a' }], progress);
    expect(writes).toEqual(['indexing quiet: 1/1 in 0.0s\n']);
  });
});
