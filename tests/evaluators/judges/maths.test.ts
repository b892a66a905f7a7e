import { describe, expect, it } from 'vitest';
import { computeAnswerRelevance, isNoncommittal } from '../../../evaluators/judges/answer-relevance.js';
import { computeAnswerSimilarity } from '../../../evaluators/reference/answer-similarity.js';
import { computeContextPrecision } from '../../../evaluators/judges/context-precision.js';
import { computeContextRecall } from '../../../evaluators/judges/context-recall.js';
import { computeFaithfulness } from '../../../evaluators/judges/faithfulness.js';
import { computeReferenceContextRecall } from '../../../evaluators/reference/reference-context-recall.js';
import { computeStringContextRecall, wordCoverage } from '../../../evaluators/reference/string-context-recall.js';

const s = (...flags: boolean[]) => flags.map((supported) => ({ supported }));

describe('worked examples: the score formulas without a model', () => {
  it('faithfulness = supported ÷ statements', () => {
    expect(computeFaithfulness(s(true, false, true, true))).toEqual({ value: 0.75 });
    expect(computeFaithfulness(s(false, false, false))).toEqual({ value: 0 });
    expect(computeFaithfulness(s(true))).toEqual({ value: 1 });
    expect(computeFaithfulness([])).toEqual({ value: null, reason: 'the answer has no statements' });
  });

  it('context precision = mean of precision@i over useful ranks', () => {
    // useful only at rank 3: precision@3 = 1/3
    expect(computeContextPrecision([false, false, true, false, false]).value).toBeCloseTo(1 / 3, 15);
    // ranks 1, 3, 5: (1/1 + 2/3 + 3/5) / 3 = 34/45
    expect(computeContextPrecision([true, false, true, false, true]).value).toBeCloseTo(34 / 45, 15);
    // ranks 2 and 3: (1/2 + 2/3) / 2 = 7/12
    expect(computeContextPrecision([false, true, true]).value).toBeCloseTo(7 / 12, 15);
    expect(computeContextPrecision([true])).toEqual({ value: 1 });
    expect(computeContextPrecision([false])).toEqual({ value: 0 });
    expect(computeContextPrecision([false, false])).toEqual({ value: 0 });
    expect(computeContextPrecision([])).toEqual({ value: null, reason: 'no contexts retrieved' });
  });

  it('context recall = attributed ÷ claims', () => {
    const c = (...flags: boolean[]) => flags.map((attributed) => ({ attributed }));
    expect(computeContextRecall(c(true, true, false)).value).toBeCloseTo(2 / 3, 15);
    expect(computeContextRecall(c(false))).toEqual({ value: 0 });
    expect(computeContextRecall([])).toEqual({ value: null, reason: 'the reference answer has no claims' });
  });

  it('answer relevance = mean cosine to the generated questions, 0 when noncommittal', () => {
    const q = [1, 0];
    // cosines 1, 0.6, 0 → 1.6 / 3
    expect(computeAnswerRelevance({ questionVector: q, generatedVectors: [[2, 0], [0.6, 0.8], [0, 3]], noncommittal: false }).value).toBeCloseTo(1.6 / 3, 15);
    expect(computeAnswerRelevance({ questionVector: q, generatedVectors: [[1, 0]], noncommittal: true })).toEqual({ value: 0 });
    expect(computeAnswerRelevance({ questionVector: q, generatedVectors: [], noncommittal: false })).toEqual({ value: null, reason: 'the judge generated no questions' });
    expect(computeAnswerRelevance({ questionVector: [0, 0], generatedVectors: [[1, 0]], noncommittal: false })).toEqual({ value: null, reason: 'an embedding has zero length' });
  });

  it('answer relevance floors each cosine at 0: an unrelated or opposite question adds 0, never a negative', () => {
    const q = [1, 0];
    // cosines −0.0546 alone: was reported as −0.0546
    expect(computeAnswerRelevance({ questionVector: q, generatedVectors: [[-0.0546, Math.sqrt(1 - 0.0546 ** 2)]], noncommittal: false })).toEqual({ value: 0 });
    // cosines 1, −1, 0.6 → (1 + 0 + 0.6) / 3
    expect(computeAnswerRelevance({ questionVector: q, generatedVectors: [[1, 0], [-1, 0], [0.6, 0.8]], noncommittal: false }).value).toBeCloseTo(1.6 / 3, 15);
    expect(computeAnswerSimilarity([1, 0], [-1, 0])).toEqual({ value: 0 });
  });

  it('noncommittal by majority of the samples, not by any one of them', () => {
    expect(isNoncommittal([true, false, false])).toBe(false);
    expect(isNoncommittal([true, true, false])).toBe(true);
    expect(isNoncommittal([true, false])).toBe(false);
    expect(isNoncommittal([true])).toBe(true);
    expect(isNoncommittal([])).toBe(false);
  });

  it('answer similarity, reference context recall and string context recall', () => {
    expect(computeAnswerSimilarity([3, 4], [4, 3]).value).toBeCloseTo(24 / 25, 15);
    expect(computeReferenceContextRecall([true, false, false, true])).toEqual({ value: 0.5 });
    expect(computeReferenceContextRecall([])).toEqual({ value: null, reason: 'the question has no reference evidence' });
    // "Rust guarantees memory safety" → rust, guarante, memori, safeti: 3 of 4 in the context
    expect(wordCoverage('Rust guarantees memory safety.', 'Rust has memory safety without a garbage collector.')).toBe(0.75);
    expect(wordCoverage('The and of.', 'anything')).toBeNull();
    const recall = computeStringContextRecall(['Rust guarantees memory safety.', 'Go was made at Google.'], ['Rust has memory safety.', 'Java runs on the JVM.'], 0.5);
    expect(recall).toEqual({ score: { value: 0.5 }, attributed: [true, false] });
  });
});

describe('reference-based variants on spans', () => {
  it('precision over the ranks of chunks that match a reference span; recall over the spans found', async () => {
    const { createReferenceContextPrecisionEvaluator } = await import('../../../evaluators/reference/reference-context-precision.js');
    const { createReferenceContextRecallEvaluator } = await import('../../../evaluators/reference/reference-context-recall.js');
    const chunk = (id: string, docId: string, start: number, end: number) => ({ id, docId, start, end, text: 'x'.repeat(end - start) });
    const sample = {
      qid: 'q',
      question: 'q',
      // rank 1 misses, rank 2 covers span A fully, rank 3 overlaps span B by 10 of its 40 chars (< 0.5)
      contexts: [chunk('d#0', 'd', 0, 100), chunk('d#1', 'd', 100, 200), chunk('d#2', 'd', 200, 300)],
      references: [
        { docId: 'd', start: 120, end: 160, text: 'A', grade: 1 },
        { docId: 'd', start: 290, end: 330, text: 'B', grade: 1 },
        { docId: 'e', start: 0, end: 10, text: 'C', grade: 1 },
      ],
    };
    expect((await createReferenceContextPrecisionEvaluator({ minOverlap: 0.5 }).evaluate(sample)).score).toEqual({ value: 0.5 });
    expect((await createReferenceContextRecallEvaluator({ minOverlap: 0.5 }).evaluate(sample)).score.value).toBeCloseTo(1 / 3, 15);
    expect((await createReferenceContextRecallEvaluator({ minOverlap: 0.25 }).evaluate(sample)).score.value).toBeCloseTo(2 / 3, 15);
  });
});
