import type { Score } from '../kernel/score.js';
import { bootstrapMeanCi, DEFAULT_RESAMPLES } from '../evaluators/statistics/bootstrap.js';

/**
 * The 95 % percentile bootstrap interval of a metric's mean over the scored questions
 * (nulls skipped, like the mean itself); null when nothing was scored.
 */
export function meanCi95(scores: readonly Score[], seed: number, resamples = DEFAULT_RESAMPLES): [number, number] | null {
  const values: number[] = [];
  for (const score of scores) if (score.value !== null) values.push(score.value);
  const ci = bootstrapMeanCi(values, { seed, resamples });
  return ci ? [ci.lo, ci.hi] : null;
}
