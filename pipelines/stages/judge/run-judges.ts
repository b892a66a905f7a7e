import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { judgeMetrics } from '../../../evaluators/judge-metric-registry.js';
import type { JudgeClient, JudgeSample } from '../../../evaluators/judges/judge-types.js';
import type { TestItem } from '../../../kernel/test-item.js';
import type { RunClients } from '../run-clients.js';
import { JudgesConfig, type JudgeMetricId, type RagEvalConfig } from '../../config/schema.js';
import type { LoadedConfig } from '../../config/load.js';
import { createLlmRuntime } from '../../llm/factory.js';
import type { LlmClient, Usage } from '../../../kernel/llm-types.js';
import { addUsage, emptyUsage, priceFor } from '../../../kernel/usage.js';
import type { RunLlmUsage } from '../../../reports/summary-schema.js';
import { tallyJournal, type RequestJournal } from '../../run-state/request-journal.js';
import { EMBEDDINGS_STAGE } from '../../llm/client.js';
import { runLlmUsage } from './judge-usage.js';
import { checkJudgeRequirements, judgeMetricIds } from './judge-requirements.js';
import type { ProgressSink } from '../../progress/progress.js';
import { throwIfStopped, type StopSignal } from '../../run-state/stop-signal.js';
import { openAnswerLog, openJudgmentLog, type AnswerLine, type StageLog } from './judge-logs.js';
import { answerPromptFor, generateAnswers, type AnswerRecord } from '../answer.js';
import { choiceWarnings } from './choice-warnings.js';
import { judgeSamples, type JudgeNoise, type JudgmentRecord } from './judge-samples.js';
import type { QueryRetrieval } from '../retrieve.js';
import type { QueryScores } from '../score-retrieval.js';

/** What the judge part of a run adds to one configuration. */
export interface ConfigurationJudging {
  configuration: string;
  usage: Usage;
  usageByMetric: Partial<Record<string, Usage>>;
  noise: Partial<Record<JudgeMetricId, JudgeNoise>>;
  questions: number;
  answers: (AnswerRecord & { configuration: string })[];
  records: JudgmentRecord[];
}

export interface RunJudging {
  configurations: ConfigurationJudging[];
  /** Prompt id → version of every prompt used (provenance). */
  prompts: Record<string, string>;
  model: string | null;
  samples: number;
  answerSource: 'generate' | 'import' | null;
  /** Every request the run's own LLM client sent, over all attempts (llm-requests.jsonl). */
  llmUsage?: RunLlmUsage;
}

/**
 * Generates answers (when a metric needs them) and runs every judge metric for each
 * configuration, merging the scores into the same per-question records as the IR metrics.
 */
export async function runJudges(options: {
  config: RagEvalConfig;
  items: readonly TestItem[];
  /** `samples`: imported answers (answers.source: import) — judged as given, nothing generated. */
  outcomes: readonly { name: string; k: number; retrievals: readonly QueryRetrieval[]; scores: QueryScores[]; samples?: readonly JudgeSample[] }[];
  judge: JudgeClient | undefined;
  model: string | null;
  clients: RunClients;
  /** `--judge-samples`; default judges.samples. */
  samples?: number;
  minOverlap: number;
  progress: ProgressSink;
  /** Stage logs (answers.jsonl, judgments.jsonl) live here; logged work is kept on resume. */
  outDir: string;
  stop?: StopSignal;
  resumeHint?: string;
}): Promise<RunJudging | undefined> {
  const { config, progress } = options;
  const ids = judgeMetricIds(config);
  if (ids.length === 0) return undefined;
  const answerLog = openAnswerLog(options.outDir, progress);
  const judgmentLog = openJudgmentLog(options.outDir, progress);
  try {
    return await judgeConfigurations({ ...options, ids, answerLog, judgmentLog });
  } finally {
    answerLog.close();
    judgmentLog.close();
  }
}

