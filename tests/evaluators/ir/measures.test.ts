/** Each measure family on small rankings computed by hand. */
import { describe, expect, it } from 'vitest';
import { averagePrecision, geometricMean } from '../../../evaluators/ir/average-precision.js';
import { numRelevant, numRelevantRetrieved, numRetrieved } from '../../../evaluators/ir/counts.js';
import { f1At } from '../../../evaluators/ir/f1.js';
import { judgeRanking, type JudgedRanking } from '../../../evaluators/ir/judged-ranking.js';
import { ndcg, ndcgAt } from '../../../evaluators/ir/ndcg.js';
import { precisionAt } from '../../../evaluators/ir/precision.js';
import { rPrecision } from '../../../evaluators/ir/r-precision.js';
import { recallAt } from '../../../evaluators/ir/recall.js';
import { reciprocalRank } from '../../../evaluators/ir/reciprocal-rank.js';
import { successAt } from '../../../evaluators/ir/success.js';

/** Documents given already in rank order. */
function judged(docIds: string[], judgements: Record<string, number>, relLevel = 1): JudgedRanking {
  return judgeRanking({
    ranked: docIds.map((docId, i) => ({ docId, score: -i })),
    judgements: new Map(Object.entries(judgements)),
    relLevel,
  });
}

// a=3, c=1, d=2, f=1 are relevant (f not retrieved); b=0; e=-1; x unjudged.
const GRADES = { a: 3, b: 0, c: 1, d: 2, e: -1, f: 1 };
const RANKING = ['a', 'x', 'c', 'e', 'd'];

describe('graded ranking a x c e d (relevant at ranks 1, 3, 5 of R = 4)', () => {
  const ranking = judged(RANKING, GRADES);

  it('counts', () => {
    expect([numRetrieved(ranking), numRelevant(ranking), numRelevantRetrieved(ranking)]).toEqual([5, 4, 3]);
  });

  it('precision divides by k even past the end of the ranking', () => {
    expect(precisionAt(ranking, 1)).toBe(1);
    expect(precisionAt(ranking, 2)).toBe(0.5);
    expect(precisionAt(ranking, 5)).toBe(0.6);
    expect(precisionAt(ranking, 10)).toBe(0.3);
  });

  it('recall, F1, success', () => {
    expect(recallAt(ranking, 5)).toBe(0.75);
    expect(recallAt(ranking, 2)).toBe(0.25);
    expect(f1At(ranking, 5)).toBeCloseTo((2 * 0.6 * 0.75) / 1.35, 12); // 0.6667
    expect(f1At(ranking, 2)).toBeCloseTo((2 * 0.5 * 0.25) / 0.75, 12); // 0.3333
    expect(successAt(ranking, 1)).toBe(1);
  });

  it('average precision, reciprocal rank, R-precision', () => {
    expect(averagePrecision(ranking)).toBeCloseTo((1 / 1 + 2 / 3 + 3 / 5) / 4, 12); // 0.5667
    expect(reciprocalRank(ranking)).toBe(1);
    expect(rPrecision(ranking)).toBe(0.5); // a, c in the top 4
  });

  it('nDCG: gain = grade, 1/log2(rank+1), ideal from all judged grades, negative grades add nothing', () => {
    const ideal = 3 + 2 / Math.log2(3) + 1 / 2 + 1 / Math.log2(5);
    expect(ndcg(ranking)).toBeCloseTo((3 + 1 / 2 + 2 / Math.log2(6)) / ideal, 12); // 0.8230
    expect(ndcgAt(ranking, 3)).toBeCloseTo((3 + 1 / 2) / (3 + 2 / Math.log2(3) + 1 / 2), 12); // 0.7350
    expect(ndcgAt(ranking, 1)).toBe(1);
  });

  it('relLevel 2 narrows relevance but leaves nDCG gains alone', () => {
    const strict = judged(RANKING, GRADES, 2); // relevant: a, d
    expect(numRelevant(strict)).toBe(2);
    expect(precisionAt(strict, 5)).toBe(0.4);
    expect(averagePrecision(strict)).toBeCloseTo((1 + 2 / 5) / 2, 12);
    expect(rPrecision(strict)).toBe(0.5);
    expect(ndcg(strict)).toBe(ndcg(ranking));
  });
});

describe('first relevant document further down', () => {
  const ranking = judged(['n1', 'n2', 'r1', 'n3', 'r2'], { n1: 0, n2: 0, r1: 1, n3: 0, r2: 1 });
  it('reciprocal rank, success, F1 when precision is 0', () => {
    expect(reciprocalRank(ranking)).toBeCloseTo(1 / 3, 15);
    expect(successAt(ranking, 2)).toBe(0);
    expect(successAt(ranking, 3)).toBe(1);
    expect(f1At(ranking, 2)).toBe(0);
  });
});

describe('query with no relevant documents', () => {
  const ranking = judged(['a', 'b'], { a: 0, b: -1 });
  it('scores 0 everywhere, never NaN', () => {
    const values = [
      precisionAt(ranking, 5),
      recallAt(ranking, 5),
      f1At(ranking, 5),
      successAt(ranking, 5),
      reciprocalRank(ranking),
      averagePrecision(ranking),
      rPrecision(ranking),
      ndcg(ranking),
      ndcgAt(ranking, 5),
    ];
    expect(values).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('empty ranking', () => {
  const ranking = judged([], { a: 2 });
  it('scores 0 and still reports num_rel', () => {
    expect([numRetrieved(ranking), numRelevant(ranking), numRelevantRetrieved(ranking)]).toEqual([0, 1, 0]);
    expect([precisionAt(ranking, 5), recallAt(ranking, 5), averagePrecision(ranking), ndcg(ranking), reciprocalRank(ranking)]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('geometricMean (gm_map)', () => {
  it('floors zeros at 0.00001 like trec_eval', () => {
    expect(geometricMean([0.25, 0.64])).toBeCloseTo(0.4, 12);
    expect(geometricMean([0, 1])).toBeCloseTo(Math.sqrt(0.00001), 12);
    expect(geometricMean([])).toBe(0);
  });
});
