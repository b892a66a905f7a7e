import { relevantInTop, type JudgedRanking } from './judged-ranking.js';

/** recall@k (trec_eval recall_k); 0 for a query with no relevant documents. */
export function recallAt(ranking: JudgedRanking, k: number): number {
  return ranking.numRelevant === 0 ? 0 : relevantInTop(ranking, k) / ranking.numRelevant;
}
