import { betaQuantile, binomialUpperTail } from './distributions.js';

/**
 * Exact McNemar-style comparison of paired 0/1 scores (hit, P@1, success).
 *
 * Only discordant questions carry information: `wins` where the candidate scores 1 and the
 * baseline 0, `losses` the other way, m = wins + losses. Under "no difference" wins ~ Bin(m, ½);
 * p doubles the smaller exact tail (capped at 1). θ = P(candidate wins | discordant) gets the
 * Clopper–Pearson interval at the same α, which excludes ½ exactly when p < α, and the mean
 * difference is (wins − losses)/n = (m/n)(2θ − 1), so the interval of the difference is
 * (m/n)(2θ − 1) at both ends of θ's interval: it excludes 0 exactly when the test rejects.
 *
 * With no discordant question (m = 0) the observed difference is 0 and p = 1; the interval is
 * ±u, where u is the Clopper–Pearson upper bound of the share of discordant questions (0 of n),
 * because the true difference can be no larger than that share.
 */
export interface McNemarResult {
  wins: number;
  losses: number;
  n: number;
  p: number;
  lo: number;
  hi: number;
  significant: boolean;
}

export function exactMcNemar(wins: number, losses: number, n: number, alpha: number): McNemarResult {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  if (n <= 0 || wins + losses > n) throw new RangeError(`exactMcNemar: ${wins} + ${losses} discordant of ${n}`);
  const m = wins + losses;
  if (m === 0) {
    const u = 1 - (alpha / 2) ** (1 / n);
    return { wins, losses, n, p: 1, lo: -u, hi: u, significant: false };
  }
  const upper = binomialUpperTail(wins, m, 0.5);
  const lower = binomialUpperTail(losses, m, 0.5);
  const p = Math.min(1, 2 * Math.min(upper, lower));
  const thetaLo = wins === 0 ? 0 : betaQuantile(alpha / 2, wins, m - wins + 1);
  const thetaHi = wins === m ? 1 : betaQuantile(1 - alpha / 2, wins + 1, m - wins);
  const share = m / n;
  // The test decides; the interval agrees with it by construction, and the ends are pinned so
  // that float error in the beta quantiles cannot put 0 on the wrong side.
  const significant = p < alpha;
  let lo = share * (2 * thetaLo - 1);
  let hi = share * (2 * thetaHi - 1);
  if (!significant) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  } else if (wins > losses) lo = Math.max(lo, Number.MIN_VALUE);
  else hi = Math.min(hi, -Number.MIN_VALUE);
  return { wins, losses, n, p, lo, hi, significant };
}