async function judgeConfigurations(options: Parameters<typeof runJudges>[0] & { ids: JudgeMetricId[]; answerLog: StageLog<AnswerLine>; judgmentLog: StageLog<JudgmentRecord> }): Promise<RunJudging> {
  const { config, progress, ids } = options;
  const shouldStop = () => options.stop?.stopped ?? false;
  const judges = JudgesConfig.parse(config.judges ?? {});
  const repetitions = options.samples ?? judges.samples;
  const needsAnswers = ids.some((id) => judgeMetrics[id].needs.answer);
  const needsEmbeddings = ids.some((id) => judgeMetrics[id].needs.embeddings);
  const embeddings: EmbeddingsInterface | undefined = needsEmbeddings ? options.clients.embeddingsFor(judges.embedder ?? { provider: 'use', batchSize: 64 }) : undefined;
  const answerPrompt = answerPromptFor(config.answers?.prompt);
  const prompts: Record<string, string> = {};
  for (const id of ids) for (const prompt of judgeMetrics[id].prompts) prompts[prompt.id] = prompt.version;
  if (needsAnswers && options.judge) prompts[answerPrompt.id] = answerPrompt.version;
  const items = new Map(options.items.map((item) => [item.id, item]));
  const importMode = config.answers?.source === 'import';
  const retrieverOutcomes = options.outcomes.filter((o) => !o.samples).length;
  if (importMode && retrieverOutcomes > 0 && ids.some((id) => judgeMetrics[id].needs.answer)) {
    progress.warn(
      `answers.source is import: only the "${config.answers?.name}" configuration has answers; ` +
        `${ids.filter((id) => judgeMetrics[id].needs.answer).join(', ')} are null for the retriever configurations`,
    );
  }

  const configurations: ConfigurationJudging[] = [];
  for (const outcome of options.outcomes) {
    if (outcome.samples) {
      configurations.push(await judgeImported({ ...options, outcome: { ...outcome, samples: outcome.samples }, ids, judges, repetitions, embeddings, shouldStop }));
      continue;
    }
    const samples: JudgeSample[] = outcome.retrievals.map((retrieval) => {
      const item = items.get(retrieval.qid)!;
      return {
        qid: retrieval.qid,
        question: item.question,
        ...(item.referenceAnswer !== undefined ? { referenceAnswer: item.referenceAnswer } : {}),
        // The contexts a RAG application would pass on: the top-k chunks.
        contexts: retrieval.hits.slice(0, outcome.k).map((hit) => ({ id: hit.chunk.id, text: hit.chunk.text, docId: hit.chunk.docId, start: hit.chunk.start, end: hit.chunk.end })),
        references: item.references,
      };
    });
    let answers: AnswerRecord[] = [];
    let answerUsage = emptyUsage();
    if (needsAnswers && options.judge && !importMode) {
      const logged = new Map(options.answerLog.existing.filter((a) => a.configuration === outcome.name).map((a) => [a.qid, a]));
      const task = progress.start(`answering with ${outcome.name}`, samples.length);
      task.tick(samples.filter((s) => logged.has(s.qid)).length);
      const generated = await generateAnswers({
        client: options.judge,
        requests: samples.filter((s) => !logged.has(s.qid)).map((s) => ({ qid: s.qid, question: s.question, contexts: s.contexts.map((c) => c.text) })),
        prompt: answerPrompt,
        onAnswer: () => task.tick(),
        onRecord: (record) => options.answerLog.append({ ...record, configuration: outcome.name }),
        shouldStop,
      });
      task.done();
      stopIfAsked(options);
      const fresh = new Map(generated.answers.map((a) => [a.qid, a]));
      answers = samples.map((s) => logged.get(s.qid) ?? fresh.get(s.qid)!).map(({ qid, answer, failure, usage }) => ({ qid, answer, usage, ...(failure !== undefined ? { failure } : {}) }));
      answerUsage = answers.reduce((sum, a) => addUsage(sum, a.usage), emptyUsage());
      const byQid = new Map(answers.map((a) => [a.qid, a]));
      for (const sample of samples) {
        const record = byQid.get(sample.qid);
        if (record?.answer !== null && record?.answer !== undefined) sample.answer = record.answer;
        else if (record?.failure) sample.answerFailure = record.failure;
      }
    }
    const judged = await judgeStage({ ...options, name: outcome.name, inputs: samples, ids, judges, repetitions, embeddings, shouldStop });
    for (const row of outcome.scores) Object.assign(row.scores, judged.scores.get(row.qid) ?? {});
    const usageByMetric: Partial<Record<string, Usage>> = { ...judged.usageByMetric };
    if (needsAnswers && options.judge && !importMode) usageByMetric.answer = answerUsage;
    const usage = Object.values(usageByMetric).reduce<Usage>((sum, u) => addUsage(sum, u ?? emptyUsage()), emptyUsage());
    configurations.push({
      configuration: outcome.name,
      usage,
      usageByMetric,
      noise: judged.noise,
      questions: samples.length,
      answers: answers.map((a) => ({ ...a, configuration: outcome.name })),
      records: judged.records,
    });
    warnAboutChoices(judged.records, judges.answerRelevance.questions, progress);
  }
  return { configurations, prompts, model: options.model, samples: repetitions, answerSource: needsAnswers || importMode ? (config.answers?.source ?? 'generate') : null };
}

