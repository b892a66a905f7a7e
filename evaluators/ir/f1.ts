import type { JudgedRanking } from './judged-ranking.js';
import { precisionAt } from './precision.js';
import { recallAt } from './recall.js';

/** F1@k: harmonic mean of P@k and recall@k, 0 when both are 0 (not a trec_eval measure). */
export function f1At(ranking: JudgedRanking, k: number): number {
  const precision = precisionAt(ranking, k);
  const recall = recallAt(ranking, k);
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
