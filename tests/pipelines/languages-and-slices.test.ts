import { describe, expect, it } from 'vitest';
import { modelFacts } from '../../pipelines/embeddings/registry.js';
import { languageSummary } from '../../pipelines/embeddings/language-coverage.js';
import { sliceDefinitions, sliceSummaries } from '../../pipelines/runner/slices.js';
import { scored, unscored } from '../../kernel/score.js';

const documents = [
  { id: 'zh.md', text: '员工每年享有五天带薪年假。' },
  { id: 'en.md', text: 'Employees get five days of paid leave.' },
];
const items = [
  { id: 'q1', question: '年假有几天？', references: [{ docId: 'zh.md' }] },
  { id: 'q2', question: 'How many days of annual leave?', references: [{ docId: 'zh.md' }], tags: ['cross-language'] },
  { id: 'q3', question: 'paid leave days', language: 'en-US', references: [{ docId: 'en.md' }], tags: ['keyword', 'keyword'] },
];
const dense = (model: string) => ({ config: { name: model }, embedder: { model, facts: modelFacts(model) } });

describe('language coverage of dense embedders', () => {
  it('counts the questions whose own language or evidence language the model lacks', () => {
    const summary = languageSummary({ documents, items, configurations: [dense('bge-small-zh-v1.5'), dense('bge-m3'), { config: { name: 'bm25' } }] });
    expect(summary.documents).toEqual({ en: 1, zh: 1 });
    expect(summary.questions).toEqual({ en: 2, zh: 1 });
    // bge-small-zh covers zh only: q2 and q3 are English questions; the multilingual bge-m3 and BM25 are not flagged.
    expect(summary.gaps).toEqual([
      { configuration: 'bge-small-zh-v1.5', model: 'bge-small-zh-v1.5', modelLanguages: ['zh'], uncovered: ['en'], documents: { affected: 1, total: 2 }, questions: { affected: 2, total: 3 } },
    ]);
  });

  it('an English-only model is affected by an English question whose evidence is Chinese', () => {
    const summary = languageSummary({ documents, items, configurations: [dense('universal-sentence-encoder')] });
    expect(summary.gaps[0]!.questions).toEqual({ affected: 2, total: 3 });
    expect(summary.gaps[0]!.documents).toEqual({ affected: 1, total: 2 });
  });

  it('the registry records languages and only publisher-table benchmark numbers', () => {
    expect(modelFacts('universal-sentence-encoder')?.languages).toEqual(['en']);
    expect(modelFacts('intfloat/multilingual-e5-small')?.languages).toBe('multilingual');
    expect(modelFacts('BAAI/bge-base-zh-v1.5')?.publicBenchmark).toEqual({
      benchmark: 'C-MTEB Retrieval',
      score: 69.49,
      source: 'BAAI BGE model card (FlagEmbedding README), v1.5 tables',
      date: '2023-09',
    });
    expect(modelFacts('text-embedding-3-small')?.publicBenchmark).toBeUndefined();
  });
});

describe('slices', () => {
  it('per language only when there is more than one; per tag, each item once per tag', () => {
    expect(sliceDefinitions([items[2]!]).map((s) => `${s.dimension}:${s.value}`)).toEqual(['tag:keyword']);
    expect(sliceDefinitions(items).map((s) => `${s.dimension}:${s.value}:${[...s.qids].join(',')}`)).toEqual([
      'language:en:q2,q3', 'language:zh:q1', 'tag:cross-language:q2', 'tag:keyword:q3',
    ]);
  });

  it('aggregates each slice like the whole run: mean over scored questions and coverage', () => {
    const slices = sliceSummaries({
      items,
      outcomes: [{ name: 'bm25', scores: [
        { qid: 'q1', scores: { mrr: scored(1) } },
        { qid: 'q2', scores: { mrr: scored(0.25) } },
        { qid: 'q3', scores: { mrr: unscored('no relevant items') } },
      ] }],
      metricIds: ['mrr'],
      seed: 42,
    });
    const en = slices.find((s) => s.value === 'en')!.metrics['bm25']!['mrr']!;
    expect(en).toMatchObject({ mean: 0.25, scored: 1, total: 2, nullReasons: { 'no relevant items': 1 }, ci95: null, ciMethod: null });
  });
});
