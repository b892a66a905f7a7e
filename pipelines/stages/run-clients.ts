import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { z } from 'zod';
import type { EmbedderConfig } from '../embeddings/config.js';
import type { StoreConfig } from '../retrieval/stores/config.js';
import type { VectorStore } from '../../kernel/vector-store.js';
import type { SentRequestJournal } from '../llm/client.js';

/**
 * The external clients a run uses, passed in rather than built inside stages, so tests and
 * library users can supply their own (a LangChain embeddings class, a test server client).
 */
export interface RunClients {
  /** The embedder for one config section; defaults not given are filled from the schema. */
  embeddingsFor(config: z.input<typeof EmbedderConfig>): EmbeddingsInterface;
  /** The vector store for one retriever configuration; without it only `memory` stores can be built. */
  vectorStoreFor?(config: StoreConfig): VectorStore;
  /** Closes caches and database connections opened by this object. */
  close?(): Promise<void>;
  /** Connects every remote store created so far (called once, right after the retrievers are built). */
  checkConnections?(): Promise<void>;
  /** The run's journal of sent requests, once the run directory exists: API embedders record each request in it. */
  attachJournal?(journal: SentRequestJournal): void;
}
