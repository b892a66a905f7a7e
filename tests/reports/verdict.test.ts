import { describe, expect, it } from 'vitest';
import type { ScoreTable } from '../../reports/run-directory.js';
import { runVerdict, verdictMetrics } from '../../reports/verdict.js';

const table = (rows: Record<string, number[]>): ScoreTable =>
  new Map(Object.entries(rows).map(([name, values]) => [name, new Map([['ndcg', new Map(values.map((v, i) => [`q${i}`, v]))]])]));

describe('run verdict', () => {
  it('names the best configuration, which gaps are significant (family over the others) and the latency trade-off', () => {
    // 20 questions. dense is 0.3 lower on every question but two; hybrid differs by ±0.1 on alternate questions.
    const bm25 = Array.from({ length: 20 }, (_, i) => 0.6 + (i % 4) * 0.1);
    const dense = bm25.map((v, i) => (i < 2 ? v : v - 0.3));
    const hybrid = bm25.map((v, i) => v + (i % 2 ? 0.1 : -0.1) - (i === 0 ? 0.1 : 0));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const config = (name: string, values: number[], p50: number) => ({ name, mean: () => mean(values), p50, costPerQuestion: null });
    const v = runVerdict({
      configurations: [config('dense', dense, 20), config('bm25', bm25, 0.01), config('hybrid', hybrid, 30)],
      scores: table({ bm25, dense, hybrid }),
      primary: ['ndcg'],
      alpha: 0.05,
      seed: 42,
      permutations: 999,
    })!;
    expect(v.family).toEqual({ alpha: 0.05, size: 2, perComparisonAlpha: 0.025 });
    expect(v.metrics[0]!.best).toBe('bm25');
    expect(v.metrics[0]!.others.map((o) => [o.configuration, o.significant, o.pairs])).toEqual([
      ['dense', true, 20],
      ['hybrid', false, 20],
    ]);
    expect(v.metrics[0]!.others[0]!.difference).toBeCloseTo(-0.27, 12);
    expect(v.sentences).toEqual([
      'bm25 is best on ndcg (0.75); dense is 0.27 lower (significant) and 2,000× slower per query; ' +
        'hybrid is 0.005 lower (not significant) and 3,000× slower per query [2 comparisons, family-wise error 0.05].',
    ]);
  });

  it('needs two configurations; primary metrics default to ndcg, else the first', () => {
    const one = runVerdict({ configurations: [{ name: 'a', mean: () => 1, p50: null, costPerQuestion: null }], scores: new Map(), primary: ['ndcg'], alpha: 0.05, seed: 1 });
    expect(one).toBeNull();
    expect(verdictMetrics(['recall', 'ndcg'], [])).toEqual(['ndcg']);
    expect(verdictMetrics(['recall', 'mrr'], [])).toEqual(['recall']);
    expect(verdictMetrics(['recall', 'mrr'], ['mrr', 'nope'])).toEqual(['mrr']);
  });
});
