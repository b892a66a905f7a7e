/** The `embedder` section of a dense retriever (and of `judges`): the embeddings adapter owns its config slice. */
import { z } from 'zod';

const positiveInt = z.number().int().positive();
/** More ONNX Runtime threads than this is a typo, not a machine. */
const MAX_THREADS = 1024;
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const EmbedderConfig = z
  .object({
    /**
     * `use`: the embedded Universal Sentence Encoder (no download, no key); `openai`: OpenAI or any
     * OpenAI-compatible server by `baseURL` (TEI, vLLM, Ollama, LocalAI); `transformers`: a local
     * Hugging Face model folder. See pipelines/embeddings/.
     */
    provider: z.enum(['use', 'openai', 'transformers']).default('use'),
    batchSize: positiveInt.default(64),
    /** openai: e.g. text-embedding-3-small; transformers: a folder under modelDir, e.g. Xenova/e5-small-v2. */
    model: z.string().min(1).optional(),
    /** openai text-embedding-3-*: shortened output size. */
    dimensions: positiveInt.optional(),
    /** openai: endpoint; RAG_EVAL_EMBEDDINGS_BASE_URL overrides it. */
    baseURL: z.url().optional(),
    apiKeyEnv: envName.default('OPENAI_API_KEY'),
    /** Override the registry's prefixes (E5: "query: " / "passage: "). */
    queryPrefix: z.string().optional(),
    documentPrefix: z.string().optional(),
    concurrency: positiveInt.default(4),
    maxRetries: z.number().int().nonnegative().default(5),
    timeoutMs: positiveInt.default(60_000),
    /** use: worker threads embedding documents (one model copy each); default the machine's cores, at most 8. */
    workers: z.number().int().nonnegative().optional(),
    /**
     * transformers: ONNX Runtime intra-op threads (the session's intraOpNumThreads) for this model;
     * default every core the process may use (os.availableParallelism()). 1 = single-threaded.
     */
    threads: z.number().int().min(1).max(MAX_THREADS).optional(),
    /** Persistent embedding cache (API and local models alike); default on. `false` recomputes every run. */
    cache: z.boolean().optional(),
    /** Relative to the config file. Default .rag-eval/embeddings.sqlite. */
    cachePath: z.string().min(1).optional(),
    /** transformers: the folder holding local models, relative to the config file. */
    modelDir: z.string().min(1).default('models'),
    allowRemoteModels: z.boolean().default(false),
    pooling: z.enum(['mean', 'cls']).default('mean'),
    normalize: z.boolean().default(true),
  })
  .strict()
  .refine((c) => c.provider === 'use' || c.model !== undefined, { message: 'model is required for provider openai or transformers', path: ['model'] })
  .superRefine((embedder, context) => {
    for (const [key, provider] of PROVIDER_ONLY_KEYS) {
      if (embedder[key] !== undefined && embedder.provider !== provider) {
        context.addIssue({ code: 'custom', path: [key], message: `applies to provider ${provider} only, not ${embedder.provider}` });
      }
    }
  });

/** Options without a default that only one provider reads (defaulted ones cannot be told from absent). */
const PROVIDER_ONLY_KEYS = [
  ['dimensions', 'openai'],
  ['baseURL', 'openai'],
  ['workers', 'use'],
  ['threads', 'transformers'],
] as const;

export type EmbedderConfig = z.infer<typeof EmbedderConfig>;
