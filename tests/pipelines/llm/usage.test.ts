import { describe, expect, it } from 'vitest';
import { estimateCalls, estimateTokens } from '../../../kernel/call-estimate.js';
import { costOf, priceFor, UsageLedger } from '../../../kernel/usage.js';

describe('prices and usage', () => {
  it('finds dated snapshots by their base model, never a longer sibling', () => {
    expect(priceFor('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor('gpt-4o-audio')).toBeUndefined();
    expect(priceFor('llama3.1:8b')).toBeUndefined();
    expect(priceFor('llama3.1:8b', { 'llama3.1:8b': { input: 0, output: 0 } })).toEqual({ input: 0, output: 0 });
  });

  it('cost is null without a price, exact with one', () => {
    expect(costOf({ inputTokens: 2_000_000, outputTokens: 1_000_000 }, priceFor('gpt-4.1-mini'))).toBeCloseTo(2.4, 12);
    expect(costOf({ inputTokens: 1, outputTokens: 1 }, undefined)).toBeNull();
  });

  it('sums per stage and in total', () => {
    const ledger = new UsageLedger('gpt-4.1-nano', priceFor('gpt-4.1-nano'));
    ledger.record('generate', ledger.usageOf({ requests: 2, cacheHits: 0, inputTokens: 1_000_000, outputTokens: 0 }));
    ledger.record('critic', ledger.usageOf({ requests: 1, cacheHits: 1, inputTokens: 0, outputTokens: 1_000_000 }));
    const report = ledger.report();
    expect(report.byStage).toEqual({
      critic: { requests: 1, cacheHits: 1, inputTokens: 0, outputTokens: 1_000_000, costUsd: 0.4 },
      generate: { requests: 2, cacheHits: 0, inputTokens: 1_000_000, outputTokens: 0, costUsd: 0.1 },
    });
    expect(report.total.requests).toBe(3);
    expect(report.total.costUsd).toBeCloseTo(0.5, 12);
  });

  it('dry-run estimate: chars/4 rounded up per call', () => {
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateCalls([{ promptText: 'x'.repeat(4000), outputTokens: 200 }, { promptText: 'y'.repeat(3), outputTokens: 50 }], 'gpt-4o')).toEqual({
      calls: 2,
      inputTokens: 1001,
      outputTokens: 250,
      costUsd: (1001 * 2.5 + 250 * 10) / 1_000_000,
    });
  });
});
