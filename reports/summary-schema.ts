import { z } from 'zod';
import { RunVerdict } from './verdict.js';

export const SUMMARY_SCHEMA_VERSION = 1;

const nullableNumber = z.number().nullable();

export const MetricAggregate = z.object({
  mean: nullableNumber,
  scored: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  nullReasons: z.record(z.string(), z.number().int()),
  /**
   * 95 % CI of the mean over the scored questions (seeded from provenance.seed): Wilson for 0/1 scores, bootstrap-t
   * otherwise (ciMethod); null when none was scored or no interval can be estimated (ciNote says why).
   */
  ci95: z.tuple([z.number(), z.number()]).nullable().default(null),
  ciMethod: z.enum(['wilson', 'bootstrap-t']).nullable().optional(),
  ciNote: z.string().optional(),
  /** Standard deviation of the scored values (n − 1 denominator): the noise the history alerts and the verdict use. */
  sd: nullableNumber.optional(),
  /** LLM judge metrics with --judge-samples > 1: spread (max − min) of the repetitions per question. */
  judgeNoise: z
    .object({ samples: z.number().int(), questions: z.number().int(), meanSpread: nullableNumber, maxSpread: nullableNumber })
    .optional(),
});

/** LLM tokens and money; costUsd is null when the model has no known price. */
export const LlmUsageSummary = z.object({
  requests: z.number().int().nonnegative(),
  cacheHits: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: nullableNumber,
});
const PerQuestionUsage = z.object({ requests: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: nullableNumber });

/** Answer generation and LLM judges of one configuration: totals, per question, per metric ("answer" = the answer stage). */
export const JudgeUsageSummary = LlmUsageSummary.extend({
  questions: z.number().int().nonnegative(),
  perQuestion: PerQuestionUsage,
  byMetric: z.record(z.string(), LlmUsageSummary.extend({ perQuestion: PerQuestionUsage })),
});

/**
 * Every request this run sent to the LLM endpoint, over all its attempts (from llm-requests.jsonl).
 * A configuration's `usage` counts the requests behind its logged results; after a crash this
 * total is larger: requests in flight when an attempt died, and replies received before it whose
 * results were not logged yet (served from the response cache after resuming).
 */
export const RunLlmUsage = z.object({
  /** Attempts (first run + resumes) that sent at least one request. */
  attempts: z.number().int().nonnegative(),
  /** Requests sent, retries, repairs and inFlightAtCrash included. */
  requests: z.number().int().nonnegative(),
  /** Requests answered with an HTTP error or a failed connection (then retried or given up). */
  failed: z.number().int().nonnegative(),
  /** Tokens of the replies received, and their cost (null without a price); inFlightAtCrash is not in them. */
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: nullableNumber,
  costNote: z.string().optional(),
  /** Sent before an attempt was killed, reply lost: the endpoint got them, nobody knows their tokens. Null when there were none. */
  inFlightAtCrash: z
    .object({ requests: z.number().int().positive(), inputTokens: z.null(), outputTokens: z.null(), costUsd: z.null(), reason: z.string() })
    .nullable(),
});

/** The same count for one API embedding model (dense indexing, query and judge embeddings); cost is in each configuration's embeddingCost. */
export const RunEmbeddingUsage = z.object({
  model: z.string(),
  attempts: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  inFlightAtCrash: z.object({ requests: z.number().int().positive(), inputTokens: z.null(), reason: z.string() }).nullable(),
});

export const LatencySummary = z.object({
  count: z.number().int(),
  p50: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
  mean: nullableNumber,
  max: nullableNumber,
});

/** An approximate-nearest-neighbour index and its recall@k against exact search on the same vectors. */
export const AnnSummary = z.object({
  index: z.string(),
  params: z.record(z.string(), z.number()),
  /** Depth at which recall was measured (the deepest retrieval asked of the index). */
  k: z.number().int().nonnegative(),
  recallAtK: nullableNumber,
  queries: z.number().int().nonnegative(),
});

