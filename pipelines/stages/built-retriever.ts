import type { RetrieverConfig } from '../config/schema.js';
import type { EmbeddingUsage } from '../embeddings/cached-embeddings.js';
import type { ModelFacts } from '../embeddings/registry.js';
import type { AnnRecall } from '../retrieval/ann-recall.js';
import type { Retriever } from '../../kernel/retriever.js';
import type { AnnIndexInfo } from '../../kernel/vector-store.js';

export interface ChunkingKey {
  size: number;
  overlap: number;
}

/** A configured retriever as the stages see it (built by pipelines/runner/build-retrievers.ts). */
/** What the stages need of a configuration: a YAML retriever's config, or a library plug-in's (type custom). */
export interface BuiltRetrieverConfig {
  name: string;
  type: RetrieverConfig['type'] | 'custom';
  k?: number;
  of?: string[];
}

export interface BuiltRetriever {
  config: BuiltRetrieverConfig;
  retriever: Retriever;
  chunking: ChunkingKey;
  description: string;
  /** Model ids this configuration depends on (provenance). */
  models: string[];
  /** Embedding throughput while indexing, when the retriever embeds. */
  embeddingStats?: () => { texts: number; seconds: number; modelLoadSeconds: number | null } | undefined;
  /** Hybrids fuse retrievers that are indexed once on their own; they are not re-indexed. */
  indexedByOthers: boolean;
  /** Dense retrievers: the registry name of the model and its facts (undefined when unknown). */
  embedder?: { model: string; facts: ModelFacts | undefined };
  /** Dense retrievers over an instrumented embedder: requests, tokens, cache hits and the cost. */
  embeddingCost?: () => EmbeddingCostSummary | null;
  /** Dense retrievers over an ANN index: the index and its recall@k against exact search. */
  ann?: () => (AnnIndexInfo & AnnRecall) | null;
}

export interface EmbeddingCostSummary extends EmbeddingUsage {
  model: string;
  /** USD; null when the model has no known price (self-hosted, or missing from the registry). */
  costUsd: number | null;
  costNote?: string;
}

export function chunkingId(chunking: ChunkingKey): string {
  return `${chunking.size}/${chunking.overlap}`;
}
