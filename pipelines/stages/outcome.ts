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
  retrievals: QueryRetrieval[];
  scores: QueryScores[];
  judgments: Judgments;
  indexMs: number;
  embedding: { texts: number; seconds: number; modelLoadSeconds: number | null } | undefined;
}
