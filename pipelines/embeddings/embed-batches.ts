/**
 * Embedding helpers coded against LangChain's narrow EmbeddingsInterface
 * (embedDocuments / embedQuery), so any LangChain embeddings class can be evaluated.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { ConfigError, ExternalServiceError } from '../../kernel/errors.js';

export type { EmbeddingsInterface };

export interface EmbeddingThroughput {
  texts: number;
  seconds: number;
  /** texts / seconds; null before anything was embedded. */
  textsPerSecond: number | null;
}

export function checkBatchSize(batchSize: number, option: string): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`${option} must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

/**
 * Embeds `texts` in batches of `batchSize` through embedDocuments, checking that every batch
 * returns one vector per text of one common dimension (a broken server must not misalign ids).
 */
export async function embedInBatches(
  embeddings: EmbeddingsInterface,
  texts: readonly string[],
  batchSize: number,
  /** Called before each batch; may throw to stop (a run's stop signal). */
  beforeBatch?: () => void,
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    if (beforeBatch) {
      // Local embedders can keep the event loop busy between batches; yield so a Ctrl-C is seen.
      await new Promise((resolve) => setImmediate(resolve));
      beforeBatch();
    }
    const batch = texts.slice(start, start + batchSize);
    const result = await embeddings.embedDocuments(batch);
    if (result.length !== batch.length) {
      throw new ExternalServiceError(
        `embedDocuments returned ${result.length} vectors for ${batch.length} texts (batch starting at text ${start})`,
      );
    }
    for (const vector of result) {
      const expected = vectors[0]?.length ?? vector.length;
      if (vector.length !== expected || expected === 0) {
        throw new ExternalServiceError(`embedDocuments returned a ${vector.length}-d vector, expected ${expected || 'non-empty'}`);
      }
      vectors.push(vector);
    }
  }
  return vectors;
}

/**
 * Marks an embeddings class whose embedQuery(q) equals embedDocuments([q])[0] bit for bit (same
 * request, same model call), so many queries may go in one batch without changing any vector.
 */
export interface ExactQueryBatching {
  readonly queryBatchIsExact: true;
}

export function batchesQueriesExactly(embeddings: object): embeddings is ExactQueryBatching {
  return (embeddings as Partial<ExactQueryBatching>).queryBatchIsExact === true;
}

/** Something that can embed many queries at once (CachedEmbeddings). */
interface QueryBatcher {
  embedQueries(queries: readonly string[]): Promise<number[][]>;
}

/** Embeds many queries: batched when the embedder can, else one embedQuery after another. */
export async function embedQueries(embeddings: EmbeddingsInterface, queries: readonly string[]): Promise<number[][]> {
  const batcher = embeddings as Partial<QueryBatcher>;
  if (typeof batcher.embedQueries === 'function') return batcher.embedQueries(queries);
  const vectors: number[][] = [];
  for (const query of queries) vectors.push(await embeddings.embedQuery(query));
  return vectors;
}

/** Accumulates embedding time; throughput is texts per second of embedding wall time. */
export class ThroughputMeter {
  private texts = 0;
  private seconds = 0;

  record(texts: number, seconds: number): void {
    this.texts += texts;
    this.seconds += seconds;
  }

  snapshot(): EmbeddingThroughput {
    return {
      texts: this.texts,
      seconds: this.seconds,
      textsPerSecond: this.texts === 0 || this.seconds === 0 ? null : this.texts / this.seconds,
    };
  }
}
