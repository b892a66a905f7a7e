import { z } from 'zod';
import { Gates, HistoryConfig } from '../../reports/gates-schema.js';
import { LlmGenerateConfig } from '../../synthetic-data/llm/config.js';
import { LlmConfig } from '../llm/config.js';
import { EmbeddingModelsConfig } from '../embeddings/registry.js';

export { IrMetricId, JudgeMetricId, MetricId } from '../../kernel/metric-ids.js';
import { MetricId } from '../../kernel/metric-ids.js';

const positiveInt = z.number().int().positive();

export const ChunkingConfig = z
  .object({
    size: positiveInt.default(800),
    overlap: z.number().int().nonnegative().default(100),
  })
  .strict()
  .refine((c) => c.overlap < c.size, { message: 'overlap must be smaller than size', path: ['overlap'] });
export type ChunkingConfig = z.infer<typeof ChunkingConfig>;

export const Bm25Config = z
  .object({
    k1: z.number().nonnegative().default(1.2),
    b: z.number().min(0).max(1).default(0.75),
    stemming: z.boolean().default(true),
    stopWords: z.boolean().default(true),
  })
  .strict();

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

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
    /** Persistent embedding cache; default on for openai, off for local models. */
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
  .refine((c) => c.provider === 'use' || c.model !== undefined, { message: 'model is required for provider openai or transformers', path: ['model'] });

export const MilvusIndexConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('FLAT') }).strict(),
  z.object({ type: z.literal('HNSW'), M: positiveInt.default(16), efConstruction: positiveInt.default(200) }).strict(),
  z.object({ type: z.literal('IVF_FLAT'), nlist: positiveInt.default(128) }).strict(),
]);

export const StoreConfig = z
  .object({
    type: z.enum(['memory', 'lancedb', 'milvus']).default('memory'),
    metric: z.enum(['cosine', 'ip']).default('cosine'),
    /** lancedb: the database folder, relative to the config file. Default .rag-eval/lancedb. */
    path: z.string().min(1).optional(),
    /** milvus: host:port; default MILVUS_ADDRESS. */
    address: z.string().min(1).optional(),
    /** milvus: the variable holding the token (secrets stay out of config files). */
    tokenEnv: envName.default('MILVUS_TOKEN'),
    database: z.string().min(1).optional(),
    index: MilvusIndexConfig.optional(),
    /** milvus search parameters: ef (HNSW), nprobe (IVF_FLAT). */
    search: z.object({ ef: positiveInt.optional(), nprobe: positiveInt.optional() }).strict().optional(),
    timeoutMs: positiveInt.default(30_000),
    connectTimeoutMs: positiveInt.default(5_000),
    collectionPrefix: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores').default('rag_eval'),
  })
  .strict()
  .refine((s) => s.type === 'milvus' || (s.index === undefined && s.search === undefined && s.address === undefined), {
    message: 'index, search and address apply to type milvus only',
    path: ['type'],
  })
  .refine((s) => s.type === 'lancedb' || s.path === undefined, { message: 'path applies to type lancedb only', path: ['path'] })
  .refine((s) => s.search?.ef === undefined || s.index?.type === 'HNSW', { message: 'search.ef needs index.type HNSW', path: ['search', 'ef'] })
  .refine((s) => s.search?.nprobe === undefined || s.index?.type === 'IVF_FLAT', { message: 'search.nprobe needs index.type IVF_FLAT', path: ['search', 'nprobe'] });
export type StoreConfig = z.infer<typeof StoreConfig>;

export const RetrieverConfig = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a name of letters, digits, ".", "_" or "-"'),
    type: z.enum(['bm25', 'dense', 'hybrid']),
    k: positiveInt.optional(),
    chunking: ChunkingConfig.optional(),
    bm25: Bm25Config.optional(),
    embedder: EmbedderConfig.optional(),
    store: StoreConfig.optional(),
    /** hybrid: names of the retrievers to fuse (two or more, defined in this file). */
    of: z.array(z.string()).optional(),
    weights: z.array(z.number().positive()).optional(),
    rrfK: positiveInt.default(60),
    candidateDepth: positiveInt.optional(),
  })
  .strict();
export type RetrieverConfig = z.infer<typeof RetrieverConfig>;

export const RelevanceConfig = z
  .object({
    /** chunk: judge chunks by span overlap; document: a document's best-ranked chunk (BEIR style). */
    level: z.enum(['auto', 'chunk', 'document']).default('auto'),
    /** A chunk is relevant when it covers at least this fraction of a reference span. */
    minOverlap: z.number().gt(0).max(1).default(0.5),
  })
  .strict();

