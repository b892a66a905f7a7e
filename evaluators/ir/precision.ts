import { relevantInTop, type JudgedRanking } from './judged-ranking.js';

/** P@k (trec_eval P_k): the denominator is always k, even when fewer than k were retrieved. */
export function precisionAt(ranking: JudgedRanking, k: number): number {
  return relevantInTop(ranking, k) / k;
}
