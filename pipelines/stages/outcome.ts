import type { Judgments } from '../../evaluators/ir/relevance.js';
import type { ConfigurationSummary } from '../../reports/summary-schema.js';
import type { BuiltRetriever, ChunkingKey } from './built-retriever.js';
import type { QueryRetrieval } from './retrieve.js';
import type { QueryScores } from './score-retrieval.js';

/** What produced a configuration's results: a built retriever, or imported answers (pipelines/imported-configuration.ts). */
export interface OutcomeSource {
  config: { name: string; type: ConfigurationSummary['type'] };
  /** null: imported answers were not chunked by this run. */
  chunking: ChunkingKey | null;
  description: string;
  models: string[];
  embedder?: BuiltRetriever['embedder'];
  embeddingCost?: BuiltRetriever['embeddingCost'];
  ann?: BuiltRetriever['ann'];
}

export interface ConfigurationOutcome {
  built: OutcomeSource;
  /** Imported answers: nothing was retrieved or timed (latency is not reported). */
  imported?: { file: string; answered: number };
  k: number;
  chunkCount: number;
  /** Retrieval latency per question in test-set order (imported answers: 0, never reported). */
  latencyMs: Float64Array | readonly number[];
  /**
   * Each question's retrieved chunks in test-set order, held only when a later stage reads them
   * (LLM judges, library metrics) or they came from a file (imported answers); otherwise they
   * are read back from retrieval.jsonl for the few questions a report shows.
   */
  retrievals?: QueryRetrieval[];
  scores: QueryScores[];
  judgments: Judgments;
  indexMs: number;
  embedding: { texts: number; seconds: number; modelLoadSeconds: number | null } | undefined;
}

/** The retrieved chunks of a stage that needs them (judges, library metrics); the run keeps them whenever such a stage runs. */
export function heldRetrievals(outcome: Pick<ConfigurationOutcome, 'built' | 'retrievals'>): QueryRetrieval[] {
  if (!outcome.retrievals) throw new Error(`configuration "${outcome.built.config.name}": its retrieved chunks were not kept for this stage`);
  return outcome.retrievals;
}