/** `answers`: where answers come from when a metric needs one (evaluators/judge-metric-registry.ts). */
export const AnswersConfig = z
  .object({
    /** generate: the llm chat model answers from each configuration's top-k contexts; import: a JSONL file of an existing app's outputs. */
    source: z.enum(['generate', 'import']).default('generate'),
    /** import: JSONL of {id or question, answer, contexts[], retrievedIds?}, relative to the config file. */
    path: z.string().min(1).optional(),
    /** import: the configuration name the imported answers are reported under (must differ from every retriever name). */
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a name of letters, digits, ".", "_" or "-"').default('imported'),
    /** generate: replaces the built-in system prompt; its version is recorded as custom-<sha256 prefix>. */
    prompt: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => a.source !== 'import' || a.path !== undefined, { message: 'path is required when source is import', path: ['path'] });
export type AnswersConfig = z.infer<typeof AnswersConfig>;

/** `judges`: options of the answer-level metrics. */
export const JudgesConfig = z
  .object({
    /** Repeat every LLM judgment this many times with different seeds (noise); `--judge-samples` overrides. */
    samples: positiveInt.default(1),
    answerRelevance: z
      .object({
        questions: positiveInt.default(3),
        /** n: one request with `n` choices; list: one answer holding all questions (servers that ignore `n`). */
        strategy: z.enum(['n', 'list']).default('n'),
      })
      .strict()
      .default({ questions: 3, strategy: 'n' }),
    /** string_context_recall: share of a claim's content words that one context must contain. */
    stringThreshold: z.number().gt(0).max(1).default(0.5),
    /** Embeddings for answer_relevance and answer_similarity; default: the bundled sentence encoder. */
    embedder: EmbedderConfig.optional(),
  })
  .strict();
export type JudgesConfig = z.infer<typeof JudgesConfig>;

export const RagEvalConfig = z
  .object({
    corpus: z
      .object({
        path: z.string().min(1),
        format: z.enum(['auto', 'files', 'beir']).default('auto'),
        beirSplit: z.string().default('test'),
      })
      .strict(),
    chunking: ChunkingConfig.default({ size: 800, overlap: 100 }),
    testSet: z
      .object({
        path: z.string().min(1).optional(),
        onInvalidLine: z.enum(['stop', 'skip']).default('stop'),
        generate: z
          .object({
            count: positiveInt.default(50),
            keywordVariant: z.boolean().default(true),
            /** LLM generation (`rag-eval generate` without --offline): synthetic-data/llm/config.ts. */
            llm: LlmGenerateConfig.optional(),
          })
          .strict()
          .default({ count: 50, keywordVariant: true }),
      })
      .strict()
      .default({ onInvalidLine: 'stop', generate: { count: 50, keywordVariant: true } }),
    relevance: RelevanceConfig.default({ level: 'auto', minOverlap: 0.5 }),
    k: positiveInt.default(10),
    /** At least one, unless answers: { source: import } supplies the only configuration (checked below). */
    retrievers: z.array(RetrieverConfig).default([]),
    metrics: z.array(MetricId).min(1).default(['precision', 'recall', 'f1', 'hit_rate', 'mrr', 'map', 'ndcg']),
    /** P, recall, F1, hit rate and nDCG also at each of these depths, from the same retrieval at k (evaluators/cutoffs.ts). */
    cutoffs: z.array(positiveInt).min(1).optional(),
    answers: AnswersConfig.optional(),
    judges: JudgesConfig.optional(),
    report: z
      .object({
        /** Query ids shown as classic per-query tables; default: the first five. */
        queries: z.array(z.string()).optional(),
        maxQueryTables: positiveInt.default(5),
      })
      .strict()
      .default({ maxQueryTables: 5 }),
    output: z.object({ dir: z.string().default('runs') }).strict().default({ dir: 'runs' }),
    seed: z.number().int().default(42),
    /** Release gates per metric id, checked by `rag-eval compare` and written to junit.xml (reports/gates-schema.ts). */
    gates: Gates.optional(),
    /** Nightly history in SQLite (reports/gates-schema.ts HistoryConfig). */
    history: HistoryConfig.optional(),
    /** The OpenAI-compatible chat endpoint for LLM generation and judges (pipelines/llm/config.ts). */
    llm: LlmConfig.optional(),
    /** Adds or replaces embedding-model facts (dimensions, licence, price, …) for the report's Models table. */
    embeddingModels: EmbeddingModelsConfig.optional(),
  })
  .strict()
  // Imported answers are a configuration of their own: a config that scores only an existing application's outputs needs no retriever.
  .refine((c) => c.retrievers.length > 0 || c.answers?.source === 'import', {
    message: 'expected at least one retriever (or answers: { source: import, path: FILE } to score the outputs of an existing RAG application without retrieving)',
    path: ['retrievers'],
  });

export type RagEvalConfig = z.infer<typeof RagEvalConfig>;
