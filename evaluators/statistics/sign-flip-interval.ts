import { createRng } from '../../kernel/prng.js';

/**
 * The paired sign-flip (randomisation) test of "the mean difference is Δ0" and the interval
 * made by inverting it, from one set of sign vectors, so the interval excludes 0 exactly when
 * p < α.
 *
 * Test of Δ0: flip the signs of a subset F of the shifted differences d_i − Δ0 and compare
 * |Σ s_i (d_i − Δ0)| with the observed |Σ (d_i − Δ0)|. Squaring both sides and factoring shows
 * that a sign vector is "at least as extreme" exactly when Δ0 lies between the mean of d over
 * F and the mean of d over the rest: every sign vector is an interval of Δ0 around the mean
 * difference. So p(Δ0) counts the intervals that contain Δ0, and the (1 − α) interval is
 * [K-th smallest left end, K-th largest right end] with K the smallest count that is not rejected.
 *
 * - n ≤ exactUpTo: all 2^n sign vectors (p exact; the identity and its negation always count).
 * - larger n: R random sign vectors plus the observed one, p = (1 + count)/(R + 1), a valid test.
 */
export interface SignFlipInterval {
  /** Two-sided p of Δ0 = 0. */
  p: number;
  /** Bounds of the (1 − alpha) interval; equal when every difference is the same. */
  lo: number;
  hi: number;
  method: 'exact' | 'monte-carlo';
  /** Sign vectors evaluated. */
  evaluated: number;
}

export interface SignFlipIntervalOptions {
  alpha: number;
  seed: number;
  /** Random sign vectors when n > exactUpTo; default 10000. */
  permutations?: number;
  /** Largest n enumerated exactly; default 16. */
  exactUpTo?: number;
}

export function signFlipInterval(diffs: readonly number[], options: SignFlipIntervalOptions): SignFlipInterval | null {
  const n = diffs.length;
  if (n === 0) return null;
  const exactUpTo = options.exactUpTo ?? 16;
  if (exactUpTo > 24) throw new RangeError(`exactUpTo ${exactUpTo} would enumerate more than 2^24 sign vectors`);
  if (!(options.alpha > 0 && options.alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${options.alpha}`);
  let total = 0;
  let scale = 0;
  for (const d of diffs) {
    total += d;
    scale += Math.abs(d);
  }
  // Ends within this distance of 0 are 0: float rounding must not decide a tie at Δ0 = 0.
  const tol = 1e-9 * (scale / n + 1e-300);
  const snap = (x: number) => (Math.abs(x) <= tol ? 0 : x);
  const exact = n <= exactUpTo;
  const count = exact ? 2 ** n - 2 : (options.permutations ?? 10000);
  if (!exact && (!Number.isInteger(count) || count < 1)) throw new RangeError(`permutations must be a positive integer, got ${count}`);
  const left = new Float64Array(count);
  const right = new Float64Array(count);
  let filled = 0;
  const add = (flippedSum: number, flipped: number) => {
    if (flipped === 0 || flipped === n) {
      left[filled] = -Infinity;
      right[filled++] = Infinity;
      return;
    }
    const a = snap(flippedSum / flipped);
    const b = snap((total - flippedSum) / (n - flipped));
    left[filled] = Math.min(a, b);
    right[filled++] = Math.max(a, b);
  };
  if (exact) {
    // Every mask except all-kept and all-flipped (those two contain every Δ0 and are added to the count below).
    for (let mask = 1; mask < 2 ** n - 1; mask++) {
      let s = 0;
      let k = 0;
      for (let i = 0; i < n; i++)
        if (mask & (1 << i)) {
          s += diffs[i]!;
          k++;
        }
      add(s, k);
    }
  } else {
    const rng = createRng(options.seed);
    for (let r = 0; r < count; r++) {
      let s = 0;
      let k = 0;
      // 32 fair coin flips from each draw: the generator's output is a uniform 32-bit integer / 2^32.
      let bits = 0;
      for (let i = 0; i < n; i++) {
        if ((i & 31) === 0) bits = (rng() * 4294967296) >>> 0;
        if (bits & 1) {
          s += diffs[i]!;
          k++;
        }
        bits >>>= 1;
      }
      add(s, k);
    }
  }
  // Always-counted sign vectors and the denominator: 2 of 2^n exactly, the observed 1 of R + 1 by Monte Carlo.
  const always = exact ? 2 : 1;
  const denominator = count + always;
  let containing = 0;
  for (let i = 0; i < count; i++) if (left[i]! <= 0 && 0 <= right[i]!) containing++;
  const p = Math.min(1, (always + containing) / denominator);
  // Not rejected at Δ0 ⇔ (always + count(Δ0)) / denominator ≥ alpha ⇔ count(Δ0) ≥ need.
  const need = Math.max(0, Math.ceil(options.alpha * denominator - always - 1e-9));
  const meanDiff = total / n;
  let lo: number;
  let hi: number;
  if (need === 0) {
    lo = -Infinity;
    hi = Infinity;
  } else {
    lo = Math.min(kthSmallest(left, need - 1), snap(meanDiff));
    hi = Math.max(-kthSmallest(right.map((v) => -v), need - 1), snap(meanDiff));
  }
  return { p, lo, hi, method: exact ? 'exact' : 'monte-carlo', evaluated: exact ? 2 ** n : count };
}

/** The k-th smallest value (0-based) by quickselect, reordering `values` in place: O(n) instead of a sort. */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
