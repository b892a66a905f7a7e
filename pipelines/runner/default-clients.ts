import type { RunClients } from '../stages/run-clients.js';
import { EmbedderConfig, StoreConfig } from '../config/schema.js';
import { openEmbeddingCache, type EmbeddingCache } from '../embeddings/cache.js';
import { createEmbedder } from '../embeddings/create-embedder.js';
import { createVectorStore } from '../retrieval/stores/create-store.js';
import { UniversalSentenceEncoderEmbeddings } from '../embeddings/use-embedder.js';
import { isPersistentVectorStore, type VectorStore } from '../../kernel/vector-store.js';
import type { SentRequestJournal } from '../llm/client.js';

export interface DefaultClientOptions {
  /** The config file's folder: relative cache, model and LanceDB paths resolve against it. Default: cwd. */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
  /** Backoff base for API retries (tests shrink it). */
  retryBaseMs?: number;
}

/**
 * The clients the CLI uses: the bundled sentence encoder (shared, loaded once), OpenAI and
 * OpenAI-compatible servers, local transformers.js models, the embedding cache (one SQLite
 * file per path), and memory / LanceDB / Milvus stores.
 */
export function defaultClients(options: DefaultClientOptions = {}): RunClients {
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  let use: UniversalSentenceEncoderEmbeddings | undefined;
  const caches = new Map<string, EmbeddingCache>();
  const stores: VectorStore[] = [];
  let journal: SentRequestJournal | undefined;
  return {
    attachJournal(next) {
      journal = next;
    },
    embeddingsFor(input) {
      const config = EmbedderConfig.parse(input);
      return createEmbedder(config, {
        baseDir,
        env,
        cacheAt(file) {
          let cache = caches.get(file);
          if (!cache) caches.set(file, (cache = openEmbeddingCache(file, options.warn)));
          return cache;
        },
        use(batchSize, workers) {
          use ??= new UniversalSentenceEncoderEmbeddings({ batchSize, ...(workers !== undefined ? { workers } : {}) });
          return use;
        },
        ...(options.warn ? { warn: options.warn } : {}),
        ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
        journal: () => journal,
      });
    },
    vectorStoreFor(config) {
      const store = createVectorStore(StoreConfig.parse(config), { baseDir, env });
      stores.push(store);
      return store;
    },
    async checkConnections() {
      for (const store of stores) if (isPersistentVectorStore(store) && store.checkReachable) await store.checkReachable();
    },
    async close() {
      for (const store of stores.splice(0)) if (isPersistentVectorStore(store)) await store.close();
      for (const cache of caches.values()) cache.close();
      caches.clear();
      await use?.close();
    },
  };
}
