import { createRng, randomIndex } from '../../kernel/prng.js';

export interface BootstrapOptions {
  /** Number of bootstrap resamples (B). Default 2000. */
  resamples?: number;
  seed: number;
  /** Confidence level; default 0.95. */
  level?: number;
}

export interface MeanInterval {
  mean: number;
  lo: number;
  hi: number;
}

export const DEFAULT_RESAMPLES = 2000;

/**
 * Percentile bootstrap confidence interval of the mean of `values`.
 *
 * Draws B resamples of size n with replacement, sorts their means and reads the interval off
 * the sorted list: lo = means[floor(a·B)], hi = means[ceil((1 − a)·B) − 1] with a = (1 − level)/2
 * (for B = 2000 at 95 %: the 51st and the 1950th smallest means). Returns null for no values.
 * With one value, or all values equal, the interval collapses to that value.
 *
 * The percentile interval is slightly too narrow for small n (≈ 93.5 % actual coverage at n = 30
 * for normal data); it is the standard, assumption-light choice for bounded IR scores.
 */
export function bootstrapMeanCi(values: readonly number[], options: BootstrapOptions): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);
  const mean = sum(values) / n;
  const rng = createRng(options.seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += values[randomIndex(rng, n)]!;
    means[b] = total / n;
  }
  means.sort();
  const a = (1 - level) / 2;
  const loIndex = Math.min(resamples - 1, Math.floor(a * resamples));
  const hiIndex = Math.max(0, Math.ceil((1 - a) * resamples) - 1);
  return { mean, lo: means[loIndex]!, hi: means[hiIndex]! };
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
