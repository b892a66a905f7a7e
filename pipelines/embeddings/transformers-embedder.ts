/**
 * Local Hugging Face embedding models (E5, BGE, MiniLM, …) through @huggingface/transformers,
 * loaded from a folder on this machine. Remote loading is off unless the config allows it, and
 * a missing folder is an InputError that says where we looked and how to get the model — the
 * library's own error would only say that a file could not be fetched.
 * The library (and onnxruntime-node) is imported on first use, so runs that never use a local
 * model never load the native runtime.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { ConfigError, ExternalServiceError, InputError } from '../../kernel/errors.js';

export interface TransformersEmbedderOptions {
  /** Model id as a relative folder under `modelDir`, e.g. "Xenova/e5-small-v2". */
  model: string;
  /** The folder holding local models (transformers.js `env.localModelPath`). */
  modelDir: string;
  /** Let transformers.js download the model into its cache when the folder lacks it. Default false. */
  allowRemoteModels?: boolean;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  batchSize: number;
  /**
   * ONNX Runtime intra-op threads for this model's session (its `intraOpNumThreads`): the
   * operators of one batch are split across this many threads. Default: every core the
   * process may use (os.availableParallelism()).
   */
  threads?: number;
}

/**
 * The ONNX Runtime session options handed to transformers.js's `pipeline(…, { session_options })`:
 * transformers.js copies them into `InferenceSession.create` (src/models/session.js,
 * src/backends/onnx.js) and onnxruntime-node's binding reads `intraOpNumThreads`.
 */
export function sessionOptionsFor(options: Pick<TransformersEmbedderOptions, 'threads'>): { intraOpNumThreads: number } {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ConfigError(`embedder.threads must be a positive whole number of threads, got ${threads}`);
  }
  return { intraOpNumThreads: threads };
}

/** The files transformers.js reads for a feature-extraction model (fp32 weights). */
export const REQUIRED_MODEL_FILES = ['config.json', 'tokenizer.json', 'onnx/model.onnx'] as const;

/** Files missing from `folder` (an ONNX file under any name in onnx/ satisfies the weights). */
export function missingModelFiles(folder: string): string[] {
  if (!existsSync(folder)) return [...REQUIRED_MODEL_FILES];
  return REQUIRED_MODEL_FILES.filter((file) => {
    if (file === 'onnx/model.onnx') {
      const onnx = path.join(folder, 'onnx');
      return !(existsSync(onnx) && readdirSync(onnx).some((name) => name.endsWith('.onnx')));
    }
    return !existsSync(path.join(folder, file));
  });
}

/** The InputError for a model that is not on disk, with how to put it there. */
export function missingModelError(options: { model: string; modelDir: string; missing: readonly string[] }): InputError {
  const folder = path.resolve(options.modelDir, options.model);
  const repo = options.model.includes('/') ? options.model : `Xenova/${options.model}`;
  return new InputError(
    `local embedding model "${options.model}" not found: looked in ${folder} (missing ${options.missing.join(', ')}). ` +
      `Put an ONNX export of the model there, for example with ` +
      `\`huggingface-cli download ${repo} --local-dir ${folder}\` or \`git clone https://huggingface.co/${repo} ${folder}\` (git-lfs needed); ` +
      `the folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx. ` +
      `Set embedder.modelDir to use another folder, or embedder.allowRemoteModels: true to let transformers.js download it.`,
  );
}

type FeatureExtractor = (texts: string[], options: { pooling: 'mean' | 'cls'; normalize: boolean }) => Promise<{ tolist(): unknown }>;

export class TransformersEmbeddings implements EmbeddingsInterface {
  private extractor: Promise<FeatureExtractor> | undefined;

  /** The session options the model is loaded with (what reaches ONNX Runtime). */
  readonly sessionOptions: { intraOpNumThreads: number };

  constructor(private readonly options: TransformersEmbedderOptions) {
    this.sessionOptions = sessionOptionsFor(options);
    // Fail at construction (run start), not after other retrievers have spent minutes.
    if (!options.allowRemoteModels) {
      const missing = missingModelFiles(path.resolve(options.modelDir, options.model));
      if (missing.length) throw missingModelError({ model: options.model, modelDir: options.modelDir, missing });
    }
  }

  private load(): Promise<FeatureExtractor> {
    this.extractor ??= (async () => {
      const transformers = await import('@huggingface/transformers');
      transformers.env.localModelPath = path.resolve(this.options.modelDir) + path.sep;
      transformers.env.allowLocalModels = true;
      transformers.env.allowRemoteModels = this.options.allowRemoteModels ?? false;
      const extractor = await transformers.pipeline('feature-extraction', this.options.model, {
        dtype: 'fp32',
        session_options: { ...this.sessionOptions },
      });
      return extractor as unknown as FeatureExtractor;
    })().catch((error: unknown) => {
      this.extractor = undefined;
      throw new ExternalServiceError(
        `could not load local embedding model "${this.options.model}" from ${path.resolve(this.options.modelDir, this.options.model)}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
    return this.extractor;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (documents.length === 0) return [];
    const extractor = await this.load();
    const vectors: number[][] = [];
    for (let start = 0; start < documents.length; start += this.options.batchSize) {
      const output = await extractor(documents.slice(start, start + this.options.batchSize), { pooling: this.options.pooling, normalize: this.options.normalize });
      vectors.push(...(output.tolist() as number[][]));
    }
    return vectors;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    return vector!;
  }
}
