import { chunkingId } from '../stages/built-retriever.js';
import { planJudges } from '../stages/judge/plan-judges.js';
import { prepareInputs } from '../stages/prepare-inputs.js';
import { resolveFromConfig, type LoadedConfig } from '../config/load.js';
import type { ProgressSink } from '../progress/progress.js';
import { ownPathsOf } from './own-paths.js';

/** What `rag-eval run --dry-run` prints and `--dry-run --json` returns. */
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
export async function planRun(options: { loaded: LoadedConfig; progress: ProgressSink; judgeSamples?: number; outDir?: string; resume?: string }): Promise<RunPlan> {
  const { loaded, progress } = options;
  const ownPaths = ownPathsOf(loaded, { outDir: options.outDir, resume: options.resume });
  const inputs = await prepareInputs({ config: loaded.config, resolve: (p) => resolveFromConfig(loaded, p), progress, ownPaths });
  const configurations = loaded.config.retrievers.map((r) => ({
    name: r.name,
    k: r.k ?? loaded.config.k,
    chunking: r.type === 'hybrid' ? 'as its members' : chunkingId(r.chunking ?? loaded.config.chunking),
  }));
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
