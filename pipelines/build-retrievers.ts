import type { Chunk } from '../corpora/types.js';
import type { RagEvalConfig, RetrieverConfig } from './config/schema.js';
import type { RunClients } from './clients.js';
import { createBm25Retriever } from './retrieval/bm25.js';
import { createDenseRetriever } from './retrieval/dense-retriever.js';
import { createHybridRetriever } from './retrieval/hybrid.js';
import { MemoryVectorStore } from './retrieval/memory-store.js';
import type { Retriever } from './retrieval/types.js';

export interface ChunkingKey {
  size: number;
  overlap: number;
}

export interface BuiltRetriever {
  config: RetrieverConfig;
  retriever: Retriever;
  chunking: ChunkingKey;
  description: string;
  /** Model ids this configuration depends on (provenance). */
  models: string[];
  /** Embedding throughput while indexing, when the retriever embeds. */
  embeddingStats?: () => { texts: number; seconds: number } | undefined;
  /** Hybrids fuse retrievers that are indexed once on their own; they are not re-indexed. */
  indexedByOthers: boolean;
}

export function chunkingOf(retriever: RetrieverConfig, config: RagEvalConfig, byName: Map<string, RetrieverConfig>): ChunkingKey {
  if (retriever.type === 'hybrid') {
    // A fused ranking only makes sense over one set of chunks: the first member's.
    const first = byName.get(retriever.of?.[0] ?? '');
    return first ? chunkingOf(first, config, byName) : config.chunking;
  }
  return retriever.chunking ?? config.chunking;
}

export function chunkingId(chunking: ChunkingKey): string {
  return `${chunking.size}/${chunking.overlap}`;
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
      throw new Error(`retriever "${retriever.name}": fused retrievers must share one chunking; "${mismatch.config.name}" differs`);
    }
    built.set(retriever.name, {
      config: retriever,
      retriever: createHybridRetriever({
        name: retriever.name,
        retrievers: members.map((m, i) => ({ retriever: m.retriever, weight: retriever.weights?.[i] ?? 1 })),
        rrfK: retriever.rrfK,
        candidateDepth: retriever.candidateDepth,
      }),
      chunking,
      description: `RRF(k=${retriever.rrfK}) of ${members.map((m) => m.config.name).join(' + ')}`,
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
  const store = { type: 'memory' as const, metric: 'cosine' as const, ...retriever.store };
  const dense = createDenseRetriever({
    name: retriever.name,
    embeddings: clients.embeddingsFor(embedder),
    store: new MemoryVectorStore({ metric: store.metric === 'ip' ? 'inner-product' : 'cosine' }),
    batchSize: embedder.batchSize,
  });
  const model = embedder.provider === 'use' ? 'universal-sentence-encoder (512-d, bundled)' : embedder.provider;
  return {
    config: retriever,
    retriever: dense,
    chunking,
    description: `dense ${model}, exact ${store.metric} search`,
    models: [model],
    embeddingStats: () => dense.stats(),
    indexedByOthers: false,
  };
}

export type { Chunk };
