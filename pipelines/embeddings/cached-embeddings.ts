/**
 * Wraps any EmbeddingsInterface with the model's query/document prefixes (E5: "query: " /
 * "passage: ") and the persistent cache. Texts already in the cache cost no request; the rest
 * (deduplicated) go to the inner embedder in one embedDocuments call, which batches them.
 * Vectors are returned in float32 precision on the first run too, so a re-run served from the
 * cache yields identical numbers.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { ExternalServiceError } from '../../kernel/errors.js';
import { embeddingCacheKey, type EmbeddingCache } from './cache.js';
import { batchesQueriesExactly, modelLoadSecondsOf, type ReportsModelLoad } from './embed-batches.js';

export interface EmbedderIdentity {
  /** Stable model id, e.g. "openai:text-embedding-3-small" or "transformers:intfloat/e5-small-v2". */
  modelId: string;
  dimensions: number | null;
  queryPrefix: string;
  documentPrefix: string;
  /** API embedders: the whole endpoint URL without credentials, so two endpoints on one host never share vectors. */
  endpoint?: string;
}

export interface CacheCounts {
  hits: number;
  misses: number;
}

/** Requests and billed tokens of an API embedder (null for local models). */
export interface RequestCounts {
  requests: number;
  inputTokens: number;
}

/** What reports need to know about an embedder: which model, and what it cost. */
export interface EmbeddingUsage {
  modelId: string;
  requests: number;
  inputTokens: number;
  cacheHits: number;
  cacheMisses: number;
}

export function isCachedEmbeddings(value: unknown): value is CachedEmbeddings {
  return value instanceof CachedEmbeddings;
}

export class CachedEmbeddings implements EmbeddingsInterface, ReportsModelLoad {
  private readonly counts: CacheCounts = { hits: 0, misses: 0 };

  constructor(
    private readonly inner: EmbeddingsInterface,
    readonly identity: EmbedderIdentity,
    private readonly cache?: EmbeddingCache,
    private readonly requestCounts?: () => RequestCounts,
  ) {}

  usage(): EmbeddingUsage {
    const { requests, inputTokens } = this.requestCounts?.() ?? { requests: 0, inputTokens: 0 };
    return { modelId: this.identity.modelId, requests, inputTokens, cacheHits: this.counts.hits, cacheMisses: this.counts.misses };
  }

  /** The inner embedder's model load time (null until it loads; a fully cached run never does). */
  modelLoadSeconds(): number | null {
    return modelLoadSecondsOf(this.inner);
  }

  /** A string naming model, dimensions and prefixes: what a persistent store's key depends on. */
  get id(): string {
    const { modelId, dimensions, queryPrefix, documentPrefix, endpoint } = this.identity;
    return JSON.stringify(endpoint === undefined ? [modelId, dimensions, queryPrefix, documentPrefix] : [modelId, dimensions, queryPrefix, documentPrefix, endpoint]);
  }

  cacheCounts(): CacheCounts {
    return { ...this.counts };
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedWithPrefix(documents, this.identity.documentPrefix, (texts) => this.inner.embedDocuments(texts));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedWithPrefix([document], this.identity.queryPrefix, async ([text]) => [await this.inner.embedQuery(text!)]);
    return vector!;
  }

  /**
   * Many queries (query prefix, cache). Models that embed a query exactly as a one-text batch get
   * the misses in one embedDocuments call (API: requests of batchSize texts); others one by one.
   */
  async embedQueries(queries: readonly string[]): Promise<number[][]> {
    return this.embedWithPrefix(queries, this.identity.queryPrefix, async (texts) => {
      if (batchesQueriesExactly(this.inner)) return this.inner.embedDocuments(texts);
      const vectors: number[][] = [];
      for (const text of texts) vectors.push(await this.inner.embedQuery(text));
      return vectors;
    });
  }

  private async embedWithPrefix(texts: readonly string[], prefix: string, embed: (texts: string[]) => Promise<number[][]>): Promise<number[][]> {
    if (texts.length === 0) return [];
    const prefixed = texts.map((text) => prefix + text);
    const keys = texts.map((text) =>
      embeddingCacheKey({
        modelId: this.identity.modelId,
        dimensions: this.identity.dimensions,
        prefix,
        text,
        ...(this.identity.endpoint !== undefined ? { endpoint: this.identity.endpoint } : {}),
      }),
    );
    const found = this.cache?.getMany(keys) ?? new Map<string, number[]>();
    const missing = new Map<string, string>();
    keys.forEach((key, i) => {
      if (!found.has(key) && !missing.has(key)) missing.set(key, prefixed[i]!);
    });
    const misses = keys.filter((key) => !found.has(key)).length;
    this.counts.hits += keys.length - misses;
    this.counts.misses += misses;
    if (missing.size > 0) {
      const missKeys = [...missing.keys()];
      const vectors = await embed([...missing.values()]);
      if (vectors.length !== missKeys.length) {
        throw new ExternalServiceError(`${this.identity.modelId}: embedder returned ${vectors.length} vectors for ${missKeys.length} texts`);
      }
      const entries = missKeys.map((key, i) => ({ key, modelId: this.identity.modelId, vector: vectors[i]!.map((v) => Math.fround(v)) }));
      for (const entry of entries) found.set(entry.key, entry.vector);
      this.cache?.setMany(entries);
    }
    return keys.map((key) => found.get(key)!);
  }
}
