import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, createRng, pairedBootstrapCi, signFlipTest, type Rng } from '../../../evaluators/statistics/index.js';

/** Standard normal draw (Box–Muller) from the seeded generator. */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Kolmogorov–Smirnov distance between a sample and Uniform(0, 1). */
function ksUniform(sample: readonly number[]): number {
  const sorted = [...sample].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    d = Math.max(d, (i + 1) / sorted.length - x, x - i / sorted.length);
  });
  return d;
}

/*
 * Simulations with fixed seeds, sized to run in well under a second each. Tolerances are set
 * from the binomial standard error of M simulated data sets, so a correct implementation passes
 * and a wrong level (90 % or 99 % intervals, a one-sided p) fails.
 */
describe('simulation: the statistics behave as advertised', () => {
  it('under no true difference, permutation p-values are close to uniform (exact and Monte Carlo)', () => {
    const rng = createRng(2024);
    const M = 1000;
    for (const n of [12, 30]) {
      const ps: number[] = [];
      for (let m = 0; m < M; m++) {
        // paired scores with a shared question effect and no candidate effect
        const diffs = Array.from({ length: n }, () => 0.1 * normal(rng));
        ps.push(signFlipTest(diffs, { seed: m, resamples: 499 }).p!);
      }
      const below05 = ps.filter((p) => p <= 0.05).length / M;
      // SE of a proportion of 0.05 over 1000 draws is 0.0069; ±0.025 is ≈ 3.6 SE. A one-sided
      // p-value (half as large) would put ≈ 0.10 below 0.05 and fail.
      console.log(`n=${n}: P(p<=0.05)=${below05} KS=${ksUniform(ps).toFixed(4)}`);
      expect(below05).toBeGreaterThan(0.025);
      expect(below05).toBeLessThan(0.075);
      // KS critical value at α = 0.001 for M = 1000 is 1.95 / √1000 ≈ 0.062. Exact p-values for
      // n = 12 are discrete in steps of 2/4096, which adds at most ≈ 0.001.
      expect(ksUniform(ps)).toBeLessThan(0.062);
    }
  });

  it('detects a real difference: with effect 0.5 SD at n = 40 most p-values fall below 0.05', () => {
    const rng = createRng(7);
    let significant = 0;
    for (let m = 0; m < 200; m++) {
      const diffs = Array.from({ length: 40 }, () => 0.05 + 0.1 * normal(rng));
      if (signFlipTest(diffs, { seed: m, resamples: 499 }).p! < 0.05) significant++;
    }
    // A t-test has power ≈ 0.87 here; the permutation test is close to it.
    console.log(`power: ${significant / 200}`);
    expect(significant / 200).toBeGreaterThan(0.75);
  });

  it('95 % bootstrap intervals cover the true mean about 95 % of the time', () => {
    const rng = createRng(99);
    const M = 1000;
    const trueMean = 0.6;
    let covered = 0;
    let coveredBernoulli = 0;
    for (let m = 0; m < M; m++) {
      const values = Array.from({ length: 30 }, () => trueMean + 0.2 * normal(rng));
      const ci = bootstrapMeanCi(values, { seed: m, resamples: 500 })!;
      if (ci.lo <= trueMean && trueMean <= ci.hi) covered++;
      // a 0/1 metric (hit rate) with p = 0.7 over 50 questions
      const hits = Array.from({ length: 50 }, () => (rng() < 0.7 ? 1 : 0));
      const hitCi = bootstrapMeanCi(hits, { seed: m + M, resamples: 500 })!;
      if (hitCi.lo <= 0.7 && 0.7 <= hitCi.hi) coveredBernoulli++;
    }
    // The percentile interval of a mean undercovers a little at n = 30 (it uses the n-denominator
    // SD and normal quantiles: ≈ 0.936 for normal data). SE over 1000 sets is 0.0077, so accept
    // 0.915–0.965; a 90 % interval (≈ 0.89) or a 99 % one (≈ 0.985) fails.
    console.log(`coverage: ${covered / M}`);
    expect(covered / M).toBeGreaterThan(0.915);
    expect(covered / M).toBeLessThan(0.965);
    // 0/1 data: discreteness moves coverage around 0.93–0.95 at n = 50.
    console.log(`bernoulli coverage: ${coveredBernoulli / M}`);
    expect(coveredBernoulli / M).toBeGreaterThan(0.91);
    expect(coveredBernoulli / M).toBeLessThan(0.965);
  });

  it('paired bootstrap intervals of a difference cover the true difference about 95 % of the time', () => {
    const rng = createRng(5);
    const M = 1000;
    let covered = 0;
    for (let m = 0; m < M; m++) {
      const questionEffect = Array.from({ length: 40 }, () => 0.5 + 0.2 * normal(rng));
      const baseline = questionEffect.map((q) => q + 0.05 * normal(rng));
      const candidate = questionEffect.map((q) => q + 0.03 + 0.05 * normal(rng));
      const ci = pairedBootstrapCi({ baseline, candidate }, { seed: m, resamples: 500 })!;
      if (ci.lo <= 0.03 && 0.03 <= ci.hi) covered++;
    }
    console.log(`coverage: ${covered / M}`);
    expect(covered / M).toBeGreaterThan(0.915);
    expect(covered / M).toBeLessThan(0.965);
  });
});
