import path from 'node:path';
import { chunkDocuments } from '../corpora/chunk.js';
import type { Chunk } from '../corpora/types.js';
import { buildJudgments, resolveRelevanceLevel, type Judgments } from '../evaluators/relevance.js';
import type { RunSummary } from '../reports/summary-schema.js';
import { buildRetrievers, chunkingId, type BuiltRetriever } from './build-retrievers.js';
import type { RunClients } from './clients.js';
import { resolveFromConfig, type LoadedConfig } from './config/load.js';
import type { ProgressSink } from './progress/progress.js';
import { assembleRun, type ConfigurationOutcome } from './assemble-run.js';
import { prepareInputs } from './stages/prepare-inputs.js';
import { indexRetriever } from './stages/index-retriever.js';
import { retrievalDepth, retrieveAll } from './stages/retrieve.js';
import { scoreRetrieval } from './stages/score-retrieval.js';
import { writeRunDirectory } from './write-run-directory.js';
import { checkJudgeRequirements, judgeOutcomes, writeJudgeArtifacts } from './run-judges.js';
import type { LlmClient } from './llm/types.js';
import { planJudges } from './plan-judges.js';
import { recordRun } from './history/record.js';
import type { HistoryStore } from './history/store.js';

export interface RunPipelineResult {
  outDir: string;
  reportPath: string;
  summary: RunSummary;
  /** A few lines for the terminal: the comparison at a glance. */
  overview: string;
}

/** trec_eval's default: grade ≥ 1 is relevant. */
const REL_LEVEL = 1;

export async function runPipeline(options: {
  loaded: LoadedConfig;
  outDir?: string;
  clients: RunClients;
  progress: ProgressSink;
  now?: () => Date;
  /** Nightly history: the run is recorded, checked against earlier runs and their trend drawn. */
  history?: { store: HistoryStore; gitCommit: string | null };
  /** The LLM judge client (library users, tests); default: built from the config's llm section. */
  llm?: LlmClient;
  /** `--judge-samples`: repetitions of each LLM judgment (default judges.samples). */
  judgeSamples?: number;
}): Promise<RunPipelineResult> {
  const { loaded, clients, progress } = options;
  const { config } = loaded;
  checkJudgeRequirements(config, loaded.file);
  const now = options.now ?? (() => new Date());
  const inputs = await prepareInputs({ config, resolve: (p) => resolveFromConfig(loaded, p), progress });
  const level = resolveRelevanceLevel(config.relevance.level, inputs.items);
  const warnings = [...inputs.warnings];
  const built = buildRetrievers(config, clients);
  // References to documents the corpus lacks are left out of the judgments (they could never be
  // retrieved, so they would score every retriever 0 alike); they are listed as warnings instead.
  const known = new Set(inputs.corpus.documents.map((d) => d.id));
  const judgedItems = inputs.items.map((item) => ({ ...item, references: item.references.filter((ref) => known.has(ref.docId)) }));
  const unknownOnly = new Set(inputs.items.filter((item) => item.references.length > 0 && item.references.every((ref) => !known.has(ref.docId))).map((item) => item.id));

  const chunksByChunking = new Map<string, Chunk[]>();
  const judgmentsByChunking = new Map<string, Judgments>();
  for (const b of built) {
    const id = chunkingId(b.chunking);
    if (chunksByChunking.has(id)) continue;
    const chunks = await chunkDocuments(inputs.corpus.documents, b.chunking);
    chunksByChunking.set(id, chunks);
    judgmentsByChunking.set(id, buildJudgments(judgedItems, chunks, { level, minOverlap: config.relevance.minOverlap }));
    progress.info(`chunked ${inputs.corpus.documents.length} documents into ${chunks.length} chunks (size ${b.chunking.size}, overlap ${b.chunking.overlap})`);
  }

  const indexMs = new Map<string, number>();
  for (const b of built.filter((b) => !b.indexedByOthers)) {
    indexMs.set(b.config.name, await indexRetriever(b, chunksByChunking.get(chunkingId(b.chunking))!, progress));
  }

  const outcomes: ConfigurationOutcome[] = [];
  for (const b of built) {
    const chunks = chunksByChunking.get(chunkingId(b.chunking))!;
    const k = clampK(b, config.k, chunks.length, warnings);
    const retrievals = await retrieveAll({ retriever: b.retriever, label: b.config.name, items: inputs.items, depth: retrievalDepth(k, level, chunks.length), progress });
    const judgments = judgmentsByChunking.get(chunkingId(b.chunking))!;
    const scores = scoreRetrieval({ retrievals, judgments, level, k, metrics: config.metrics, relLevel: REL_LEVEL, unknownOnly });
    const memberIndexMs = b.indexedByOthers ? (b.config.of ?? []).reduce((sum, name) => sum + (indexMs.get(name) ?? 0), 0) : (indexMs.get(b.config.name) ?? 0);
    outcomes.push({ built: b, k, chunkCount: chunks.length, retrievals, scores, judgments, indexMs: memberIndexMs, embedding: b.embeddingStats?.() });
  }

  const judging = await judgeOutcomes({
    loaded,
    items: inputs.items,
    outcomes,
    clients,
    progress,
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
  });
  const assembled = assembleRun({ loaded, inputs, level, relLevel: REL_LEVEL, outcomes, warnings, createdAt: now(), ...(judging ? { judging } : {}) });
  const outDir = options.outDir
    ? path.resolve(options.outDir)
    : path.join(resolveFromConfig(loaded, config.output.dir), assembled.summary.createdAt.replace(/[:.]/g, '-'));
  const recorded = options.history
    ? recordRun({ ...options.history, configFile: loaded.file, summary: assembled.summary, outDir, window: config.history?.window, alertMargin: config.history?.alertMargin })
    : undefined;
  for (const alert of recorded?.alerts ?? []) {
    warnings.push(alert.message);
    assembled.summary.warnings.push(alert.message);
  }
  if (judging) await writeJudgeArtifacts(outDir, judging);
  const written = await writeRunDirectory({ outDir, assembled, outcomes, gates: config.gates, trend: recorded?.trend });
  for (const warning of warnings) progress.warn(warning);
  return { outDir, reportPath: written.reportPath, summary: assembled.summary, overview: assembled.overview };
}

