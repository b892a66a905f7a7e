/**
 * Dense retrieval: chunk texts are embedded with any LangChain EmbeddingsInterface and put
 * in a VectorStore (exact in-memory by default); a query is embedded with embedQuery and
 * searched. Indexing records embedding throughput, exposed through stats().
 */
import type { Chunk } from '../../corpora/types.js';
import { InputError } from '../errors.js';
import { checkBatchSize, embedInBatches, ThroughputMeter, type EmbeddingsInterface, type EmbeddingThroughput } from './embedder.js';
import { MemoryVectorStore } from './memory-store.js';
import { compareHits, type RetrievedChunk, type Retriever } from './types.js';
import type { VectorStore } from './vector-store.js';

export interface DenseRetrieverOptions {
  name: string;
  embeddings: EmbeddingsInterface;
  /** Where vectors go; a fresh exact cosine MemoryVectorStore when omitted. Must start empty. */
  store?: VectorStore;
  /** Texts per embedDocuments call. Default 64. */
  batchSize?: number;
}

export interface DenseRetriever extends Retriever {
  /** Embedding throughput of index() calls so far. */
  stats(): EmbeddingThroughput;
}

export function createDenseRetriever(options: DenseRetrieverOptions): DenseRetriever {
  const batchSize = checkBatchSize(options.batchSize ?? 64, `dense retriever "${options.name}" option "batchSize"`);
  const store = options.store ?? new MemoryVectorStore();
  const meter = new ThroughputMeter();
  const chunksById = new Map<string, Chunk>();

  return {
    name: options.name,
    async index(chunks) {
      const incoming = new Set<string>();
      for (const chunk of chunks) {
        if (chunksById.has(chunk.id) || incoming.has(chunk.id)) {
          throw new InputError(`dense retriever "${options.name}": chunk id "${chunk.id}" was indexed twice`);
        }
        incoming.add(chunk.id);
      }
      const started = performance.now();
      const vectors = await embedInBatches(options.embeddings, chunks.map((chunk) => chunk.text), batchSize);
      meter.record(chunks.length, (performance.now() - started) / 1000);
      await store.add(chunks.map((chunk) => chunk.id), vectors);
      // Registered only once stored, so a failed index() leaves no half-indexed chunks behind.
      for (const chunk of chunks) chunksById.set(chunk.id, chunk);
    },
    async retrieve(query, k) {
      const limit = Math.min(Math.max(Math.floor(k), 0), chunksById.size);
      if (limit === 0) return [];
      const vector = await options.embeddings.embedQuery(query);
      const hits = await store.search(vector, limit);
      const results: RetrievedChunk[] = hits.map((hit) => {
        const chunk = chunksById.get(hit.id);
        if (!chunk) {
          throw new InputError(`dense retriever "${options.name}": the vector store returned id "${hit.id}", which was never indexed`);
        }
        return { chunk, score: hit.score };
      });
      // Stores promise this order; sorting again makes a store that does not keep it harmless.
      return results.sort(compareHits);
    },
    stats: () => meter.snapshot(),
  };
}
