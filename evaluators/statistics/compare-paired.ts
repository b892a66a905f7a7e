import { isBinary, meanAndSd } from './interval.js';
import { exactMcNemar } from './mcnemar.js';
import { normalQuantile } from './distributions.js';
import { signFlipInterval } from './sign-flip-interval.js';

/**
 * One paired comparison of per-question scores (candidate − baseline) on any set of questions:
 * a whole run, or a slice of it (a language, a tag). The test and the interval come from one
 * procedure, so `significant` ⇔ the interval excludes 0:
 *
 * - both sides 0/1 → exact McNemar (binomial on the discordant pairs) with its matching interval;
 * - otherwise → the paired sign-flip test and the interval made by inverting it.
 *
 * `alpha` is the per-comparison level (already divided by the family size when the comparison
 * belongs to a family; see multiplicity.ts). When the difference is not significant,
 * `detectable` is the smallest true difference this many questions would detect with 80 %
 * power at that level (normal approximation from the spread of the differences), and
 * `questionsFor(effect)` says roughly how many questions a given difference would need.
 */
export type PairedMethod = 'mcnemar-exact' | 'sign-flip-exact' | 'sign-flip-monte-carlo';

export interface PairedComparison {
  n: number;
  baselineMean: number;
  candidateMean: number;
  /** Mean of candidate − baseline. */
  difference: number;
  /** Interval at level 1 − alpha. */
  lo: number;
  hi: number;
  level: number;
  p: number;
  significant: boolean;
  method: PairedMethod;
  /** Standard deviation of the per-question differences. */
  sdDifference: number;
  /** 0/1 scores: questions the candidate wins and loses. */
  discordant?: { wins: number; losses: number };
  /** Smallest |difference| detectable with 80 % power at this alpha and n; null when the differences have no spread. */
  detectable: number | null;
}

export interface PairedOptions {
  alpha: number;
  seed: number;
  permutations?: number;
  exactUpTo?: number;
}

export const POWER = 0.8;

export function comparePaired(baseline: readonly number[], candidate: readonly number[], options: PairedOptions): PairedComparison | null {
  const n = baseline.length;
  if (n !== candidate.length) throw new RangeError(`comparePaired: ${n} baseline and ${candidate.length} candidate scores`);
  if (n === 0) return null;
  const diffs = candidate.map((c, i) => c - baseline[i]!);
  const { mean: difference, sd: sdDifference } = meanAndSd(diffs);
  const common = {
    n,
    baselineMean: meanAndSd(baseline).mean,
    candidateMean: meanAndSd(candidate).mean,
    difference,
    level: 1 - options.alpha,
    sdDifference,
    detectable: detectableDifference(sdDifference, n, options.alpha),
  };
  if (isBinary(baseline) && isBinary(candidate)) {
    let wins = 0;
    let losses = 0;
    for (const d of diffs) {
      if (d > 0) wins++;
      else if (d < 0) losses++;
    }
    const r = exactMcNemar(wins, losses, n, options.alpha);
    return { ...common, lo: r.lo, hi: r.hi, p: r.p, significant: r.significant, method: 'mcnemar-exact', discordant: { wins, losses } };
  }
  const r = signFlipInterval(diffs, options)!;
  const significant = r.lo > 0 || r.hi < 0;
  // Scores in [0, 1] differ by at most 1: a bound beyond that (too few questions to ever reject) is clipped.
  const unit = [...baseline, ...candidate].every((v) => v >= 0 && v <= 1);
  const lo = unit ? Math.max(-1, r.lo) : r.lo;
  const hi = unit ? Math.min(1, r.hi) : r.hi;
  return { ...common, lo, hi, p: r.p, significant, method: r.method === 'exact' ? 'sign-flip-exact' : 'sign-flip-monte-carlo' };
}

/** Smallest true mean difference detected with `power` by a two-sided test at `alpha` (normal approximation). */
export function detectableDifference(sd: number, n: number, alpha: number, power = POWER): number | null {
  if (!(sd > 0) || n < 1) return null;
  return ((normalQuantile(1 - alpha / 2) + normalQuantile(power)) * sd) / Math.sqrt(n);
}

/** Questions needed to detect a true mean difference `effect` with `power` at `alpha`, given the spread of the differences. */
export function questionsFor(effect: number, sd: number, alpha: number, power = POWER): number | null {
  if (!(sd > 0) || !(Math.abs(effect) > 0)) return null;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return Math.ceil(((z * sd) / Math.abs(effect)) ** 2);
}
