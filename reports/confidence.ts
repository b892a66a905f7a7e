import type { Score } from '../kernel/score.js';
import { meanInterval } from '../evaluators/statistics/interval.js';

export const DEFAULT_RESAMPLES = 2000;

/** The interval fields of a metric's aggregate in summary.json. */
export interface MetricInterval {
  ci95: [number, number] | null;
  /** wilson for 0/1 scores, bootstrap-t otherwise (evaluators/statistics/interval.ts); null when there is no interval. */
  ciMethod: 'wilson' | 'bootstrap-t' | null;
  /** Why there is no interval although questions were scored (one question, all scores equal). */
  ciNote?: string;
  /** Standard deviation of the scored values (n − 1); null when nothing was scored. */
  sd: number | null;
}

/** The 95 % interval of a metric's mean over the scored questions (nulls skipped, like the mean itself). */
export function metricInterval(scores: readonly Score[], seed: number, resamples = DEFAULT_RESAMPLES): MetricInterval {
  const values: number[] = [];
  for (const score of scores) if (score.value !== null) values.push(score.value);
  const ci = meanInterval(values, { seed, resamples });
  if (!ci) return { ci95: null, ciMethod: null, sd: null };
  if (ci.lo === null || ci.hi === null) return { ci95: null, ciMethod: null, ciNote: ci.reason ?? 'no interval', sd: ci.sd };
  return { ci95: [ci.lo, ci.hi], ciMethod: ci.method, sd: ci.sd };
}

/** Just the interval (see metricInterval); null when nothing was scored or no interval can be estimated. */
export function meanCi95(scores: readonly Score[], seed: number, resamples = DEFAULT_RESAMPLES): [number, number] | null {
  return metricInterval(scores, seed, resamples).ci95;
}
