import { describe, expect, it } from 'vitest';
import { benchmarkMarkdownSection, rankingNotes } from '../../reports/benchmark-section.js';
import { EmbeddingModelRow } from '../../reports/summary-schema.js';
import { modelFacts } from '../../pipelines/embeddings/registry.js';
import { fixtureSummary } from './run-fixtures.js';

const row = (model: string, usedBy: string) => {
  const facts = modelFacts(model)!;
  return EmbeddingModelRow.parse({
    model, usedBy: [usedBy], dimensions: facts.dimensions, maxInputTokens: facts.maxInputTokens, licence: facts.licence, hosting: facts.hosting,
    pricePerMillionTokens: facts.pricePerMillionTokens, memoryMB: facts.memoryMB, languages: facts.languages, publicBenchmark: facts.publicBenchmark ?? null,
  });
};

describe('public benchmark vs your data', () => {
  it('shows the published average beside the measured score and says when the ranking differs', () => {
    // Publicly bge-base-zh (69.49) > bge-small-zh (61.77) on C-MTEB retrieval; here the small one wins.
    const summary = fixtureSummary({ configurations: {
      small: { mrr: { q1: 1, q2: 1 } },
      base: { mrr: { q1: 1, q2: 0 } },
      use: { mrr: { q1: 0, q2: 0 } },
    } });
    summary.embeddingModels = [row('bge-small-zh-v1.5', 'small'), row('bge-base-zh-v1.5', 'base'), row('universal-sentence-encoder', 'use')];
    const text = benchmarkMarkdownSection(summary).join('\n\n');
    expect(text).toContain('| bge-small-zh-v1.5 | zh | C-MTEB Retrieval | 61.77 | 1.0000 | BAAI BGE model card (FlagEmbedding README), v1.5 tables, 2023-09 |');
    expect(text).toContain('| universal-sentence-encoder | en | — | — | 0.0000 | — |');
    expect(text).toContain('> **Note:** On C-MTEB Retrieval the order is bge-base-zh-v1.5 > bge-small-zh-v1.5; on your data (MRR) it is bge-small-zh-v1.5 > bge-base-zh-v1.5');
  });

  it('no note when the orders agree or when the models are on different benchmarks', () => {
    const base = { languages: 'en', source: 's', publicScore: 0 } as const;
    expect(rankingNotes([
      { ...base, model: 'a', benchmark: 'X', publicScore: 60, measured: 0.9 },
      { ...base, model: 'b', benchmark: 'X', publicScore: 50, measured: 0.8 },
      { ...base, model: 'c', benchmark: 'Y', publicScore: 70, measured: 0.1 },
    ], 'MRR')).toEqual([]);
  });
});
