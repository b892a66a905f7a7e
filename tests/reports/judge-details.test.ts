import { describe, expect, it } from 'vitest';
import { costQualityPoints } from '../../reports/html/charts.js';
import { verdictLines } from '../../reports/html/judge-details.js';
import { fixtureSummary } from './run-fixtures.js';

describe('drill-down judge reasons', () => {
  it('reads each judge’s details into verdict lines', () => {
    expect(verdictLines('faithfulness', { statements: ['a', 'b'], verdicts: [{ id: 2, reason: 'no', supported: false }, { id: 1, reason: 'yes', supported: true }] }).lines).toEqual([
      { text: 'a', verdict: true, reason: 'yes' },
      { text: 'b', verdict: false, reason: 'no' },
    ]);
    // statements extracted, verdict step failed
    expect(verdictLines('faithfulness', { step: 'verdicts', statements: ['a'], error: 'bad ids' })).toEqual({ lines: [{ text: 'a', verdict: null, reason: null }], error: 'bad ids' });
    expect(
      verdictLines('context_precision', { against: 'answer', verdicts: [{ id: 1, reason: 'r', useful: true, contextId: 'java.md#0' }] }).lines,
    ).toEqual([{ text: 'java.md#0', verdict: true, reason: 'r' }]);
    expect(verdictLines('context_recall', { claims: [{ claim: 'c', reason: 'r', attributed: false }] }).lines).toEqual([{ text: 'c', verdict: false, reason: 'r' }]);
    expect(verdictLines('answer_relevance', { generated: ['q?'], noncommittal: true, asked: 3, strategy: 'n' }).lines).toEqual([
      { text: 'q?', verdict: null, reason: null },
      { text: 'the judge found the answer noncommittal', verdict: null, reason: null },
    ]);
    expect(verdictLines('context_recall', { error: 'timeout' })).toEqual({ lines: [], error: 'timeout' });
    expect(verdictLines('string_context_recall', undefined)).toEqual({ lines: [], error: null });
  });
});

describe('cost vs quality points', () => {
  const usage = (costUsd: number | null) => ({
    requests: 4,
    cacheHits: 0,
    inputTokens: 10,
    outputTokens: 2,
    costUsd,
    questions: 2,
    perQuestion: { requests: 2, inputTokens: 5, outputTokens: 1, costUsd: costUsd === null ? null : costUsd / 2 },
    byMetric: {},
  });
  const embedding = (costUsd: number | null) => ({ model: 'm', modelId: 'm', requests: 1, inputTokens: 5, cacheHits: 0, cacheMisses: 1, costUsd });

  it('USD per question = (LLM usage + embedding cost) / questions; unknown prices are left out, not drawn at 0', () => {
    const summary = fixtureSummary({ configurations: { a: { recall: { x: 1, y: 0 } }, b: { recall: { x: 1, y: null } }, c: { recall: { x: 0, y: 0 } }, d: { recall: { x: 1, y: 1 } } } });
    expect(costQualityPoints(summary)).toBeNull();
    type Configuration = (typeof summary.configurations)[number];
    const [a, b, c, d] = summary.configurations as [Configuration, Configuration, Configuration, Configuration];
    a.usage = usage(0.02);
    a.embeddingCost = embedding(0.01);
    b.embeddingCost = embedding(null);
    c.usage = usage(null);
    void d;
    expect(costQualityPoints(summary)).toEqual({
      points: [
        { configuration: 'a', metric: 'recall', mean: 0.5, costPerQuestion: expect.closeTo(0.015, 12) },
        { configuration: 'd', metric: 'recall', mean: 1, costPerQuestion: 0 },
      ],
      unknown: ['b', 'c'],
    });
  });

  it('draws nothing when every configuration is free (local retrievers, no LLM)', () => {
    const summary = fixtureSummary({ configurations: { a: { recall: { x: 1, y: 0 } }, b: { recall: { x: 1, y: 1 } } } });
    summary.configurations[0]!.embeddingCost = embedding(0);
    expect(costQualityPoints(summary)).toBeNull();
  });
});
