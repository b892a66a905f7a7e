import { relevantInTop, type JudgedRanking } from './judged-ranking.js';

/** Hit rate@k (trec_eval success_k): 1 when a relevant document is in the top k, else 0. */
export function successAt(ranking: JudgedRanking, k: number): number {
  return relevantInTop(ranking, k) > 0 ? 1 : 0;
}
