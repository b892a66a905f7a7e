/**
 * What the run keeps of each retrieval result, as it arrives from the retrieval stage: its IR
 * scores (scored at once), its latency, and its retrieved chunks only when a later stage reads
 * them (LLM judges, library metrics). Everything else is in retrieval.jsonl, so a run of 100k
 * questions × 50 results never holds the results themselves.
 */
import type { BuiltRetriever } from './built-retriever.js';
import type { RetrievalResult } from './retrieval-stage.js';
import type { QueryRetrieval } from './retrieve.js';
import type { QueryScores } from './score-retrieval.js';

export interface CollectedResults {
  /** IR scores per question, in test-set order. */
  scores: QueryScores[];
  /** Retrieval latency per question, in test-set order. */
  latencyMs: Float64Array;
  /** Retrieved chunks per question in test-set order; only when `keepHits`. */
  retrievals?: QueryRetrieval[];
  /** Robustness: the perturbed variants' scores, in variant order. */
  perturbed: QueryScores[];
}

export interface Scorers {
  original: (retrieval: QueryRetrieval) => QueryScores;
  /** Scores a perturbed variant (robustness); absent when there are none. */
  perturbed?: (retrieval: QueryRetrieval) => QueryScores;
}

export function createResultCollector(options: {
  /** Questions of the test set; results at positions past them are perturbed variants. */
  questions: number;
  variants: number;
  keepHits: boolean;
  /** The scoring functions of a configuration (called once per configuration). */
  scorersFor: (built: BuiltRetriever, k: number) => Scorers;
}): { onResult(result: RetrievalResult): void; take(name: string): CollectedResults } {
  const byName = new Map<string, { scorers: Scorers; scores: QueryScores[]; latencyMs: Float64Array; retrievals?: QueryRetrieval[]; perturbed: QueryScores[] }>();
  const entryOf = (built: BuiltRetriever, k: number) => {
    let entry = byName.get(built.config.name);
    if (!entry) {
      entry = {
        scorers: options.scorersFor(built, k),
        scores: new Array<QueryScores>(options.questions),
        latencyMs: new Float64Array(options.questions),
        ...(options.keepHits ? { retrievals: new Array<QueryRetrieval>(options.questions) } : {}),
        perturbed: new Array<QueryScores>(options.variants),
      };
      byName.set(built.config.name, entry);
    }
    return entry;
  };
  return {
    onResult({ built, k, index, retrieval }) {
      const entry = entryOf(built, k);
      if (index >= options.questions) {
        entry.perturbed[index - options.questions] = entry.scorers.perturbed!(retrieval);
        return;
      }
      entry.scores[index] = entry.scorers.original(retrieval);
      entry.latencyMs[index] = retrieval.latencyMs;
      if (entry.retrievals) entry.retrievals[index] = retrieval;
    },
    take(name) {
      const entry = byName.get(name);
      byName.delete(name);
      const missing = entry ? [...entry.scores, ...entry.perturbed].filter((s) => s === undefined).length : options.questions + options.variants;
      // The retrieval stage answers every question or throws; a gap here is a defect, not a user error.
      if (!entry || missing > 0 || entry.scores.length + entry.perturbed.length !== options.questions + options.variants) {
        throw new Error(`retrieval stage: ${missing} result(s) of configuration "${name}" are missing`);
      }
      return { scores: entry.scores, latencyMs: entry.latencyMs, ...(entry.retrievals ? { retrievals: entry.retrievals } : {}), perturbed: entry.perturbed };
    },
  };
}
