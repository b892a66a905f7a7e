import { z } from 'zod';
import { Gates, HistoryConfig } from '../../reports/gates-schema.js';
import { LlmGenerateConfig } from '../../synthetic-data/llm/config.js';
import { LlmConfig } from '../llm/config.js';

/** IR metrics a run can report. The registry in evaluators/metric-registry.ts is keyed by this enum. */
export const IrMetricId = z.enum(['precision', 'recall', 'f1', 'hit_rate', 'mrr', 'map', 'ndcg', 'ndcg_full', 'rprec']);
export type IrMetricId = z.infer<typeof IrMetricId>;

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

export const EmbedderConfig = z
  .object({
    /** `use`: the embedded Universal Sentence Encoder (no download, no key). */
    provider: z.enum(['use']).default('use'),
    batchSize: positiveInt.default(64),
  })
  .strict();

export const StoreConfig = z
  .object({
    type: z.enum(['memory']).default('memory'),
    metric: z.enum(['cosine', 'ip']).default('cosine'),
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
    retrievers: z.array(RetrieverConfig).min(1),
    metrics: z.array(IrMetricId).min(1).default(['precision', 'recall', 'f1', 'hit_rate', 'mrr', 'map', 'ndcg']),
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
  })
  .strict();

export type RagEvalConfig = z.infer<typeof RagEvalConfig>;
