import type { JudgedRanking } from './judged-ranking.js';

/**
 * nDCG as trec_eval computes it: gain = grade, discount 1 / log2(rank + 1), and the ideal DCG
 * from all judged documents sorted by gain (cut at the same depth for nDCG@k). 0 when the
 * query has no document with positive gain.
 */
export function ndcg(ranking: JudgedRanking): number {
  return ndcgAt(ranking, Infinity);
}

/** nDCG@k (trec_eval ndcg_cut_k). */
export function ndcgAt(ranking: JudgedRanking, k: number): number {
  const ideal = discountedCumulativeGain(ranking.idealGains, k);
  return ideal === 0 ? 0 : discountedCumulativeGain(ranking.gains, k) / ideal;
}

export function discountedCumulativeGain(gains: readonly number[], k: number): number {
  const depth = Math.min(k, gains.length);
  let sum = 0;
  for (let i = 0; i < depth; i++) {
    const gain = gains[i]!;
    if (gain !== 0) sum += gain / Math.log2(i + 2);
  }
  return sum;
}
