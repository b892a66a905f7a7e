import { createRng, randomIndex } from '../../kernel/prng.js';
import { normalQuantile } from './distributions.js';

/**
 * The confidence interval of one metric's mean over questions, chosen by the kind of score:
 *
 * - **0/1 scores** (hit rate, P@1, success): the Wilson score interval. It never collapses to a
 *   point (13 hits out of 13 gives [0.77, 1], not [1, 1]) and its coverage stays near the nominal
 *   level at small n, where the bootstrap's does not.
 * - **other scores** (AP, nDCG, RR, judge scores): the studentized (bootstrap-t) interval. Each
 *   resample's mean is standardised by its own standard error, which corrects for the skew of
 *   bounded scores (many zeros, a long tail) that makes the percentile interval too short.
 *   When every score lies in [0, 1] the bounds are clipped to [0, 1].
 *
 * When the interval cannot be estimated from the data (one question, or every score the same
 * value other than 0/1) `lo`/`hi` are null and `reason` says why — never a zero-width "95 % CI".
 */
export type IntervalMethod = 'wilson' | 'bootstrap-t';

export interface MeanIntervalResult {
  mean: number;
  n: number;
  /** Sample standard deviation (n − 1 denominator); 0 for one value. */
  sd: number;
  lo: number | null;
  hi: number | null;
  method: IntervalMethod | null;
  reason?: string;
}

export interface MeanIntervalOptions {
  seed: number;
  /** Confidence level; default 0.95. */
  level?: number;
  /** Bootstrap-t resamples; default 2000. */
  resamples?: number;
}

export function isBinary(values: readonly number[]): boolean {
  for (const v of values) if (v !== 0 && v !== 1) return false;
  return true;
}

export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  let total = 0;
  for (const v of values) total += v;
  const mean = total / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** Wilson score interval for k successes out of n at the given level. */
export function wilsonInterval(k: number, n: number, level = 0.95): [number, number] {
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // Exact at the edges: 0 successes → lower bound 0, all successes → upper bound 1.
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** The interval of the mean of `values` (see the module comment); null for no values. */
export function meanInterval(values: readonly number[], options: MeanIntervalOptions): MeanIntervalResult | null {
  const n = values.length;
  if (n === 0) return null;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);
  const { mean, sd } = meanAndSd(values);
  if (isBinary(values)) {
    const [lo, hi] = wilsonInterval(Math.round(mean * n), n, level);
    return { mean, n, sd, lo, hi, method: 'wilson' };
  }
  if (n === 1) return { mean, n, sd, lo: null, hi: null, method: null, reason: 'one question: no interval can be estimated' };
  if (sd === 0) return { mean, n, sd, lo: null, hi: null, method: null, reason: `all ${n} scores are equal: the data give no estimate of the spread` };
  const [lo, hi] = bootstrapT(values, mean, sd, level, options);
  const unit = values.every((v) => v >= 0 && v <= 1);
  return { mean, n, sd, lo: unit ? Math.max(0, lo) : lo, hi: unit ? Math.min(1, hi) : hi, method: 'bootstrap-t' };
}

const DEFAULT_T_RESAMPLES = 2000;

/**
 * Bootstrap-t: t*_b = (mean*_b − mean) / se*_b over B resamples; the interval is
 * [mean − t*_(1−a)·se, mean − t*_(a)·se]. A resample with no spread has t = ±∞ (or 0 when its
 * mean equals the sample mean), which keeps it in the right tail instead of dropping it.
 */
function bootstrapT(values: readonly number[], mean: number, sd: number, level: number, options: MeanIntervalOptions): [number, number] {
  const n = values.length;
  const resamples = options.resamples ?? DEFAULT_T_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const rng = createRng(options.seed);
  const ts = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = values[randomIndex(rng, n)]!;
      s += v;
      s2 += v * v;
    }
    const m = s / n;
    const variance = Math.max(0, (s2 - n * m * m) / (n - 1));
    const diff = m - mean;
    const se = Math.sqrt(variance / n);
    ts[b] = se > 1e-12 * (Math.abs(mean) + sd) ? diff / se : Math.abs(diff) <= 1e-12 * (Math.abs(mean) + sd) ? 0 : diff > 0 ? Infinity : -Infinity;
  }
  ts.sort();
  const a = (1 - level) / 2;
  const tLo = ts[Math.min(resamples - 1, Math.floor(a * resamples))]!;
  const tHi = ts[Math.max(0, Math.ceil((1 - a) * resamples) - 1)]!;
  const se = sd / Math.sqrt(n);
  const lo = mean - tHi * se;
  const hi = mean - tLo * se;
  // An infinite bound (too many resamples without spread) falls back to the sample's own range.
  return [Number.isFinite(lo) ? lo : Math.min(...values), Number.isFinite(hi) ? hi : Math.max(...values)];
}
