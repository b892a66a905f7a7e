import { relevantInTop, type JudgedRanking } from './judged-ranking.js';

/** R-precision (trec_eval Rprec): precision at R = number of relevant documents; 0 when R = 0. */
export function rPrecision(ranking: JudgedRanking): number {
  const r = ranking.numRelevant;
  return r === 0 ? 0 : relevantInTop(ranking, r) / r;
}
