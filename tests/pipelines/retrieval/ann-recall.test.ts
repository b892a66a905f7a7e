import { describe, expect, it } from 'vitest';
import { RecallMeter, recallAtK } from '../../../pipelines/retrieval/ann-recall.js';

describe('recallAtK', () => {
  it('is the mean share of the exact top-k found by the ANN top-k', () => {
    const exact = [['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h'], ['i', 'j', 'k', 'l']];
    const ann = [['a', 'b', 'c', 'd'], ['e', 'x', 'g', 'y'], ['l', 'z', 'q', 'i']];
    // query 1: 4/4; query 2: 2/4; query 3 at k = 4: {i, l} = 2/4  → (1 + 0.5 + 0.5) / 3
    expect(recallAtK(ann, exact, 4)).toEqual({ k: 4, recallAtK: 2 / 3, queries: 3 });
    // at k = 2: query 1 2/2, query 2 {e} 1/2, query 3 exact {i, j} vs ann {l, z} 0/2 → 0.5
    expect(recallAtK(ann, exact, 2)).toEqual({ k: 2, recallAtK: 0.5, queries: 3 });
  });

  it('skips queries with no exact hits and is null when none remain', () => {
    expect(recallAtK([['a'], []], [['a'], []], 3)).toEqual({ k: 3, recallAtK: 1, queries: 1 });
    expect(recallAtK([[]], [[]], 3)).toEqual({ k: 3, recallAtK: null, queries: 0 });
    expect(() => recallAtK([[]], [], 3)).toThrow(RangeError);
  });

  it('RecallMeter accumulates the same mean query by query', () => {
    const meter = new RecallMeter();
    meter.record(['a', 'b', 'x'], ['a', 'b', 'c']);
    meter.record(['y', 'z'], ['p', 'q']);
    meter.record([], []);
    expect(meter.snapshot()).toEqual({ k: 3, recallAtK: (2 / 3 + 0) / 2, queries: 2 });
  });
});
