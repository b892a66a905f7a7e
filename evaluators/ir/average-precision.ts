import type { JudgedRanking } from './judged-ranking.js';

/**
 * Average precision (trec_eval map per query): the sum of precision at each relevant retrieved
 * document, divided by all relevant documents (retrieved or not); 0 with no relevant documents.
 */
export function averagePrecision(ranking: JudgedRanking): number {
  if (ranking.numRelevant === 0) return 0;
  let sum = 0;
  ranking.relevantRanks.forEach((rank, index) => {
    sum += (index + 1) / rank;
  });
  return sum / ranking.numRelevant;
}

/** trec_eval floors each value before taking logs so one zero does not zero the mean. */
export const GEOMETRIC_MEAN_FLOOR = 0.00001;

/** Geometric mean over queries as trec_eval's gm_map computes it; 0 for no values. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let logSum = 0;
  for (const value of values) logSum += Math.log(Math.max(value, GEOMETRIC_MEAN_FLOOR));
  return Math.exp(logSum / values.length);
}
