import type { JudgedRanking } from './judged-ranking.js';

/** trec_eval num_ret: documents retrieved (after -M). */
export function numRetrieved(ranking: JudgedRanking): number {
  return ranking.numRetrieved;
}

/** trec_eval num_rel: judged documents at or above the relevance level. */
export function numRelevant(ranking: JudgedRanking): number {
  return ranking.numRelevant;
}

/** trec_eval num_rel_ret: relevant documents retrieved. */
export function numRelevantRetrieved(ranking: JudgedRanking): number {
  return ranking.relevantRanks.length;
}
