import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { existsSync } from 'node:fs';
import { chunkDocuments } from '../../corpora/chunk.js';
import { LlmGenerateConfig } from '../../synthetic-data/llm/config.js';
import { generateFromPlans, plannedCalls } from '../../synthetic-data/llm/generate.js';
import { archivePathFor, diffCorpus } from '../../synthetic-data/llm/incremental.js';
import { planQuestions } from '../../synthetic-data/llm/plan.js';
import type { TestItem } from '../../kernel/test-item.js';
import { readTestSet, writeTestSet } from '../../synthetic-data/test-set-io.js';
import { resolveFromConfig, type LoadedConfig } from '../config/load.js';
import { ownPathsOf } from '../runner/own-paths.js';
import { loadCorpusWithoutOwnPaths } from '../stages/own-paths.js';
import type { RunClients } from '../stages/run-clients.js';
import { defaultClients } from '../runner/default-clients.js';
import { ConfigError, InputError } from '../../kernel/errors.js';
import type { ProgressSink } from '../progress/progress.js';
import type { LlmSettings } from '../llm/config.js';
import { estimateCalls, formatEstimate } from '../../kernel/call-estimate.js';
import { createLlmRuntime } from '../llm/factory.js';
import type { ChatTransport } from '../../kernel/llm-types.js';
import { formatUsage } from '../../kernel/usage.js';

export interface GenerateLlmResult {
  message: string;
  added: number;
  retired: number;
  kept: number;
}

/**
 * `rag-eval generate CONFIG [--dry-run]`: builds or extends testSet.path with LLM questions.
 * Only new or changed documents get questions; items of changed or deleted documents move to
 * the archive file (written before the test set, so nothing is ever lost).
 */
