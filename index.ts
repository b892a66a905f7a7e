/**
 * rag-eval's public API: everything a library user may import from 'rag-eval'. Anything not
 * exported here is internal and may change between versions. Grouped by layer, bottom first
 * (docs/ARCHITECTURE.md "Layers").
 */

// Kernel: errors, scores, metric ids, usage and the contracts that plug-ins implement.
export { RagEvalError, ConfigError, InputError, ExternalServiceError, DiskFullError } from './kernel/errors.js';
export { scored, unscored, aggregate, type Score, type Aggregate } from './kernel/score.js';
export { IrMetricId, JudgeMetricId, MetricId } from './kernel/metric-ids.js';
export { compareHits, type Retriever, type RetrievedChunk } from './kernel/retriever.js';
export { sortHits, isPersistentVectorStore, type Vector, type VectorHit, type VectorMetric, type VectorStore } from './kernel/vector-store.js';
export type { Chunk, Corpus, CorpusWarning, SourceDocument } from './kernel/corpus.js';
export {
  TestItem,
  Reference,
  SpanReference,
  DocumentReference,
  TEST_SET_SCHEMA_VERSION,
  isSpanReference,
  type TestItemInput,
} from './kernel/test-item.js';
export type { LlmClient, ChatMessage, CompleteRequest, CompleteResult, Usage } from './kernel/llm-types.js';
export { createRng, deriveSeed, type Rng } from './kernel/prng.js';

// Corpora: load documents, chunk them with exact offsets.
export { loadCorpus, type LoadCorpusOptions } from './corpora/load.js';
export { loadBeir, type BeirDataset, type LoadBeirOptions } from './corpora/beir.js';
export { chunkDocuments, validateChunking, type ChunkingOptions } from './corpora/chunk.js';
export { createTokenizer, tokenize, type TokenizerOptions } from './corpora/tokenize.js';
export { hashCorpus, hashText } from './corpora/hash.js';

// Synthetic data: test sets.
export { readTestSet, writeTestSet, serializeTestSet, hashTestSet, checkReferences, type ReadTestSetOptions, type ReadTestSetResult } from './synthetic-data/test-set-io.js';
export { generateOffline, type OfflineGeneratorOptions, type OfflineGeneration } from './synthetic-data/offline-generator.js';

// Evaluators: IR metrics (trec_eval's conventions), relevance, LLM judges, statistics.
export * from './evaluators/ir/index.js';
export { buildJudgments, rankingFromHits, resolveRelevanceLevel, type Judgments, type RelevanceLevel, type RelevanceRule } from './evaluators/ir/relevance.js';
export { irMetrics, metricLabel, type MetricDefinition } from './evaluators/metric-registry.js';
export { summarizeLatencies } from './evaluators/latency.js';
export { createFaithfulnessEvaluator, computeFaithfulness, FAITHFULNESS_STATEMENTS_PROMPT, FAITHFULNESS_VERDICTS_PROMPT } from './evaluators/judges/faithfulness.js';
export { createAnswerRelevanceEvaluator, computeAnswerRelevance, ANSWER_RELEVANCE_PROMPT } from './evaluators/judges/answer-relevance.js';
export { createContextPrecisionEvaluator, computeContextPrecision, CONTEXT_PRECISION_PROMPT } from './evaluators/judges/context-precision.js';
export { createContextRecallEvaluator, computeContextRecall, CONTEXT_RECALL_PROMPT } from './evaluators/judges/context-recall.js';
export { judgeMetrics, type JudgeMetricDefinition } from './evaluators/judge-metric-registry.js';
export type { JudgeClient, JudgeEmbeddings, JudgeSample, JudgeOutcome, SampleEvaluator } from './evaluators/judges/judge-types.js';
export { createAnswerSimilarityEvaluator } from './evaluators/reference/answer-similarity.js';
export { createReferenceContextPrecisionEvaluator } from './evaluators/reference/reference-context-precision.js';
export { createReferenceContextRecallEvaluator } from './evaluators/reference/reference-context-recall.js';
export { createStringContextRecallEvaluator } from './evaluators/reference/string-context-recall.js';
export * from './evaluators/statistics/index.js';
export { cohensKappa, agreement, type Agreement } from './evaluators/statistics/agreement.js';

// Reports: the summary.json contract and the writers.
export { RunSummary, SUMMARY_SCHEMA_VERSION, type ConfigurationSummary } from './reports/summary-schema.js';
export { renderMarkdownReport } from './reports/markdown-report.js';
export { renderHtmlReport, type HtmlReportInput } from './reports/html/html-report.js';
export { renderJunit } from './reports/junit.js';
export { renderRunFile, renderQrelsFile } from './reports/trec-files.js';
export { readRunDirectory, type RunDirectory } from './reports/run-directory.js';
export { compareRuns, type Comparison, type CompareOptions } from './reports/compare.js';
export { evaluateGates, loadGatesFile, type GateResult } from './reports/gates.js';

// Pipelines: run a whole evaluation, the built-in retrievers, embedders and stores.
export { runPipeline, type RunPipelineResult } from './pipelines/runner/run-pipeline.js';
export { planRun, type RunPlan } from './pipelines/runner/plan-run.js';
export { defaultClients, type DefaultClientOptions } from './pipelines/runner/default-clients.js';
export type { PluginRetriever, UserMetric, MetricInput } from './pipelines/runner/plugins.js';
export type { RunClients } from './pipelines/stages/run-clients.js';
export { loadConfig, parseConfig, type LoadedConfig } from './pipelines/config/load.js';
export { RagEvalConfig, RetrieverConfig, EmbedderConfig, StoreConfig } from './pipelines/config/schema.js';
export { silentProgress, createStreamProgress, type ProgressSink } from './pipelines/progress/progress.js';
export { createBm25Retriever, type Bm25Options } from './pipelines/retrieval/bm25.js';
export { createDenseRetriever, type DenseRetriever, type DenseRetrieverOptions } from './pipelines/retrieval/dense-retriever.js';
export { createHybridRetriever, reciprocalRankFusion, type HybridRetrieverOptions } from './pipelines/retrieval/hybrid.js';
export {
  fromLangChainRetriever,
  asLangChainRetriever,
  RagEvalLangChainRetriever,
  type LangChainRetrieverOptions,
} from './pipelines/retrieval/langchain-retriever.js';
export { fromLangChainVectorStore, type LangChainVectorStoreOptions } from './pipelines/retrieval/langchain-vector-store.js';
export { MemoryVectorStore, type MemoryVectorStoreOptions } from './pipelines/retrieval/stores/memory-store.js';
export { UniversalSentenceEncoderEmbeddings, USE_DIMENSION, USE_MODEL_ID } from './pipelines/embeddings/use-embedder.js';
export { OpenAiCompatibleEmbeddings, type OpenAiEmbedderOptions } from './pipelines/embeddings/openai-embedder.js';
export { createLlmClient, type LlmClientOptions } from './pipelines/llm/client.js';
export { main as runCli } from './pipelines/cli/main.js';
