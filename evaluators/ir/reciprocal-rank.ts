import type { JudgedRanking } from './judged-ranking.js';

/** Reciprocal rank of the first relevant document (trec_eval recip_rank); 0 when none is retrieved. */
export function reciprocalRank(ranking: JudgedRanking): number {
  const first = ranking.relevantRanks[0];
  return first === undefined ? 0 : 1 / first;
}