export async function generateLlmTestSet(options: {
  loaded: LoadedConfig;
  outPath: string;
  dryRun: boolean;
  progress: ProgressSink;
  env?: NodeJS.ProcessEnv;
  /** Library users and tests may supply these; the CLI builds them from the config. */
  transport?: ChatTransport;
  embeddings?: EmbeddingsInterface;
  retryBaseMs?: number;
}): Promise<GenerateLlmResult> {
  const { loaded, outPath, progress } = options;
  const { config } = loaded;
  const env = options.env ?? process.env;
  if (!config.llm) {
    throw new ConfigError(`${loaded.file}: llm: expected an llm section ({ model, baseURL, apiKeyEnv }) to generate with an LLM, or pass --offline`);
  }
  const generateConfig = LlmGenerateConfig.parse(config.testSet.generate.llm ?? {});
  const corpus = await loadCorpusWithoutOwnPaths(resolveFromConfig(loaded, config.corpus.path), ownPathsOf(loaded, { testSetPath: outPath }), progress);
  for (const warning of corpus.warnings) progress.warn(`${warning.source}: ${warning.message}`);
  const chunks = await chunkDocuments(corpus.documents, config.chunking);
  const existing: TestItem[] = existsSync(outPath) ? (await readTestSet(outPath)).items : [];
  const diff = diffCorpus(existing, corpus.documents);
  const plan = planQuestions({ targets: diff.targets, chunks, config: generateConfig, seed: config.seed });
  for (const note of plan.notes) progress.info(note);
  const changes = `${diff.targets.length} document(s) to generate for (${diff.newDocuments.length} new, ${diff.changedDocuments.length} changed, ${diff.deletedDocuments.length} deleted)`;

  if (options.dryRun) {
    const model = env.RAG_EVAL_LLM_MODEL || config.llm.model;
    const estimate = estimateCalls(plannedCalls(plan.plans, generateConfig), model, config.llm.prices);
    return {
      message:
        `dry run: ${changes}; would ask for ${plan.plans.length} questions, retire ${diff.retired.length} and keep ${diff.kept.length} items\n` +
        `${formatEstimate(estimate, model)}, not counting repairs or cache hits`,
      added: 0,
      retired: diff.retired.length,
      kept: diff.kept.length,
    };
  }
  if (plan.plans.length === 0 && diff.retired.length === 0) {
    if (diff.kept.length === 0) throw nothingMade(corpus.documents.length, corpus.root, plan.notes);
    return { message: `test set ${outPath} is up to date: +0 new, −0 retired, ${diff.kept.length} kept`, added: 0, retired: 0, kept: diff.kept.length };
  }

  const runtime = createLlmRuntime({
    config: config.llm,
    baseDir: loaded.baseDir,
    env,
    warn: (m) => progress.warn(m),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
  });
  const clients = defaultClients({ baseDir: loaded.baseDir, env, warn: (m) => progress.warn(m) });
  try {
    const embeddings = options.embeddings ?? defaultEmbeddings(runtime.settings, clients);
    const task = progress.start('generating questions', plan.plans.length);
    const generation = await generateFromPlans({
      plans: plan.plans,
      documents: corpus.documents,
      client: runtime.client,
      config: generateConfig,
      seed: config.seed,
      embeddings,
      existingQuestions: diff.kept.map((item) => item.question),
      onProgress: () => task.tick(),
    });
    task.done();
    const items = [...diff.kept, ...generation.items];
    if (items.length === 0) {
      // The causes first (why every question failed), then the planning notes.
      const causes = generation.causes.map((c) => `${c.count} of ${generation.counts.planned} question(s): ${c.reason}`);
      throw nothingMade(corpus.documents.length, corpus.root, [...causes, ...plan.notes]);
    }
    if (diff.retired.length) {
      const archivePath = archivePathFor(outPath);
      const archived = existsSync(archivePath) ? (await readTestSet(archivePath)).items : [];
      const archivedIds = new Set(archived.map((item) => item.id));
      await writeTestSet(archivePath, [...archived, ...diff.retired.filter((item) => !archivedIds.has(item.id))]);
    }
    await writeTestSet(outPath, items);
    const { counts } = generation;
    const usage = runtime.client.usage();
    const lines = [
      `+${generation.items.length} new, −${diff.retired.length} retired, ${diff.kept.length} kept → ${outPath}`,
      `  ${changes}; ${counts.planned} asked, ${counts.failed} failed, ` +
        `${counts.criticRejected} rejected by the critic (threshold ${generateConfig.criticThreshold}), ` +
        `${counts.criticFailed} critic errors, ${counts.duplicates} near-duplicates removed`,
      ...(counts.approximateSpans ? [`  ${counts.approximateSpans} quote(s) not found verbatim: the whole chunk is the reference`] : []),
      ...(diff.retired.length ? [`  retired items moved to ${archivePathFor(outPath)}`] : []),
      ...Object.entries(usage.byStage).map(([stage, u]) => `  ${stage}: ${formatUsage(u)}`),
      `  total (${usage.model}): ${formatUsage(usage.total)}${usage.costNote ? ` (${usage.costNote})` : ''}`,
      ...generation.problems.map((p) => `  note: ${p}`),
    ];
    return { message: lines.join('\n'), added: generation.items.length, retired: diff.retired.length, kept: diff.kept.length };
  } finally {
    runtime.close();
    await clients.close?.();
  }
}

function nothingMade(documents: number, root: string, reasons: readonly string[]): InputError {
  const shown = reasons.slice(0, 10);
  const why = [...shown, ...(reasons.length > shown.length ? [`… and ${reasons.length - shown.length} more note(s)`] : [])].join('\n  ');
  return new InputError(`no questions could be made from ${documents} document(s) in ${root}; nothing was written${why ? `:\n  ${why}` : ''}`);
}

/**
 * Embeddings for near-duplicate removal: llm.embeddingModel at the same endpoint (through the
 * shared embedder: one retry layer, the embedding cache), else the bundled sentence encoder.
 */
function defaultEmbeddings(settings: LlmSettings, clients: RunClients): EmbeddingsInterface {
  if (!settings.embeddingModel) return clients.embeddingsFor({ provider: 'use', batchSize: 64 });
  return clients.embeddingsFor({
    provider: 'openai',
    model: settings.embeddingModel,
    apiKeyEnv: settings.apiKeyEnv,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
}