function clampK(b: BuiltRetriever, defaultK: number, chunkCount: number, warnings: string[]): number {
  const requested = b.config.k ?? defaultK;
  if (requested <= chunkCount) return requested;
  warnings.push(`retriever "${b.config.name}": k = ${requested} is larger than the ${chunkCount} chunks in the corpus; using k = ${chunkCount}`);
  return chunkCount;
}

export interface RunPlan {
  lines: string[];
  questions: number;
  documents: number;
  configurations: { name: string; k: number; chunking: string }[];
  llmCalls: number;
  /** null when the judge model has no known price. */
  estimatedCostUsd: number | null;
}

/** `--dry-run`: loads inputs and says what would run; retrieves nothing and spends nothing. */
export async function planRun(options: { loaded: LoadedConfig; progress: ProgressSink; judgeSamples?: number }): Promise<RunPlan> {
  const { loaded, progress } = options;
  const inputs = await prepareInputs({ config: loaded.config, resolve: (p) => resolveFromConfig(loaded, p), progress });
  const configurations = loaded.config.retrievers.map((r) => ({ name: r.name, k: r.k ?? loaded.config.k, chunking: r.type === 'hybrid' ? 'as its members' : chunkingId(r.chunking ?? loaded.config.chunking) }));
  const judgePlan = planJudges({
    config: loaded.config,
    items: inputs.items,
    configurations: loaded.config.retrievers.map((r) => ({ k: r.k ?? loaded.config.k, chunkSize: (r.chunking ?? loaded.config.chunking).size })),
    ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
    env: process.env,
  });
  const lines = [
    `would evaluate ${inputs.items.length} questions over ${inputs.corpus.documents.length} documents with ${configurations.length} configurations:`,
    ...configurations.map((c) => `  ${c.name}: k = ${c.k}, chunking ${c.chunking}`),
    ...(judgePlan ? judgePlan.lines : [`LLM calls: 0, estimated cost: $0.00 (all configured retrievers run locally)`]),
    ...inputs.warnings.map((w) => `warning: ${w}`),
  ];
  return {
    lines,
    questions: inputs.items.length,
    documents: inputs.corpus.documents.length,
    configurations,
    llmCalls: judgePlan?.estimate.calls ?? 0,
    estimatedCostUsd: judgePlan ? judgePlan.estimate.costUsd : 0,
  };
}
