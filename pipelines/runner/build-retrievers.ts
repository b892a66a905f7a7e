import type { Chunk } from '../../kernel/corpus.js';
import type { RagEvalConfig, RetrieverConfig } from '../config/schema.js';
import type { RunClients } from '../stages/run-clients.js';
import { chunkingId, type BuiltRetriever, type ChunkingKey } from '../stages/built-retriever.js';
import { createBm25Retriever } from '../retrieval/bm25.js';
import { createDenseRetriever } from '../retrieval/dense-retriever.js';
import { createHybridRetriever, DEFAULT_RRF_K } from '../retrieval/hybrid.js';
import { isCachedEmbeddings } from '../embeddings/cached-embeddings.js';
import { modelNameOf } from '../embeddings/create-embedder.js';
import { embeddingCost, modelFacts } from '../embeddings/registry.js';
import { ConfigError } from '../../kernel/errors.js';
import { describeStore, metricOf } from '../retrieval/stores/create-store.js';
import { MemoryVectorStore } from '../retrieval/stores/memory-store.js';
import { isPersistentVectorStore } from '../../kernel/vector-store.js';

export function chunkingOf(retriever: RetrieverConfig, config: RagEvalConfig, byName: Map<string, RetrieverConfig>): ChunkingKey {
  if (retriever.type === 'hybrid') {
    // A fused ranking only makes sense over one set of chunks: the first member's.
    const first = byName.get(retriever.of?.[0] ?? '');
    return first ? chunkingOf(first, config, byName) : config.chunking;
  }
  return retriever.chunking ?? config.chunking;
}


/** Builds every configured retriever; hybrids reuse the instances they fuse. */
export function buildRetrievers(config: RagEvalConfig, clients: RunClients): BuiltRetriever[] {
  const byName = new Map(config.retrievers.map((r) => [r.name, r]));
  const built = new Map<string, BuiltRetriever>();
  for (const retriever of config.retrievers.filter((r) => r.type !== 'hybrid')) {
    built.set(retriever.name, buildSingle(retriever, config, byName, clients));
  }
  for (const retriever of config.retrievers.filter((r) => r.type === 'hybrid')) {
    const members = (retriever.of ?? []).map((name) => built.get(name)!);
    const chunking = chunkingOf(retriever, config, byName);
    const mismatch = members.find((m) => chunkingId(m.chunking) !== chunkingId(chunking));
    if (mismatch) {
      // parseConfig reports this with the option path; library callers that skip it get the same typed error.
      throw new ConfigError(`retriever "${retriever.name}": fused retrievers must share one chunking; "${mismatch.config.name}" differs`);
    }
    built.set(retriever.name, {
      config: retriever,
      retriever: createHybridRetriever({
        name: retriever.name,
        retrievers: members.map((m, i) => ({ retriever: m.retriever, weight: retriever.weights?.[i] ?? 1 })),
        rrfK: retriever.rrfK ?? DEFAULT_RRF_K,
        candidateDepth: retriever.candidateDepth,
      }),
      chunking,
      description: `RRF(k=${retriever.rrfK ?? DEFAULT_RRF_K}) of ${members.map((m) => m.config.name).join(' + ')}`,
      models: [...new Set(members.flatMap((m) => m.models))],
      indexedByOthers: true,
    });
  }
  return config.retrievers.map((r) => built.get(r.name)!);
}

function buildSingle(retriever: RetrieverConfig, config: RagEvalConfig, byName: Map<string, RetrieverConfig>, clients: RunClients): BuiltRetriever {
  const chunking = chunkingOf(retriever, config, byName);
  if (retriever.type === 'bm25') {
    const bm25 = { k1: 1.2, b: 0.75, stemming: true, stopWords: true, ...retriever.bm25 };
    return {
      config: retriever,
      retriever: createBm25Retriever({ name: retriever.name, k1: bm25.k1, b: bm25.b, tokenizer: { stem: bm25.stemming, stopWords: bm25.stopWords } }),
      chunking,
      description: `BM25 k1=${bm25.k1} b=${bm25.b}${bm25.stemming ? ', stemmed' : ''}`,
      models: [],
      indexedByOthers: false,
    };
  }
  const embedder = { provider: 'use' as const, batchSize: 64, ...retriever.embedder };
  const store = { type: 'memory' as const, metric: 'cosine' as const, tokenEnv: 'MILVUS_TOKEN', timeoutMs: 30_000, connectTimeoutMs: 5_000, collectionPrefix: 'rag_eval', ...retriever.store };
  const model = modelNameOf(embedder);
  const facts = modelFacts(model, config.embeddingModels);
  // Prefixes: the config's, else the registry's for this model (E5: "query: " / "passage: ").
  const embeddings = clients.embeddingsFor({
    ...embedder,
    queryPrefix: embedder.queryPrefix ?? facts?.queryPrefix ?? '',
    documentPrefix: embedder.documentPrefix ?? facts?.documentPrefix ?? '',
  });
  if (store.type !== 'memory' && !clients.vectorStoreFor) {
    throw new ConfigError(`retriever "${retriever.name}": store.type ${store.type} needs clients that can build it (defaultClients() can)`);
  }
  const vectorStore = store.type === 'memory' ? new MemoryVectorStore({ metric: metricOf(store) }) : clients.vectorStoreFor!(store);
  const dense = createDenseRetriever({
    name: retriever.name,
    embeddings,
    store: vectorStore,
    batchSize: embedder.batchSize,
    ...(store.batchSize !== undefined ? { storeBatchSize: store.batchSize } : {}),
    ...(isCachedEmbeddings(embeddings) ? { embedderId: embeddings.id } : {}),
  });
  const dims = embedder.dimensions ?? facts?.dimensions;
  const label = `${model}${dims ? ` (${dims}-d${embedder.provider === 'use' ? ', bundled' : ''})` : ''}`;
  const ann = isPersistentVectorStore(vectorStore) ? vectorStore.ann : null;
  return {
    config: retriever,
    retriever: dense,
    chunking,
    description: `dense ${label}, ${describeStore(store)}`,
    models: [label],
    embeddingStats: () => dense.stats(),
    indexedByOthers: false,
    embedder: { model, facts },
    embeddingCost: () => {
      if (!isCachedEmbeddings(embeddings)) return null;
      const usage = embeddings.usage();
      const costUsd = facts?.hosting === 'api' ? embeddingCost(usage.inputTokens, facts) : facts ? 0 : null;
      return {
        ...usage,
        model,
        costUsd,
        ...(costUsd === null
          ? { costNote: `no price known for embedding model "${model}"; add it under embeddingModels in the config` }
          : facts?.hosting !== 'api'
            ? { costNote: 'runs locally: no per-token price (hardware time not counted)' }
            : {}),
      };
    },
    ann: () => {
      const recall = dense.annRecall();
      return ann && recall ? { ...ann, ...recall } : null;
    },
  };
}

export type { Chunk };
