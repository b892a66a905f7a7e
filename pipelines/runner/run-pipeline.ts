import path from 'node:path';
import { chunkDocuments } from '../../corpora/chunk.js';
import type { Chunk } from '../../kernel/corpus.js';
import { buildJudgments, type Judgments } from '../../evaluators/ir/relevance.js';
import type { RunSummary } from '../../reports/summary-schema.js';
import { chunkingId, type BuiltRetriever } from '../stages/built-retriever.js';
import type { RunClients } from '../stages/run-clients.js';
import { resolveFromConfig, type LoadedConfig } from '../config/load.js';
import type { ProgressSink } from '../progress/progress.js';
import { assembleRun } from './assemble-run.js';
import { prepareRun, REL_LEVEL, type PreparedRun } from './prepare-run.js';
import { heldRetrievals, type ConfigurationOutcome } from '../stages/outcome.js';
import { runRetrievalStage } from '../stages/retrieval-stage.js';
import { createScorer, type QueryScores } from '../stages/score-retrieval.js';
import { createResultCollector } from '../stages/collect-results.js';
import { loggedRetrievalsReader } from '../stages/logged-retrievals.js';
import { planRobustness, robustnessSummary, withVariantJudgments } from '../stages/robustness.js';
import { hashConfig } from '../config/hash.js';
import { openRunSession } from '../run-state/run-session.js';
import { neverStop, throwIfStopped, type StopSignal } from '../run-state/stop-signal.js';
import { asDiskFullError, DiskFullError, ExternalServiceError } from '../../kernel/errors.js';
import { writeRunDirectory } from './write-run-directory.js';
import { judgeMetricIds } from '../stages/judge/judge-requirements.js';
import { judgeOutcomes } from '../stages/judge/run-judges.js';
import type { LlmClient } from '../../kernel/llm-types.js';
import { recordRun } from '../history/record.js';
import type { HistoryStore } from '../history/store.js';
import { silentProgress } from '../progress/progress.js';
import { openRequestJournal, REQUEST_JOURNAL_FILE, type RequestJournal } from '../run-state/request-journal.js';
import { runEmbeddingUsage } from '../stages/judge/judge-usage.js';
import { defaultClients } from './default-clients.js';
import { ownPathsOf } from './own-paths.js';
import { buildPluginRetrievers, checkUserMetrics, scoreUserMetrics, type PluginRetriever, type UserMetric } from './plugins.js';

export interface RunPipelineResult {
  outDir: string;
  reportPath: string;
  /** report.html beside report.md. */
  htmlPath: string;
  summary: RunSummary;
  /** A few lines for the terminal: the comparison at a glance. */
  overview: string;
}

