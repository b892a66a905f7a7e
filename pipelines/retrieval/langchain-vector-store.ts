/**
 * Evaluate any LangChain vector store (with the embeddings it was built with) as a retriever.
 * index() adds every chunk as a Document whose metadata carries `chunkId`, `docId`, `start` and
 * `end`; retrieve() asks `similaritySearchWithScore(query, k)` and maps the Documents back to
 * chunks by `metadata.chunkId`. LangChain stores report similarities or distances depending on
 * the store, so hits are scored by rank (n, n−1, …, 1), which keeps the store's own order.
 */
import { Document } from '@langchain/core/documents';
import type { VectorStoreInterface } from '@langchain/core/vectorstores';
import type { Chunk } from '../../kernel/corpus.js';
import { InputError } from '../../kernel/errors.js';
import type { RetrievedChunk, Retriever } from '../../kernel/retriever.js';

export interface LangChainVectorStoreOptions {
  name: string;
  store: VectorStoreInterface;
  /** Documents per addDocuments call. Default 256. */
  batchSize?: number;
}

export function fromLangChainVectorStore(options: LangChainVectorStoreOptions): Retriever {
  const byId = new Map<string, Chunk>();
  const batchSize = options.batchSize ?? 256;
  return {
    name: options.name,
    async index(chunks) {
      byId.clear();
      for (const chunk of chunks) byId.set(chunk.id, chunk);
      for (let start = 0; start < chunks.length; start += batchSize) {
        const batch = chunks.slice(start, start + batchSize);
        const documents = batch.map(
          (chunk) => new Document({ pageContent: chunk.text, metadata: { chunkId: chunk.id, docId: chunk.docId, start: chunk.start, end: chunk.end } }),
        );
        await options.store.addDocuments(documents, { ids: batch.map((chunk) => chunk.id) });
      }
    },
    async retrieve(query, k) {
      if (k <= 0) return [];
      const found = await options.store.similaritySearchWithScore(query, k);
      const ranked: Chunk[] = [];
      for (const [document] of found) {
        const chunkId: unknown = document.metadata['chunkId'];
        const chunk = typeof chunkId === 'string' ? byId.get(chunkId) : undefined;
        if (!chunk) {
          throw new InputError(
            `LangChain vector store "${options.name}" returned a document without a known metadata.chunkId (${JSON.stringify(chunkId)}); ` +
              'evaluate a store that rag-eval indexed itself, or keep the metadata of the Documents it added',
          );
        }
        if (!ranked.includes(chunk)) ranked.push(chunk);
      }
      const hits: RetrievedChunk[] = ranked.map((chunk, position) => ({ chunk, score: ranked.length - position }));
      return hits.slice(0, k);
    },
  };
}
