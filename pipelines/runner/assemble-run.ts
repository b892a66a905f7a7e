import { aggregate } from '../../kernel/score.js';
import { summarizeLatencies } from '../../evaluators/latency.js';
import type { RelevanceLevel } from '../../evaluators/ir/relevance.js';
import type { QueryDetail } from '../../reports/query-details.js';
import { SUMMARY_SCHEMA_VERSION, RunSummary, type ConfigurationSummary, type RobustnessSummary } from '../../reports/summary-schema.js';
import { fixed } from '../../reports/markdown-table.js';
import { anyMetricLabel } from '../../evaluators/judge-metric-registry.js';
import { deriveSeed } from '../../kernel/prng.js';
import { metricInterval } from '../../reports/confidence.js';
import type { ReportQuestion } from '../../reports/html/report-data.js';
import { drilldownData } from './drilldown-data.js';
import type { ScoreTable } from '../../reports/run-directory.js';
import { verdictForRun } from '../../reports/verdict.js';
import { embeddingModelRows } from './model-rows.js';
import { cutoffMetricIds } from '../../evaluators/cutoffs.js';
import { packageVersion } from './package-info.js';
import { languageGapMessage, languageSummary } from '../embeddings/language-coverage.js';
import { sliceLabels, sliceSummaries } from './slices.js';
import { hashConfig } from '../config/hash.js';
import type { LoadedConfig } from '../config/load.js';
import { judgeUsageSummary } from '../stages/judge/judge-usage.js';
import type { RunJudging } from '../stages/judge/run-judges.js';
import type { PreparedInputs } from '../stages/prepare-inputs.js';
import type { ConfigurationOutcome } from '../stages/outcome.js';
import type { QueryRetrieval } from '../stages/retrieve.js';

export interface AssembledRun {
  summary: RunSummary;
  details: QueryDetail[];
  overview: string;
  /** The drill-down's questions (the most informative, top results), each configuration's judged ranking. */
  questions: ReportQuestion[];
  /** What the drill-down left out; null when it shows everything. */
  drilldownNote: string | null;
  /** Every per-query retrieval latency, for the latency chart. */
  latencies: { configuration: string; ms: number }[];
  /** qid → slice labels (`language:zh`, `tag:keyword`) for scores.jsonl. */
  sliceLabels: Map<string, string[]>;
}

const LEXICAL_GENERATORS = new Set(['offline-ict', 'offline-keywords']);

