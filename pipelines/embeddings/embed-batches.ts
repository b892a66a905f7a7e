/**
 * Embedding helpers coded against LangChain's narrow EmbeddingsInterface
 * (embedDocuments / embedQuery), so any LangChain embeddings class can be evaluated.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { ConfigError, ExternalServiceError } from '../../kernel/errors.js';

export type { EmbeddingsInterface };

export interface EmbeddingThroughput {
  texts: number;
  /** Embedding wall time, model loading excluded. */
  seconds: number;
  /** texts / seconds; null before anything was embedded. */
  textsPerSecond: number | null;
  /** Seconds spent loading the model (or client library) during these calls; null when none loaded. */
  modelLoadSeconds: number | null;
}

/** Embedders that load a model on first use say how long that took (null until loaded). */
export interface ReportsModelLoad {
  modelLoadSeconds(): number | null;
}

export function modelLoadSecondsOf(embeddings: EmbeddingsInterface): number | null {
  const candidate = embeddings as Partial<ReportsModelLoad>;
  return typeof candidate.modelLoadSeconds === 'function' ? candidate.modelLoadSeconds() : null;
}

export function checkBatchSize(batchSize: number, option: string): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`${option} must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

/** One batch of embedded texts: rows of one Float32Array, texts [start, start + rows.length). */
export interface EmbeddedBatch {
  start: number;
  rows: Float32Array[];
  /** Seconds spent in embedDocuments for this batch, a model load during it excluded. */
  seconds: number;
  /** Seconds of model loading that happened during this batch (the first call), else 0. */
  loadSeconds: number;
}

/**
 * Embeds `texts` batch by batch, yielding each batch as float32 rows (views of one buffer per
 * batch) as soon as it is ready, so a caller can store it and let it go: memory holds one
 * batch of JavaScript number arrays at a time, never the whole corpus. Every batch must
 * return one vector per text, all of one non-zero dimension (a broken server must not
 * misalign ids).
 */
export async function* embedBatches(
  embeddings: EmbeddingsInterface,
  texts: readonly string[],
  batchSize: number,
  /** Called before each batch; may throw to stop (a run's stop signal). */
  beforeBatch?: () => void,
): AsyncGenerator<EmbeddedBatch> {
  let dimension: number | undefined;
  for (let start = 0; start < texts.length; start += batchSize) {
    if (beforeBatch) {
      // Local embedders can keep the event loop busy between batches; yield so a Ctrl-C is seen.
      await new Promise((resolve) => setImmediate(resolve));
      beforeBatch();
    }
    const batch = texts.slice(start, start + batchSize);
    const loadedBefore = modelLoadSecondsOf(embeddings);
    const started = performance.now();
    const result = await embeddings.embedDocuments(batch);
    const loadedAfter = modelLoadSecondsOf(embeddings);
    const loadSeconds = loadedBefore === null && loadedAfter !== null ? loadedAfter : 0;
    const seconds = Math.max(0, (performance.now() - started) / 1000 - loadSeconds);
    if (result.length !== batch.length) {
      throw new ExternalServiceError(
        `embedDocuments returned ${result.length} vectors for ${batch.length} texts (batch starting at text ${start})`,
      );
    }
    dimension ??= result[0]!.length;
    const flat = new Float32Array(batch.length * dimension);
    const rows = result.map((vector, i) => {
      if (vector.length !== dimension || dimension === 0) {
        throw new ExternalServiceError(`embedDocuments returned a ${vector.length}-d vector, expected ${dimension || 'non-empty'}`);
      }
      const row = flat.subarray(i * dimension, (i + 1) * dimension);
      row.set(vector);
      return row;
    });
    yield { start, rows, seconds, loadSeconds };
  }
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
  private loadSeconds: number | null = null;

  record(texts: number, seconds: number, loadSeconds = 0): void {
    this.texts += texts;
    this.seconds += seconds;
    if (loadSeconds > 0) this.loadSeconds = (this.loadSeconds ?? 0) + loadSeconds;
  }

  snapshot(): EmbeddingThroughput {
    return {
      texts: this.texts,
      seconds: this.seconds,
      textsPerSecond: this.texts === 0 || this.seconds === 0 ? null : this.texts / this.seconds,
      modelLoadSeconds: this.loadSeconds,
    };
  }
}
