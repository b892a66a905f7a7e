import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../kernel/corpus.js';
import { buildJudgments, chunkMatchesReference, rankingFromHits, resolveRelevanceLevel } from '../../../evaluators/ir/relevance.js';
import { TestItem } from '../../../kernel/test-item.js';

const chunk = (docId: string, index: number, start: number, end: number): Chunk => ({ id: `${docId}#${index}`, docId, index, start, end, text: 'x'.repeat(end - start) });
const span = (docId: string, start: number, end: number, grade = 1) => ({ docId, start, end, text: 'x'.repeat(end - start), grade });

describe('span relevance rule', () => {
  it('needs the overlap to cover minOverlap of the shorter of chunk and span', () => {
    const c = chunk('a', 0, 0, 100);
    // span 90..130 (40 chars): overlap 10 of shorter 40 = 0.25
    expect(chunkMatchesReference(c, span('a', 90, 130), 0.5)).toBe(false);
    expect(chunkMatchesReference(c, span('a', 90, 130), 0.25)).toBe(true);
    // span 70..130: overlap 30 of 60 = 0.5 → relevant at 0.5, not at 0.51
    expect(chunkMatchesReference(c, span('a', 70, 130), 0.5)).toBe(true);
    expect(chunkMatchesReference(c, span('a', 70, 130), 0.51)).toBe(false);
    // a small chunk wholly inside a long span is relevant
    expect(chunkMatchesReference(chunk('a', 3, 300, 350), span('a', 0, 1000), 0.5)).toBe(true);
    // touching is not overlapping; another document never matches
    expect(chunkMatchesReference(c, span('a', 100, 120), 0.01)).toBe(false);
    expect(chunkMatchesReference(c, span('b', 0, 100), 0.5)).toBe(false);
  });

  it('builds chunk-level judgments with the highest matching grade', () => {
    const chunks = [chunk('a', 0, 0, 100), chunk('a', 1, 80, 180), chunk('b', 0, 0, 50)];
    const items = [TestItem.parse({ id: 'q1', question: 'q', references: [span('a', 60, 100, 1), span('a', 90, 170, 2)] })];
    const judgments = buildJudgments(items, chunks, { level: 'chunk', minOverlap: 0.5 });
    // a#0 covers 60..100 fully (grade 1) and 90..100 of 90..170 (10/80 < 0.5); a#1 covers 80..100 of 60..100 (20/40) and all of 90..170
    expect([...judgments.get('q1')!]).toEqual([
      ['a#0', 1],
      ['a#1', 2],
    ]);
  });

  it('builds document-level judgments and rankings from the best chunk of each document', () => {
    const items = [TestItem.parse({ id: 'q1', question: 'q', references: [{ docId: 'a', grade: 2 }, span('b', 0, 10)] })];
    expect(resolveRelevanceLevel('auto', items)).toBe('document');
    expect(resolveRelevanceLevel('auto', [TestItem.parse({ id: 'q', question: 'q', references: [span('b', 0, 10)] })])).toBe('chunk');
    const judgments = buildJudgments(items, [], { level: 'document', minOverlap: 0.5 });
    expect([...judgments.get('q1')!]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    const hits = [
      { chunk: chunk('a', 1, 0, 10), score: 0.9 },
      { chunk: chunk('b', 0, 0, 10), score: 0.8 },
      { chunk: chunk('a', 0, 0, 10), score: 0.7 },
    ];
    expect(rankingFromHits(hits, 'document')).toEqual([
      { docId: 'a', score: 0.9 },
      { docId: 'b', score: 0.8 },
    ]);
    expect(rankingFromHits(hits, 'chunk').map((r) => r.docId)).toEqual(['a#1', 'b#0', 'a#0']);
  });
});