/** What embedding cost one configuration: requests, billed tokens, cache hits, USD (null when the price is unknown). */
export const EmbeddingCostSummary = z.object({
  model: z.string(),
  modelId: z.string(),
  requests: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  cacheHits: z.number().int().nonnegative(),
  cacheMisses: z.number().int().nonnegative(),
  costUsd: nullableNumber,
  costNote: z.string().optional(),
});

/** One row of the report's Models table: the facts of an embedding model used by the run. */
export const EmbeddingModelRow = z.object({
  model: z.string(),
  usedBy: z.array(z.string()),
  dimensions: z.number().int().nullable(),
  maxInputTokens: z.number().int().nullable(),
  licence: z.string().nullable(),
  hosting: z.enum(['api', 'self-hosted', 'embedded']).nullable(),
  pricePerMillionTokens: nullableNumber,
  memoryMB: nullableNumber,
  /** ISO 639-1 codes, "multilingual", or null when the registry does not know. */
  languages: z.union([z.literal('multilingual'), z.array(z.string())]).nullable().default(null),
  /** A published retrieval average with its benchmark, source and date (registry), or null. */
  publicBenchmark: z.object({ benchmark: z.string(), score: z.number(), source: z.string(), date: z.string() }).nullable().default(null),
});

/** Languages of the corpus and the test set, and dense embedders whose model does not cover them. */
export const LanguageSummary = z.object({
  documents: z.record(z.string(), z.number().int()),
  questions: z.record(z.string(), z.number().int()),
  gaps: z.array(
    z.object({
      configuration: z.string(),
      model: z.string(),
      modelLanguages: z.array(z.string()),
      uncovered: z.array(z.string()),
      documents: z.object({ affected: z.number().int(), total: z.number().int() }),
      questions: z.object({ affected: z.number().int(), total: z.number().int() }),
    }),
  ),
});
export type LanguageSummary = z.infer<typeof LanguageSummary>;

/** Every metric on a subset of the questions: one language, or one tag of the test items. */
export const SliceSummary = z.object({
  dimension: z.enum(['language', 'tag']),
  value: z.string(),
  questions: z.number().int(),
  /** configuration → metric id → aggregate over the slice's questions. */
  metrics: z.record(z.string(), z.record(z.string(), MetricAggregate)),
});
export type SliceSummary = z.infer<typeof SliceSummary>;

/** Original vs perturbed questions per configuration × perturbation (pipelines/stages/robustness.ts). */
export const RobustnessSummary = z.object({
  metric: z.string(),
  seed: z.number().int(),
  perturbations: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      questions: z.number().int(),
      example: z.object({ qid: z.string(), original: z.string(), perturbed: z.string() }).nullable(),
    }),
  ),
  results: z.array(
    z.object({
      configuration: z.string(),
      perturbation: z.string(),
      /** Questions scored on both sides. */
      n: z.number().int(),
      original: nullableNumber,
      perturbed: nullableNumber,
      /** perturbed − original, with its 95% interval and p-value (comparePaired). */
      difference: nullableNumber,
      ci95: z.tuple([z.number(), z.number()]).nullable(),
      p: nullableNumber,
      method: z.string().nullable(),
    }),
  ),
  /** Per configuration, the mean of its per-perturbation differences; the highest degrades least. */
  meanDifference: z.record(z.string(), nullableNumber),
  degradesLeast: z.string().nullable(),
});
export type RobustnessSummary = z.infer<typeof RobustnessSummary>;

