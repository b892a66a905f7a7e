import { z } from 'zod';
import { Gates, HistoryConfig, StatisticsConfig } from '../../reports/gates-schema.js';
import { LlmGenerateConfig } from '../../synthetic-data/llm/config.js';
import { RobustnessConfig } from '../../synthetic-data/robustness/config.js';
import { LlmConfig } from '../llm/config.js';
import { EmbeddingModelsConfig } from '../embeddings/registry.js';
import { EmbedderConfig } from '../embeddings/config.js';
import { StoreConfig } from '../retrieval/stores/config.js';

export { IrMetricId, JudgeMetricId, MetricId } from '../../kernel/metric-ids.js';
// The adapters own their slices of the config (so they never import this file); it composes them.
export { EmbedderConfig } from '../embeddings/config.js';
export { MilvusIndexConfig, StoreConfig } from '../retrieval/stores/config.js';
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
    rrfK: positiveInt.optional(),
    candidateDepth: positiveInt.optional(),
  })
  .strict()
  .superRefine((retriever, context) => {
    for (const key of keysNotFor(retriever)) {
      const owners = RETRIEVER_KEYS_BY_TYPE.filter(([, keys]) => keys.includes(key)).map(([type]) => type);
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `does not apply to a ${retriever.type} retriever (it is an option of ${owners.join(' and ')} retrievers${
          retriever.type === 'hybrid' ? '; set it on the members' : ''
        })`,
      });
    }
  });
export type RetrieverConfig = z.infer<typeof RetrieverConfig>;

/** The options each retriever type reads; any other key is a mistake the user should hear about. */
const RETRIEVER_KEYS_BY_TYPE: readonly (readonly [string, readonly string[]])[] = [
  ['bm25', ['chunking', 'bm25']],
  ['dense', ['chunking', 'embedder', 'store']],
  ['hybrid', ['of', 'weights', 'rrfK', 'candidateDepth']],
];
const SHARED_RETRIEVER_KEYS = ['name', 'type', 'k'];

function keysNotFor(retriever: Record<string, unknown> & { type: string }): string[] {
  const own = RETRIEVER_KEYS_BY_TYPE.find(([type]) => type === retriever.type)?.[1] ?? [];
  return Object.keys(retriever).filter(
    (key) => retriever[key] !== undefined && !SHARED_RETRIEVER_KEYS.includes(key) && !own.includes(key),
  );
}

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
        /** Sampling temperature of the generated questions (strategy n): > 0 so the N samples differ. */
        temperature: z.number().min(0).max(2).default(0.7),
      })
      .strict()
      .default({ questions: 3, strategy: 'n', temperature: 0.7 }),
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
    /** Perturbed variants of every question (typos, traditional characters, pinyin, …) scored beside the originals. */
    robustness: RobustnessConfig.optional(),
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
    /** How compare, gates and the run's verdict decide: alpha, primary metrics, minEffect (reports/gates-schema.ts StatisticsConfig). */
    statistics: StatisticsConfig.optional(),
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