export function assembleRun(options: {
  loaded: LoadedConfig;
  inputs: PreparedInputs;
  level: RelevanceLevel;
  relLevel: number;
  outcomes: readonly ConfigurationOutcome[];
  warnings: string[];
  createdAt: Date;
  /** Answers and LLM judges (pipelines/run-judges.ts): usage, noise and prompt versions. */
  judging?: RunJudging;
  /** Original vs perturbed questions (pipelines/stages/robustness.ts). */
  robustness?: RobustnessSummary;
  /** Library metrics (pipelines/runner/plugins.ts) scored next to the config's. */
  extraMetricIds?: readonly string[];
  /** API embedding requests over all attempts, per model (llm-requests.jsonl). */
  embeddingRequests?: RunSummary['embeddingRequests'];
  /** The drill-down's questions' results of configurations whose chunks were not kept (from retrieval.jsonl). */
  loggedRetrievals: (configuration: string, qids: ReadonlySet<string>) => ReadonlyMap<string, QueryRetrieval>;
}): AssembledRun {
  const { loaded, inputs, level, outcomes } = options;
  const generators: Record<string, number> = {};
  for (const item of inputs.items) generators[item.generator.name] = (generators[item.generator.name] ?? 0) + 1;
  const notes: string[] = [];
  const lexical = Object.entries(generators).filter(([name]) => LEXICAL_GENERATORS.has(name)).reduce((sum, [, n]) => sum + n, 0);
  if (lexical > 0) {
    notes.push(
      `${lexical} of ${inputs.items.length} questions were made by the offline generator from sentences of the corpus itself; ` +
        `they share words with their evidence and so favour lexical retrievers (BM25). Confirm a dense-vs-lexical ranking on human or LLM-written questions.`,
    );
  }

  const cutoffIds = cutoffMetricIds(loaded.config.metrics, loaded.config.cutoffs ?? []);
  const metricIds = [...loaded.config.metrics, ...(options.extraMetricIds ?? [])];
  const configurations: ConfigurationSummary[] = outcomes.map((outcome) => {
    const metrics: ConfigurationSummary['metrics'] = {};
    for (const id of metricIds) {
      const scores = outcome.scores.map((s) => s.scores[id]!);
      metrics[id] = { ...aggregate(scores), ...metricInterval(scores, deriveSeed(loaded.config.seed, outcome.built.config.name, id)) };
    }
    // Imported answers are not scored at cut-offs (no ranking of their own depth).
    for (const id of cutoffIds.filter((c) => outcome.scores.some((s) => s.scores[c]))) {
      const scores = outcome.scores.flatMap((s) => (s.scores[id] ? [s.scores[id]] : []));
      metrics[id] = { ...aggregate(scores), ...metricInterval(scores, deriveSeed(loaded.config.seed, outcome.built.config.name, id)) };
    }
    const judged = options.judging?.configurations.find((j) => j.configuration === outcome.built.config.name);
    for (const [id, noise] of Object.entries(judged?.noise ?? {})) if (metrics[id] && noise) metrics[id].judgeNoise = noise;
    const embedding = outcome.embedding;
    return {
      name: outcome.built.config.name,
      type: outcome.built.config.type,
      description: outcome.built.description,
      k: outcome.k,
      chunking: outcome.built.chunking,
      chunks: outcome.chunkCount,
      metrics,
      latency: {
        queryMs: summarizeLatencies(outcome.imported ? [] : Array.from(outcome.latencyMs)),
        indexMs: outcome.indexMs,
        embeddingTextsPerSecond: embedding && embedding.seconds > 0 ? embedding.texts / embedding.seconds : null,
        embeddingModelLoadSeconds: embedding?.modelLoadSeconds ?? null,
      },
      files: { run: `trec/${outcome.built.config.name}.run`, qrels: `trec/${outcome.built.config.name}.qrels` },
      ann: outcome.built.ann?.() ?? null,
      embeddingCost: outcome.built.embeddingCost?.() ?? null,
      ...(judged && judged.usage.requests + judged.usage.cacheHits > 0 ? { usage: judgeUsageSummary(judged) } : {}),
    };
  });

  const languages = languageSummary({ documents: inputs.corpus.documents, items: inputs.items, configurations: outcomes.map((o) => o.built) });
  options.warnings.push(...languages.gaps.map(languageGapMessage));
  const slices = sliceSummaries({
    items: inputs.items,
    outcomes: outcomes.map((o) => ({ name: o.built.config.name, scores: o.scores })),
    metricIds,
    seed: loaded.config.seed,
  });
  const summary = RunSummary.parse({
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    createdAt: options.createdAt.toISOString(),
    provenance: {
      packageVersion: packageVersion(),
      nodeVersion: process.version,
      configHash: hashConfig(loaded.config),
      corpusHash: inputs.corpus.hash,
      testSetHash: inputs.testSetHash,
      seed: loaded.config.seed,
      models: [...new Set(outcomes.flatMap((o) => o.built.models))],
      testSetGenerators: generators,
    },
    relevance: { level, minOverlap: loaded.config.relevance.minOverlap, relLevel: options.relLevel },
    corpus: { documents: inputs.corpus.documents.length, warnings: inputs.corpus.warnings.map((w) => `${w.source}: ${w.message}`) },
    testSet: { path: inputs.testSetPath, items: inputs.items.length, unknownReferences: inputs.unknownReferences },
    metricIds,
    ...(cutoffIds.length ? { cutoffs: { values: [...new Set(loaded.config.cutoffs)].sort((a, b) => a - b), metricIds: cutoffIds } } : {}),
    configurations,
    languages,
    slices,
    ...(options.robustness ? { robustness: options.robustness } : {}),
    embeddingModels: embeddingModelRows(outcomes.map((o) => o.built)),
    ...(options.judging
      ? { judges: { model: options.judging.model, samples: options.judging.samples, prompts: options.judging.prompts, answers: options.judging.answerSource } }
      : {}),
    ...(options.judging?.llmUsage ? { llmUsage: options.judging.llmUsage } : {}),
    ...(options.embeddingRequests?.length ? { embeddingRequests: options.embeddingRequests } : {}),
    notes,
    warnings: options.warnings,
  });
  const statistics = loaded.config.statistics;
  const verdict = verdictForRun(summary, scoreTable(outcomes), { primary: statistics?.primary ?? [], alpha: statistics?.alpha ?? 0.05, permutations: statistics?.permutations });
  if (verdict) summary.verdict = verdict;
  const drilldown = drilldownData({
    items: inputs.items,
    outcomes,
    metric: loaded.config.metrics[0] ?? null,
    relLevel: options.relLevel,
    judging: options.judging,
    loggedRetrievals: options.loggedRetrievals,
  });
  return {
    summary,
    details: queryDetails(loaded, inputs, outcomes),
    overview: overviewLines(summary),
    questions: drilldown.questions,
    drilldownNote: drilldown.note,
    latencies: drilldown.latencies,
    sliceLabels: sliceLabels(inputs.items),
  };
}