type JudgeContext = Parameters<typeof runJudges>[0] & {
  ids: JudgeMetricId[];
  judgmentLog: StageLog<JudgmentRecord>;
  answerLog: StageLog<AnswerLine>;
  judges: JudgesConfig;
  repetitions: number;
  embeddings: EmbeddingsInterface | undefined;
  shouldStop: () => boolean;
};

/** The judge stage for one configuration's samples; judgments logged by an interrupted attempt are kept. */
async function judgeStage(options: JudgeContext & { name: string; inputs: readonly JudgeSample[] }) {
  const task = options.progress.start(`judging ${options.name} (${options.ids.join(', ')})`, options.inputs.length);
  const judged = await judgeSamples({
    configuration: options.name,
    samples: options.inputs,
    metrics: options.ids,
    deps: {
      ...(options.judge ? { judge: options.judge } : {}),
      ...(options.embeddings ? { embeddings: options.embeddings } : {}),
      minOverlap: options.minOverlap,
      answerRelevance: options.judges.answerRelevance,
      stringThreshold: options.judges.stringThreshold,
    },
    repetitions: options.repetitions,
    baseSeed: options.config.llm?.seed ?? options.config.seed,
    onSample: () => task.tick(),
    done: new Map(options.judgmentLog.existing.filter((r) => r.configuration === options.name).map((r) => [`${r.qid}\u0000${r.metric}`, r])),
    onRecord: (record) => options.judgmentLog.append(record),
    shouldStop: options.shouldStop,
  });
  task.done();
  stopIfAsked(options);
  return judged;
}

/**
 * Imported answers are judged as the application gave them: no answer is generated. They are
 * logged to answers.jsonl (once; a resumed run does not repeat them) so the run directory holds
 * every answer that was scored.
 */
async function judgeImported(options: JudgeContext & { outcome: { name: string; scores: QueryScores[]; samples: readonly JudgeSample[] } }): Promise<ConfigurationJudging> {
  const { outcome } = options;
  const logged = new Set(options.answerLog.existing.filter((a) => a.configuration === outcome.name).map((a) => a.qid));
  const answers = outcome.samples.map((s) => ({ qid: s.qid, answer: s.answer ?? null, usage: emptyUsage(), configuration: outcome.name }));
  for (const answer of answers) if (!logged.has(answer.qid)) options.answerLog.append(answer);
  const judged = await judgeStage({ ...options, name: outcome.name, inputs: outcome.samples });
  for (const row of outcome.scores) Object.assign(row.scores, judged.scores.get(row.qid) ?? {});
  const usageByMetric: Partial<Record<string, Usage>> = { ...judged.usageByMetric };
  const usage = Object.values(usageByMetric).reduce<Usage>((sum, u) => addUsage(sum, u ?? emptyUsage()), emptyUsage());
  warnAboutChoices(judged.records, options.judges.answerRelevance.questions, options.progress);
  return { configuration: outcome.name, usage, usageByMetric, noise: judged.noise, questions: outcome.samples.length, answers, records: judged.records };
}

