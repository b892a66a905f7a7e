import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../../evaluators/statistics/sign-flip-interval.js';
import {
  bonferroniFamily,
  comparePaired,
  createRng,
  exactMcNemar,
  meanInterval,
  questionsFor,
  signFlipInterval,
  signFlipTest,
  studentTQuantile,
  wilsonInterval,
} from '../../../evaluators/statistics/index.js';

describe('one-sample intervals', () => {
  it('0/1 scores get the Wilson interval, which never collapses: 13 of 13 → [0.7719, 1]', () => {
    const ci = meanInterval(Array(13).fill(1), { seed: 1 })!;
    expect(ci.method).toBe('wilson');
    expect(ci.lo).toBeCloseTo(0.7719046, 6);
    expect(ci.hi).toBe(1);
    // k = 9 of 13: centre (9/13 + z²/26)/(1 + z²/13), z = 1.959964
    const [lo, hi] = wilsonInterval(9, 13);
    expect(lo).toBeCloseTo(0.4237, 4);
    expect(hi).toBeCloseTo(0.8732, 4);
    expect(wilsonInterval(0, 13)[0]).toBe(0);
  });

  it('other scores get a bootstrap-t interval clipped to [0, 1]; equal non-0/1 scores or one question give null with a reason', () => {
    const ci = meanInterval([0.2, 0.5, 0.9, 0.4, 0.3, 0.25, 0.6], { seed: 3 })!;
    expect(ci.method).toBe('bootstrap-t');
    expect(ci.lo!).toBeLessThan(ci.mean);
    expect(ci.hi!).toBeGreaterThan(ci.mean);
    expect(meanInterval([0.2, 0.5, 0.9, 0.4, 0.3, 0.25, 0.6], { seed: 3 })).toEqual(ci);
    expect(meanInterval([0.5, 0.5, 0.5], { seed: 1 })).toMatchObject({ lo: null, hi: null, reason: 'all 3 scores are equal: the data give no estimate of the spread' });
    expect(meanInterval([0.5], { seed: 1 })).toMatchObject({ lo: null, reason: 'one question: no interval can be estimated' });
    expect(meanInterval([], { seed: 1 })).toBeNull();
  });
});

describe('paired tests and their intervals agree', () => {
  it('exact McNemar: 8 wins, 1 loss of 20 → p = 2·P(Bin(9, ½) ≥ 8) = 20/512, interval (9/20)(2θ − 1) excludes 0', () => {
    const r = exactMcNemar(8, 1, 20, 0.05);
    expect(r.p).toBeCloseTo(20 / 512, 12);
    expect(r.significant).toBe(true);
    expect(r.lo).toBeGreaterThan(0);
    // 7 wins, 2 losses: p = 2·46/512 = 0.1797, not significant, interval spans 0
    const s = exactMcNemar(7, 2, 20, 0.05);
    expect(s.p).toBeCloseTo(92 / 512, 12);
    expect(s.lo).toBeLessThan(0);
    expect(s.hi).toBeGreaterThan(0);
    // no discordant pair: ±(1 − 0.025^(1/13)), never zero width
    const none = exactMcNemar(0, 0, 13, 0.05);
    expect(none.hi).toBeCloseTo(1 - 0.025 ** (1 / 13), 12);
    expect(none.lo).toBe(-none.hi);
  });

  it('sign flip: p equals the existing signFlipTest on the same data (exact enumeration)', () => {
    const diffs = [-0.1, 0.1, -0.1, 0, -0.1, 0];
    const r = signFlipInterval(diffs, { alpha: 0.05, seed: 1 })!;
    expect(r.p).toBe(0.625);
    expect(r.p).toBe(signFlipTest(diffs, { seed: 1 }).p);
    expect(r.lo).toBeCloseTo(-0.1, 12);
    expect(r.hi).toBeCloseTo(0.1, 12);
    // one question: only the two trivial sign vectors, so nothing can be rejected
    expect(signFlipInterval([0.3], { alpha: 0.05, seed: 1 })).toEqual({ p: 1, lo: -Infinity, hi: Infinity, method: 'exact', evaluated: 2 });
    expect(comparePaired([0.2], [0.5], { alpha: 0.05, seed: 1 })).toMatchObject({ lo: -1, hi: 1, significant: false });
  });

  it('property: the interval excludes 0 ⇔ p < α ⇔ significant, for 0/1 and continuous scores, exact and Monte Carlo', () => {
    const rng = createRng(11);
    let checked = 0;
    let significant = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = [5, 9, 13, 16, 17, 30][trial % 6]!;
      const binary = trial % 3 === 0;
      const shift = (rng() - 0.5) * 0.4;
      const alpha = [0.05, 0.01, 0.05 / 21][trial % 3]!;
      const base = Array.from({ length: n }, () => (binary ? (rng() < 0.6 ? 1 : 0) : Math.round(rng() * 20) / 20));
      const cand = base.map((b) => (binary ? (rng() < 0.6 + shift ? 1 : 0) : Math.min(1, Math.max(0, Math.round((b + shift + (rng() - 0.5) * 0.3) * 20) / 20))));
      const r = comparePaired(base, cand, { alpha, seed: trial, permutations: 999 })!;
      const excludes = r.lo > 0 || r.hi < 0;
      expect(excludes, `trial ${trial}`).toBe(r.significant);
      expect(r.p < alpha, `trial ${trial}: p ${r.p} alpha ${alpha} [${r.lo}, ${r.hi}]`).toBe(r.significant);
      expect(r.lo <= r.difference && r.difference <= r.hi).toBe(true);
      checked++;
      if (r.significant) significant++;
    }
    expect(checked).toBe(400);
    // both outcomes occur, so the property was exercised both ways
    expect(significant).toBeGreaterThan(40);
    expect(significant).toBeLessThan(360);
  });

  it('detectable difference and questions needed follow (z(1−α/2) + z(0.8))·sd/√n', () => {
    const r = comparePaired([0.5, 0.6, 0.7, 0.8, 0.9, 1], [0.4, 0.7, 0.6, 0.8, 0.8, 1], { alpha: 0.05, seed: 1 })!;
    expect(r.method).toBe('sign-flip-exact');
    expect(r.significant).toBe(false);
    expect(r.detectable!).toBeCloseTo(((1.959964 + 0.841621) * r.sdDifference) / Math.sqrt(6), 5);
    expect(questionsFor(0.05, 0.2, 0.05)).toBe(Math.ceil(((1.959964 + 0.841621) * 0.2 / 0.05) ** 2));
  });

  it('kthSmallest (quickselect) equals the sorted order, with infinities and ties', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Float64Array.from({ length: 1 + trial * 7 }, (_, i) => (i % 11 === 0 ? -Infinity : Math.round(rng() * 10) / 10));
      const sorted = [...values].sort((a, b) => a - b);
      const k = Math.floor(rng() * values.length);
      expect(kthSmallest(values.slice(), k)).toBe(sorted[k]);
    }
  });

  it('Bonferroni family: 7 metrics × 3 configurations at 0.05 → each at 0.05/21', () => {
    expect(bonferroniFamily(0.05, 21)).toEqual({ method: 'bonferroni', alpha: 0.05, size: 21, perComparisonAlpha: 0.05 / 21 });
    expect(studentTQuantile(0.975, 6)).toBeCloseTo(2.446912, 5);
  });
});