export async function runPipeline(options: {
  loaded: LoadedConfig;
  outDir?: string;
  /** Continue the stopped run in this directory: logged results are kept, only missing work is done. */
  resume?: string;
  /** Set by Ctrl-C; stages stop after their current batch, leaving a resumable directory. */
  stop?: StopSignal;
  /** Default: defaultClients() with the config file's folder as base. */
  clients?: RunClients;
  /** Default: silent. */
  progress?: ProgressSink;
  now?: () => Date;
  /** Library plug-ins: retrievers evaluated next to the config's (pipelines/runner/plugins.ts). */
  retrievers?: readonly PluginRetriever[];
  /** Library plug-ins: metrics scored next to the config's, for every configuration and question. */
  metrics?: readonly UserMetric[];
  /** Nightly history: the run is recorded, checked against earlier runs and their trend drawn. */
  history?: { store: HistoryStore; gitCommit: string | null };
  /** The LLM judge client (library users, tests); default: built from the config's llm section. */
  llm?: LlmClient;
  /** `--judge-samples`: repetitions of each LLM judgment (default judges.samples). */
  judgeSamples?: number;
  /** Where API-key variables are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}): Promise<RunPipelineResult> {
  const { loaded } = options;
  const progress = options.progress ?? silentProgress;
  const { config } = loaded;
  checkUserMetrics(options.metrics ?? []);
  const pluginRetrievers = buildPluginRetrievers(options.retrievers ?? [], config);
  const ownClients = options.clients ? undefined : defaultClients({ baseDir: loaded.baseDir, warn: (m) => progress.warn(m) });
  const clients = options.clients ?? ownClients!;
  const userMetrics = options.metrics ?? [];
  const now = options.now ?? (() => new Date());
  const outDir = options.resume
    ? path.resolve(options.resume)
    : options.outDir
      ? path.resolve(options.outDir)
      : path.join(resolveFromConfig(loaded, config.output.dir), now().toISOString().replace(/[:.]/g, '-'));
  // Everything the user can get wrong (inputs, API-key variables, unreachable stores) is checked
  // before the run directory exists, so a failed start leaves nothing behind.
  const ownPaths = ownPathsOf(loaded, { outDir: options.outDir, resume: options.resume });
  const prepared = await prepareRun({ ...options, clients, progress, pluginRetrievers, ownPaths, env: options.env ?? process.env }).catch(async (error: unknown) => {
    await ownClients?.close?.();
    throw error;
  });
  let journal: RequestJournal | undefined;
  const session = openRunSession({ outDir, resume: Boolean(options.resume), configHash: hashConfig(config), configFile: loaded.file, now, warn: (m) => progress.warn(m) });
  try {
    session.recordInputs({ corpusHash: prepared.inputs.corpus.hash, testSetHash: prepared.inputs.testSetHash });
    // Every LLM and API embedding request is journaled from here on (llm-requests.jsonl).
    journal = openRequestJournal(path.join(outDir, REQUEST_JOURNAL_FILE));
    clients.attachJournal?.(journal);
    const result = await runStages({ ...options, clients, progress, userMetrics, prepared, outDir, journal, startedAt: new Date(session.startedAt) });
    session.finish('complete');
    return result;
  } catch (error) {
    try {
      session.finish('interrupted');
    } catch {
      // The state file cannot be updated (e.g. the disk is full); the logs still resume.
    }
    const failure = asDiskFullError(error);
    if (failure instanceof DiskFullError) {
      throw new DiskFullError(`${failure.message}; free some space, then resume with: rag-eval run ${loaded.file} --resume ${outDir}`, { cause: error });
    }
    if (failure instanceof ExternalServiceError) {
      // Retries are exhausted or the endpoint refused: what was judged so far is logged and paid replies are cached.
      throw new ExternalServiceError(
        `${failure.message}\nfinished work is saved; once the service is back (or the key fixed), ` +
          `resume with: rag-eval run ${loaded.file} --resume ${outDir}`,
        { cause: error },
      );
    }
    throw failure;
  } finally {
    journal?.close();
    session.release();
    await ownClients?.close?.();
  }
}

async function runStages(options: {
  loaded: LoadedConfig;
  prepared: PreparedRun;
  outDir: string;
  /** The run's journal of sent LLM and embedding requests. */
  journal: RequestJournal;
  startedAt: Date;
  env?: NodeJS.ProcessEnv;
  stop?: StopSignal;
  clients: RunClients;
  progress: ProgressSink;
  userMetrics: readonly UserMetric[];
  history?: { store: HistoryStore; gitCommit: string | null };
  /** The LLM judge client (library users, tests); default: built from the config's llm section. */
  llm?: LlmClient;
  /** `--judge-samples`: repetitions of each LLM judgment (default judges.samples). */
  judgeSamples?: number;
}): Promise<RunPipelineResult> {
  const { loaded, clients, progress, outDir, journal } = options;
  const { config } = loaded;
  const { inputs, level, warnings, built, judgedItems, unknownOnly, imported } = options.prepared;
  const stop = options.stop ?? neverStop;
  const resumeHint = `rag-eval run ${loaded.file} --resume ${outDir}`;

  const chunksByChunking = new Map<string, Chunk[]>();
  const judgmentsByChunking = new Map<string, Judgments>();
  for (const b of built) {
    const id = chunkingId(b.chunking);
    if (chunksByChunking.has(id)) continue;
    throwIfStopped(stop, resumeHint);
    const chunks = await chunkDocuments(inputs.corpus.documents, b.chunking);
    chunksByChunking.set(id, chunks);
    judgmentsByChunking.set(id, buildJudgments(judgedItems, chunks, { level, minOverlap: config.relevance.minOverlap }));
    progress.info(`chunked ${inputs.corpus.documents.length} documents into ${chunks.length} chunks (size ${b.chunking.size}, overlap ${b.chunking.overlap})`);
  }

  // Perturbed variants are retrieved in the same stage (logged and resumed alike), then split off.
  const robust = config.robustness
    ? planRobustness({ config: config.robustness, seed: config.seed, items: inputs.items, corpusText: inputs.corpus.documents.map((d) => d.text).join('\n') })
    : undefined;
  // Each result is scored as it arrives; its chunks are kept only when a later stage reads them.
  const collector = createResultCollector({
    questions: inputs.items.length,
    variants: robust?.items.length ?? 0,
    keepHits: judgeMetricIds(config).length > 0 || options.userMetrics.length > 0,
    scorersFor: (b, k) => {
      const judgments = judgmentsByChunking.get(chunkingId(b.chunking))!;
      const common = { level, k, relLevel: REL_LEVEL };
      return {
        original: createScorer({ ...common, judgments, metrics: config.metrics, unknownOnly, cutoffs: config.cutoffs }),
        ...(robust ? { perturbed: createScorer({ ...common, judgments: withVariantJudgments(judgments, robust.variants), metrics: [robust.config.metric] }) } : {}),
      };
    },
  });
  const retrieved = await runRetrievalStage({
    outDir,
    built,
    chunksByChunking,
    items: robust ? [...inputs.items, ...robust.items] : inputs.items,
    kFor: (b, chunkCount) => clampK(b, config.k, chunkCount, warnings),
    // A rebuilt or trimmed persistent index belongs in the report, not only on stderr.
    warn: (message) => warnings.push(message),
    level,
    progress,
    stop,
    resumeHint,
    onResult: (result) => collector.onResult(result),
  });
  const perturbedScores: { name: string; original: QueryScores[]; perturbed: QueryScores[] }[] = [];
  const outcomes: ConfigurationOutcome[] = retrieved.map((r) => {
    const judgments = judgmentsByChunking.get(chunkingId(r.built.chunking))!;
    const { scores, latencyMs, retrievals, perturbed } = collector.take(r.built.config.name);
    if (robust) perturbedScores.push({ name: r.built.config.name, original: scores, perturbed });
    return { built: r.built, k: r.k, chunkCount: r.chunks.length, latencyMs, ...(retrievals ? { retrievals } : {}), scores, judgments, indexMs: r.indexMs, embedding: r.embedding };
  });
  if (imported) outcomes.push(imported.outcome);

  const judging = await judgeOutcomes({
    loaded,
    items: inputs.items,
    // Judges read the retrieved chunks: the collector kept them whenever a judge metric is configured.
    outcomes: judgeMetricIds(config).length ? outcomes.map((o) => ({ ...o, retrievals: heldRetrievals(o) })) : [],
    clients,
    progress,
    outDir,
    stop,
    resumeHint,
    journal,
    ...(imported ? { imported: { name: imported.outcome.built.config.name, samples: imported.samples } } : {}),
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  // A stop that arrived during the last batch of a stage: no reports, no history row; resume finishes it.
  throwIfStopped(stop, resumeHint);
  const robustness = robust ? robustnessSummary({ plan: robust, outcomes: perturbedScores }) : undefined;
  if (options.userMetrics.length) {
    const answers = new Map((judging?.configurations ?? []).flatMap((c) => c.answers.map((a) => [`${c.configuration}\u0000${a.qid}`, a.answer] as const)));
    await scoreUserMetrics({ metrics: options.userMetrics, outcomes, items: inputs.items, answerOf: (name, qid) => answers.get(`${name}\u0000${qid}`) ?? undefined });
  }
  const loggedRetrievals = loggedRetrievalsReader({ file: path.join(outDir, 'retrieval.jsonl'), built, chunksByChunking });
  const assembled = assembleRun({
    loaded,
    inputs,
    extraMetricIds: options.userMetrics.map((m) => m.id),
    level,
    relLevel: REL_LEVEL,
    outcomes,
    warnings,
    createdAt: options.startedAt,
    loggedRetrievals,
    ...(judging ? { judging } : {}),
    ...(robustness ? { robustness } : {}),
    embeddingRequests: runEmbeddingUsage(journal),
  });
  const recorded = options.history
    ? recordRun({
        ...options.history,
        configFile: loaded.file,
        summary: assembled.summary,
        outDir,
        ...(config.history
          ? {
              window: config.history.window,
              alertMargin: config.history.alertMargin,
              consecutive: config.history.consecutive,
              alpha: config.history.alpha,
              sameInputs: config.history.sameInputs,
            }
          : {}),
      })
    : undefined;
  for (const alert of recorded?.alerts ?? []) {
    warnings.push(alert.message);
    assembled.summary.warnings.push(alert.message);
  }
  const written = await writeRunDirectory({ outDir, assembled, outcomes, gates: config.gates, trend: recorded?.trend });
  for (const warning of warnings) progress.warn(warning);
  return { outDir, reportPath: written.reportPath, htmlPath: written.htmlPath, summary: assembled.summary, overview: assembled.overview };
}

function clampK(b: BuiltRetriever, defaultK: number, chunkCount: number, warnings: string[]): number {
  const requested = b.config.k ?? defaultK;
  if (requested <= chunkCount) return requested;
  warnings.push(`retriever "${b.config.name}": k = ${requested} is larger than the ${chunkCount} chunks in the corpus; using k = ${chunkCount}`);
  return chunkCount;
}
