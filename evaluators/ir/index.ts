/** Public surface of the IR metrics: evaluate runs with trec_eval's conventions. */
export { evaluateRun, evaluatedQueryIds, type EvaluateRunInput, type RunEvaluation } from './evaluate-run.js';
export { judgeRanking, type JudgedRanking } from './judged-ranking.js';
export {
  MEASURES, MEASURE_FAMILIES, OFFICIAL_MEASURES, parseMeasureId, parseMeasureSpecs,
  type MeasureDefinition, type MeasureFamily, type ResolvedMeasure,
} from './registry.js';
export { averagePrecision, geometricMean } from './average-precision.js';
export { precisionAt } from './precision.js';
export { recallAt } from './recall.js';
export { f1At } from './f1.js';
export { successAt } from './success.js';
export { reciprocalRank } from './reciprocal-rank.js';
export { rPrecision } from './r-precision.js';
export { ndcg, ndcgAt, discountedCumulativeGain } from './ndcg.js';
export { numRetrieved, numRelevant, numRelevantRetrieved } from './counts.js';
