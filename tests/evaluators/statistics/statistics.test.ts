import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi, createRng, deriveSeed, differences, pairScores, pairedBootstrapCi, signFlipTest } from '../../../evaluators/statistics/index.js';

describe('seeded PRNG', () => {
  it('is reproducible: pinned first outputs for seed 42, the same stream again for the same seed', () => {
    const rng = createRng(42);
    expect([rng(), rng(), rng()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const again = createRng(42);
    expect(again()).toBe(0.6011037519201636);
    expect(createRng(43)()).not.toBe(0.6011037519201636);
  });

  it('derives order-independent sub-seeds from labels', () => {
    expect(deriveSeed(42, 'bm25', 'recall')).toBe(2113176524);
    expect(deriveSeed(42, 'bm25', 'recall')).not.toBe(deriveSeed(42, 'recall', 'bm25'));
    expect(deriveSeed(42, 'bm25', 'recall')).not.toBe(deriveSeed(43, 'bm25', 'recall'));
  });
});

describe('percentile bootstrap CI of a mean', () => {
  it('gives the pinned interval for a fixed input and seed', () => {
    expect(bootstrapMeanCi([0.2, 0.5, 0.9, 1, 0], { seed: 7 })).toEqual({ mean: 0.52, lo: 0.18, hi: 0.86 });
  });

  it('reads the 2.5 % and 97.5 % points of the resampled means: for {0, 1} they are 0 and 1', () => {
    // Resampled means of two values are 0, 0.5, 1 with probability 1/4, 1/2, 1/4; the 51st and
    // 1950th of 2000 sorted means are therefore 0 and 1.
    expect(bootstrapMeanCi([0, 1], { seed: 1 })).toEqual({ mean: 0.5, lo: 0, hi: 1 });
  });

  it('collapses to the value for one question or equal values, and is null for none', () => {
    expect(bootstrapMeanCi([0.3], { seed: 1 })).toEqual({ mean: 0.3, lo: 0.3, hi: 0.3 });
    expect(bootstrapMeanCi([0.25, 0.25, 0.25], { seed: 1 })).toEqual({ mean: 0.25, lo: 0.25, hi: 0.25 });
    expect(bootstrapMeanCi([], { seed: 1 })).toBeNull();
  });

  it('rejects a nonsensical B or level', () => {
    expect(() => bootstrapMeanCi([1], { seed: 1, resamples: 0 })).toThrow('resamples must be a positive integer, got 0');
    expect(() => bootstrapMeanCi([1], { seed: 1, level: 1 })).toThrow('level must be between 0 and 1, got 1');
  });
});

describe('pairing per-question scores', () => {
  it('keeps shared questions measured on both sides and counts the rest', () => {
    const baseline = new Map<string, number | null>([['a', 0.5], ['b', null], ['c', 1], ['only-base', 1]]);
    const candidate = new Map<string, number | null>([['a', 0.75], ['b', 1], ['c', 0.5], ['only-cand', 0]]);
    const pairs = pairScores(baseline, candidate);
    expect(pairs).toEqual({ qids: ['a', 'c'], baseline: [0.5, 1], candidate: [0.75, 0.5], droppedNull: 1, onlyBaseline: 1, onlyCandidate: 1 });
    expect(differences(pairs)).toEqual([0.25, -0.5]);
  });

  it('paired bootstrap CI of the mean difference is the bootstrap of the differences', () => {
    const pairs = { baseline: [0.2, 0.4, 0.1, 0.9], candidate: [0.5, 0.4, 0.3, 1] };
    expect(pairedBootstrapCi(pairs, { seed: 3 })).toEqual(bootstrapMeanCi([0.3, 0, 0.2, 0.1].map((d, i) => pairs.candidate[i]! - pairs.baseline[i]!), { seed: 3 }));
    const ci = pairedBootstrapCi(pairs, { seed: 3 })!;
    expect(ci.mean).toBeCloseTo(0.15, 12);
    expect(ci.lo).toBeGreaterThanOrEqual(0);
    expect(ci.hi).toBeLessThanOrEqual(0.3 + 1e-12);
  });
});

describe('sign-flip permutation test', () => {
  it('enumerates exactly for small n (hand-counted)', () => {
    // ±1 ±2 ±3: of 8 sums only +6 and −6 reach |6|.
    expect(signFlipTest([1, 2, 3], { seed: 1 })).toEqual({ p: 0.25, method: 'exact', evaluated: 8 });
    // ±0.5 ±0.25 ±1, observed 1.25: |sum| ∈ {1.75, 1.25, 0.75, 0.25} twice each → 4 of 8 reach it.
    expect(signFlipTest([0.5, -0.25, 1], { seed: 1 })).toEqual({ p: 0.5, method: 'exact', evaluated: 8 });
    // five equal differences: only all-plus and all-minus reach 5 → 2/32.
    expect(signFlipTest([1, 1, 1, 1, 1], { seed: 1 }).p).toBe(0.0625);
    // 16 equal differences: 2 / 65536.
    expect(signFlipTest(Array(16).fill(0.1), { seed: 1 })).toEqual({ p: 2 / 65536, method: 'exact', evaluated: 65536 });
  });

  it('counts float-rounding ties as ties', () => {
    // Sums are ±0.3 (computed as 0.1+0.2 = 0.30000000000000004 or 0.2+0.1) and ±0.1: exactly 2 of 4 reach 0.3.
    expect(signFlipTest([0.1, 0.2], { seed: 1 }).p).toBe(0.5);
    expect(signFlipTest([0.2, 0.1], { seed: 1 }).p).toBe(0.5);
  });

  it('uses Monte Carlo with the +1 correction above 16 pairs (pinned value)', () => {
    const diffs = Array.from({ length: 20 }, (_, i) => (i % 3) * 0.1 - 0.05);
    expect(signFlipTest(diffs, { seed: 1 })).toEqual({ p: 379 / 10001, method: 'monte-carlo', evaluated: 10000 });
    // 17 equal differences: no random sign vector is likely to match, but p never reaches 0.
    expect(signFlipTest(Array(17).fill(0.2), { seed: 5, resamples: 99 }).p).toBe(1 / 100);
  });

  it('p = 1 when every difference is zero, null with no pairs', () => {
    expect(signFlipTest([0, 0, 0], { seed: 1 }).p).toBe(1);
    expect(signFlipTest([], { seed: 1 })).toEqual({ p: null, method: 'none', evaluated: 0 });
  });
});