function queryDetails(loaded: LoadedConfig, inputs: PreparedInputs, outcomes: readonly ConfigurationOutcome[]): QueryDetail[] {
  const chosen = loaded.config.report.queries ?? inputs.items.slice(0, loaded.config.report.maxQueryTables).map((i) => i.id);
  const items = new Map(inputs.items.map((item) => [item.id, item]));
  return chosen
    .filter((qid) => items.has(qid))
    .map((qid) => {
      const k = Math.max(...outcomes.map((o) => o.k));
      const firstJudgments = outcomes[0]?.judgments.get(qid) ?? new Map<string, number>();
      return {
        qid,
        question: items.get(qid)!.question,
        k,
        relevant: [...firstJudgments].filter(([, grade]) => grade >= 1).map(([docno]) => docno),
        rankings: outcomes.map((outcome) => {
          const scores = outcome.scores.find((s) => s.qid === qid)!;
          const judgments = outcome.judgments.get(qid);
          return {
            configuration: outcome.built.config.name,
            entries: scores.ranking.map((doc, index) => ({ rank: index + 1, docno: doc.docId, score: doc.score, grade: judgments?.get(doc.docId) ?? 0 })),
            precision: scores.scores.precision?.value ?? null,
            recall: scores.scores.recall?.value ?? null,
          };
        }),
      };
    });
}

/** configuration → metric → qid → value, as compare reads it back from scores.jsonl. */
function scoreTable(outcomes: readonly ConfigurationOutcome[]): ScoreTable {
  const table: ScoreTable = new Map();
  for (const o of outcomes) {
    const byMetric = new Map<string, Map<string, number | null>>();
    for (const q of o.scores)
      for (const [id, score] of Object.entries(q.scores)) {
        if (!byMetric.has(id)) byMetric.set(id, new Map());
        byMetric.get(id)!.set(q.qid, score.value);
      }
    table.set(o.built.config.name, byMetric);
  }
  return table;
}

function overviewLines(summary: RunSummary): string {
  const header = summary.metricIds.map((id) => anyMetricLabel(id, summary.configurations[0]?.k ?? 0).padStart(9)).join(' ');
  const rows = summary.configurations.map((c) => `${c.name.padEnd(16)} ${summary.metricIds.map((id) => fixed(c.metrics[id]?.mean ?? null).padStart(9)).join(' ')}`);
  const verdict = summary.verdict?.sentences.map((v) => `verdict: ${v}`) ?? [];
  return [`${''.padEnd(16)} ${header}`, ...rows, ...verdict, ...summary.notes.map((n) => `note: ${n}`)].join('\n');
}
