import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatencies } from '../../evaluators/latency.js';
import { aggregate, scored, unscored } from '../../kernel/score.js';

describe('latency percentiles', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10], 99)).toBe(10);
    expect(percentile([], 50)).toBeNull();
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(hundred, 99)).toBeCloseTo(99.01, 10);
  });

  it('summarises unsorted samples', () => {
    expect(summarizeLatencies([5, 1, 3])).toEqual({ count: 3, p50: 3, p95: 4.8, p99: 4.96, mean: 3, max: 5 });
    expect(summarizeLatencies([])).toEqual({ count: 0, p50: null, p95: null, p99: null, mean: null, max: null });
  });
});

describe('scores', () => {
  it('skips nulls, keeps their reasons, reports coverage', () => {
    const result = aggregate([scored(1), scored(0), unscored('no contexts'), scored(0.5), unscored('no contexts')]);
    expect(result).toEqual({ mean: 0.5, scored: 3, total: 5, nullReasons: { 'no contexts': 2 } });
    expect(aggregate([unscored('x')]).mean).toBeNull();
  });

  it('refuses NaN', () => {
    expect(() => scored(Number.NaN)).toThrow('a score must be a finite number, got NaN');
  });

  it('every score lies in [0, 1]: rounding noise snaps to the bound, anything else is refused', () => {
    expect(scored(1 + 2e-16)).toEqual({ value: 1 });
    expect(scored(-1e-12)).toEqual({ value: 0 });
    expect(Object.is(scored(-0).value, 0)).toBe(true);
    expect(() => scored(-0.0546)).toThrow('a score must lie in [0, 1], got -0.0546');
    expect(() => scored(1.5)).toThrow('a score must lie in [0, 1], got 1.5');
  });
});