function stopIfAsked(options: { stop?: StopSignal; resumeHint?: string }): void {
  if (options.stop) throwIfStopped(options.stop, options.resumeHint ?? 'rag-eval run CONFIG --resume RUN_DIR');
}

function warnAboutChoices(records: readonly JudgmentRecord[], asked: number, progress: ProgressSink): void {
  for (const warning of choiceWarnings(records, asked)) progress.warn(warning);
}

/**
 * The run's judge step: checks what the metrics need, builds the LLM runtime from `llm` unless a
 * client is passed in, and judges every configuration.
 */
export async function judgeOutcomes(options: {
  loaded: LoadedConfig;
  items: readonly TestItem[];
  outcomes: readonly { built: { config: { name: string } }; k: number; retrievals: readonly QueryRetrieval[]; scores: QueryScores[] }[];
  /** answers.source: import — the imported configuration's name and samples (pipelines/imported-configuration.ts). */
  imported?: { name: string; samples: readonly JudgeSample[] };
  clients: RunClients;
  /** A judge client from the caller (library users, tests); else one is built from `llm`. */
  llm?: LlmClient;
  judgeSamples?: number;
  progress: ProgressSink;
  env?: NodeJS.ProcessEnv;
  outDir: string;
  stop?: StopSignal;
  resumeHint?: string;
  /** The run's journal of sent requests: the LLM client built here records every request in it. */
  journal?: RequestJournal;
}): Promise<RunJudging | undefined> {
  const { loaded, progress } = options;
  const { config } = loaded;
  const ids = judgeMetricIds(config);
  if (ids.length === 0) return undefined;
  checkJudgeRequirements(config, loaded.file);
  const llmNeeded = ids.some((id) => judgeMetrics[id].callsLlm || judgeMetrics[id].needs.answer);
  const journal = options.journal;
  const runtime =
    llmNeeded && !options.llm && config.llm
      ? createLlmRuntime({ config: config.llm, baseDir: loaded.baseDir, ...(options.env ? { env: options.env } : {}), warn: (m) => progress.warn(m), ...(journal ? { journal } : {}) })
      : undefined;
  const judge = options.llm ?? runtime?.client;
  try {
    const judging = await runJudges({
      config,
      items: options.items,
      outcomes: options.outcomes.map((o) => ({
        name: o.built.config.name,
        k: o.k,
        retrievals: o.retrievals,
        scores: o.scores,
        ...(options.imported?.name === o.built.config.name ? { samples: options.imported.samples } : {}),
      })),
      judge: llmNeeded ? judge : undefined,
      model: llmNeeded && judge ? (options.llm?.model ?? runtime?.client.model ?? null) : null,
      clients: options.clients,
      ...(options.judgeSamples !== undefined ? { samples: options.judgeSamples } : {}),
      minOverlap: config.relevance.minOverlap,
      progress,
      outDir: options.outDir,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(options.resumeHint ? { resumeHint: options.resumeHint } : {}),
    });
    if (!judging || !journal || !runtime) return judging;
    const { model, prices } = runtime.settings;
    const chat = tallyJournal(journal.file, journal.attempt, (stage) => !stage.startsWith(EMBEDDINGS_STAGE));
    return { ...judging, llmUsage: runLlmUsage(chat, model, priceFor(model, prices)) };
  } finally {
    runtime?.close();
  }
}

