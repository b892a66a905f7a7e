import { createRng } from '../../kernel/prng.js';

export interface PermutationOptions {
  seed: number;
  /** Random sign flips drawn when n > exactUpTo. Default 10000. */
  resamples?: number;
  /** Largest n enumerated exactly (2^n sign vectors). Default 16. */
  exactUpTo?: number;
}

export interface PermutationResult {
  /** Two-sided p-value; null when there is no pair. */
  p: number | null;
  method: 'exact' | 'monte-carlo' | 'none';
  /** Sign vectors evaluated (2^n when exact). */
  evaluated: number;
}

export const DEFAULT_PERMUTATIONS = 10000;

/**
 * Paired randomisation (sign-flip permutation) test of "no difference" on per-question
 * differences d_i = candidate_i − baseline_i. Under the null each difference is as likely to have
 * either sign, so the statistic |Σ s_i·d_i| is compared over sign vectors s ∈ {±1}^n; the
 * two-sided p-value is the share of sign vectors whose |sum| is at least the observed |Σ d_i|.
 *
 * - n ≤ exactUpTo (16): all 2^n sign vectors are enumerated; p is exact (the observed vector is
 *   among them, so p ≥ 2^−n... in fact ≥ 2^(1−n) because s and −s tie).
 * - n > exactUpTo: R random sign vectors, p = (1 + #{|sum| ≥ observed}) / (R + 1). The +1 counts
 *   the observed labelling itself; it keeps p > 0 and makes the Monte Carlo test valid
 *   (P(p ≤ α) ≤ α under the null) rather than slightly anti-conservative.
 *
 * Ties are judged with a relative tolerance of 1e-9 so that float rounding in sums of equal
 * magnitudes (e.g. 0.25 + 0.1 vs 0.1 + 0.25) cannot flip a comparison.
 */
export function signFlipTest(diffs: readonly number[], options: PermutationOptions): PermutationResult {
  const n = diffs.length;
  if (n === 0) return { p: null, method: 'none', evaluated: 0 };
  const exactUpTo = options.exactUpTo ?? 16;
  if (exactUpTo > 24) throw new RangeError(`exactUpTo ${exactUpTo} would enumerate more than 2^24 sign vectors`);
  let observed = 0;
  let scale = 0;
  for (const d of diffs) {
    observed += d;
    scale += Math.abs(d);
  }
  observed = Math.abs(observed);
  if (scale === 0) return { p: 1, method: n <= exactUpTo ? 'exact' : 'monte-carlo', evaluated: 0 };
  const threshold = observed - 1e-9 * scale;

  if (n <= exactUpTo) {
    const total = 2 ** n;
    let extreme = 0;
    for (let mask = 0; mask < total; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mask & (1 << i) ? -diffs[i]! : diffs[i]!;
      if (Math.abs(s) >= threshold) extreme++;
    }
    return { p: extreme / total, method: 'exact', evaluated: total };
  }

  const resamples = options.resamples ?? DEFAULT_PERMUTATIONS;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const rng = createRng(options.seed);
  let extreme = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += rng() < 0.5 ? -diffs[i]! : diffs[i]!;
    if (Math.abs(s) >= threshold) extreme++;
  }
  return { p: (1 + extreme) / (resamples + 1), method: 'monte-carlo', evaluated: resamples };
}
