import { comparePaired, questionsFor, type PairedMethod } from '../evaluators/statistics/compare-paired.js';
import { meanInterval } from '../evaluators/statistics/interval.js';
import { pairScores } from '../evaluators/statistics/paired.js';

/**
 * - improved / regressed: significant (the interval excludes 0) and at least minEffect;
 * - negligible: significant but smaller than minEffect;
 * - no significant change: not significant, and the interval rules out a change as large as the effect of interest
 *   (minEffect, or 0.05 when minEffect is 0);
 * - inconclusive: not significant, but the interval still allows a change of that size: too few questions
 *   (`detectable` and `questionsNeeded` say how far off);
 * - not comparable: no question measured on both sides.
 */
export type Verdict = 'improved' | 'regressed' | 'negligible' | 'no significant change' | 'inconclusive' | 'not comparable';

export interface MetricComparison {
  metricId: string;
  /** In the family: decides the exit code (primary metric or gated by maxDrop). */
  decides: boolean;
  method: PairedMethod | null;
  /** Means over the paired questions only (both sides measured). */
  baselineMean: number | null;
  candidateMean: number | null;
  /** 95 % interval of each side's mean over the paired questions (Wilson or bootstrap-t); null when none can be estimated. */
  baselineCi: [number, number] | null;
  candidateCi: [number, number] | null;
  /** candidate − baseline, mean over pairs. */
  difference: number | null;
  /** Interval of the difference at `level` (1 − the comparison's alpha); excludes 0 ⇔ significant. */
  ci: [number, number] | null;
  level: number;
  p: number | null;
  significant: boolean;
  pairs: number;
  droppedNull: number;
  /** 0/1 scores: questions the candidate wins and loses. */
  discordant?: { wins: number; losses: number };
  /** Smallest true difference these questions detect with 80 % power at this level. */
  detectable: number | null;
  /** Roughly how many questions would detect `effectOfInterest` with 80 % power. */
  questionsNeeded: number | null;
  verdict: Verdict;
}

export interface MetricCompareOptions {
  alpha: number;
  seed: number;
  permutations: number;
  resamples: number;
  minEffect: number;
  /** The change a "no significant change" must rule out: minEffect, or 0.05 when minEffect is 0. */
  effectOfInterest: number;
  decides: boolean;
}

export function compareMetric(
  metricId: string,
  baseline: ReadonlyMap<string, number | null>,
  candidate: ReadonlyMap<string, number | null>,
  options: MetricCompareOptions,
): MetricComparison {
  const paired = pairScores(baseline, candidate);
  const r = comparePaired(paired.baseline, paired.candidate, { alpha: options.alpha, seed: options.seed, permutations: options.permutations });
  const level = 1 - options.alpha;
  const empty = { metricId, decides: options.decides, level, pairs: paired.qids.length, droppedNull: paired.droppedNull };
  if (!r) {
    return {
      ...empty,
      method: null,
      baselineMean: null,
      candidateMean: null,
      baselineCi: null,
      candidateCi: null,
      difference: null,
      ci: null,
      p: null,
      significant: false,
      detectable: null,
      questionsNeeded: null,
      verdict: 'not comparable',
    };
  }
  const side = (values: number[], salt: number): [number, number] | null => {
    const ci = meanInterval(values, { seed: options.seed + salt, resamples: options.resamples });
    return ci && ci.lo !== null && ci.hi !== null ? [ci.lo, ci.hi] : null;
  };
  const needed = r.significant ? null : questionsFor(options.effectOfInterest, r.sdDifference, options.alpha);
  return {
    ...empty,
    method: r.method,
    baselineMean: r.baselineMean,
    candidateMean: r.candidateMean,
    baselineCi: side(paired.baseline, 2),
    candidateCi: side(paired.candidate, 3),
    difference: r.difference,
    ci: [r.lo, r.hi],
    p: r.p,
    significant: r.significant,
    ...(r.discordant ? { discordant: r.discordant } : {}),
    detectable: r.detectable,
    questionsNeeded: needed,
    verdict: verdictOf(r, options),
  };
}

function verdictOf(r: { significant: boolean; difference: number; lo: number; hi: number }, options: MetricCompareOptions): Verdict {
  // A tiny epsilon keeps a change of exactly minEffect (in decimal) on the "matters" side despite float error.
  if (r.significant) return Math.abs(r.difference) + 1e-12 < options.minEffect ? 'negligible' : r.difference > 0 ? 'improved' : 'regressed';
  // Not significant: "no change" only when the interval also rules out a change of the effect of interest.
  const eps = 1e-12;
  return r.lo >= -options.effectOfInterest - eps && r.hi <= options.effectOfInterest + eps ? 'no significant change' : 'inconclusive';
}