export const ConfigurationSummary = z.object({
  name: z.string(),
  /** imported: the outputs of an existing RAG application (answers.source: import), nothing retrieved. */
  type: z.enum(['bm25', 'dense', 'hybrid', 'custom', 'imported']),
  description: z.string(),
  k: z.number().int().positive(),
  /** null for imported answers (not chunked by this run). */
  chunking: z.object({ size: z.number().int(), overlap: z.number().int() }).nullable(),
  chunks: z.number().int().nonnegative(),
  metrics: z.record(z.string(), MetricAggregate),
  latency: z.object({
    queryMs: LatencySummary,
    indexMs: z.number().nonnegative(),
    /** Texts embedded per second while indexing, model loading excluded; null for retrievers that embed nothing. */
    embeddingTextsPerSecond: nullableNumber,
    /** Seconds spent loading the embedding model while indexing; null when no model was loaded. */
    embeddingModelLoadSeconds: nullableNumber.default(null),
  }),
  files: z.object({ run: z.string(), qrels: z.string() }),
  /** Dense retrievers over an ANN index (Milvus HNSW / IVF_FLAT); null for exact search. */
  ann: AnnSummary.nullable().default(null),
  /** Dense retrievers: embedding requests, tokens, cache hits and cost; null when nothing is embedded. */
  embeddingCost: EmbeddingCostSummary.nullable().default(null),
  /** LLM answers and judges: requests, tokens and cost; absent when no LLM metric ran. */
  usage: JudgeUsageSummary.optional(),
});

export const Provenance = z.object({
  packageVersion: z.string(),
  nodeVersion: z.string(),
  configHash: z.string(),
  corpusHash: z.string(),
  testSetHash: z.string(),
  seed: z.number().int(),
  models: z.array(z.string()),
  testSetGenerators: z.record(z.string(), z.number().int()),
});

export const RunSummary = z.object({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  createdAt: z.string(),
  provenance: Provenance,
  relevance: z.object({ level: z.enum(['chunk', 'document']), minOverlap: z.number(), relLevel: z.number().int() }),
  corpus: z.object({ documents: z.number().int(), warnings: z.array(z.string()) }),
  testSet: z.object({
    path: z.string(),
    items: z.number().int(),
    unknownReferences: z.array(z.object({ itemId: z.string(), docId: z.string() })),
  }),
  metricIds: z.array(z.string()),
  /** `cutoffs` in the config: the depths and the `<metric>@<N>` ids each configuration's metrics also hold. */
  cutoffs: z.object({ values: z.array(z.number().int().positive()), metricIds: z.array(z.string()) }).optional(),
  configurations: z.array(ConfigurationSummary),
  languages: LanguageSummary.optional(),
  robustness: RobustnessSummary.optional(),
  /** Per language (when the test set has more than one) and per tag. */
  slices: z.array(SliceSummary).default([]),
  /** Facts of the embedding models used (pipelines/embeddings/registry.ts + the config's embeddingModels). */
  embeddingModels: z.array(EmbeddingModelRow).default([]),
  /** Answer-level metrics: judge model, repetitions, prompt versions, where answers came from. */
  judges: z
    .object({ model: z.string().nullable(), samples: z.number().int(), prompts: z.record(z.string(), z.string()), answers: z.enum(['generate', 'import']).nullable() })
    .optional(),
  /** Requests sent to the LLM endpoint over all attempts of this run; absent when no LLM client of the run's own was used. */
  llmUsage: RunLlmUsage.optional(),
  /** Requests sent to API embedding endpoints over all attempts, per model; absent when none was sent. */
  embeddingRequests: z.array(RunEmbeddingUsage).optional(),
  /** Which configuration is best on the primary metric(s) and which gaps are significant (reports/verdict.ts); absent with one configuration. */
  verdict: RunVerdict.optional(),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
});

export type RunSummary = z.infer<typeof RunSummary>;
export type ConfigurationSummary = z.infer<typeof ConfigurationSummary>;
export type JudgeUsageSummary = z.infer<typeof JudgeUsageSummary>;
export type RunLlmUsage = z.infer<typeof RunLlmUsage>;
export type RunEmbeddingUsage = z.infer<typeof RunEmbeddingUsage>;
