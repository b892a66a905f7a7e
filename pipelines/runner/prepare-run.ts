import { resolveRelevanceLevel } from '../../evaluators/ir/relevance.js';
import { judgeMetrics } from '../../evaluators/judge-metric-registry.js';
import type { LlmClient } from '../../kernel/llm-types.js';
import type { TestItem } from '../../kernel/test-item.js';
import { resolveFromConfig, type LoadedConfig } from '../config/load.js';
import { resolveLlmSettings } from '../llm/config.js';
import type { ProgressSink } from '../progress/progress.js';
import type { BuiltRetriever } from '../stages/built-retriever.js';
import { importConfiguration } from '../stages/imported/imported-configuration.js';
import { checkJudgeRequirements, judgeMetricIds } from '../stages/judge/judge-requirements.js';
import type { OwnPath } from '../stages/own-paths.js';
import { prepareInputs, type PreparedInputs } from '../stages/prepare-inputs.js';
import type { RunClients } from '../stages/run-clients.js';
import { buildRetrievers } from './build-retrievers.js';

/** trec_eval's default: grade ≥ 1 is relevant. */
export const REL_LEVEL = 1;

export interface PreparedRun {
  inputs: PreparedInputs;
  level: 'chunk' | 'document';
  warnings: string[];
  built: BuiltRetriever[];
  judgedItems: TestItem[];
  unknownOnly: Set<string>;
  imported: Awaited<ReturnType<typeof importConfiguration>> | undefined;
}

/** Loads and checks the inputs, the API-key variables and the stores; writes nothing. */
export async function prepareRun(options: {
  loaded: LoadedConfig;
  clients: RunClients;
  progress: ProgressSink;
  pluginRetrievers: BuiltRetriever[];
  ownPaths: readonly OwnPath[];
  llm?: LlmClient;
  env: NodeJS.ProcessEnv;
}): Promise<PreparedRun> {
  const { loaded, clients, progress } = options;
  const { config } = loaded;
  checkJudgeRequirements(config, loaded.file);
  // The judge's key variable is read now, not after the retrieval it would follow.
  if (!options.llm && config.llm && judgeMetricIds(config).some((id) => judgeMetrics[id].callsLlm || judgeMetrics[id].needs.answer)) {
    resolveLlmSettings(config.llm, options.env);
  }
  const inputs = await prepareInputs({ config, resolve: (p) => resolveFromConfig(loaded, p), progress, ownPaths: options.ownPaths });
  const level = resolveRelevanceLevel(config.relevance.level, inputs.items);
  const warnings = [...inputs.warnings];
  const built = [...buildRetrievers(config, clients), ...options.pluginRetrievers];
  // Unreachable vector databases fail here, before any chunking, indexing or paid call.
  await clients.checkConnections?.();
  // References to documents the corpus lacks are left out of the judgments (they could never be
  // retrieved, so they would score every retriever 0 alike); they are listed as warnings instead.
  const known = new Set(inputs.corpus.documents.map((d) => d.id));
  const judgedItems = inputs.items.map((item) => ({ ...item, references: item.references.filter((ref) => known.has(ref.docId)) }));
  const unknownOnly = new Set(inputs.items.filter((item) => item.references.length > 0 && item.references.every((ref) => !known.has(ref.docId))).map((item) => item.id));
  // Imported answers are read before any retrieval, so a bad line fails the run at once.
  const answers = config.answers;
  const imported =
    answers?.source === 'import' && answers.path
      ? await importConfiguration({
          name: answers.name,
          file: resolveFromConfig(loaded, answers.path),
          label: answers.path,
          items: inputs.items,
          judgedItems,
          documentIds: known,
          level,
          k: config.k,
          metrics: config.metrics,
          relLevel: REL_LEVEL,
          unknownOnly,
        })
      : undefined;
  if (imported) warnings.push(...imported.warnings);
  return { inputs, level, warnings, built, judgedItems, unknownOnly, imported };
}
