import { describe, expect, it } from 'vitest';
import type { Chunk, SourceDocument } from '../../../kernel/corpus.js';
import { cosine, keepDistinct } from '../../../synthetic-data/llm/dedupe.js';
import { archivePathFor, diffCorpus } from '../../../synthetic-data/llm/incremental.js';
import { locateQuote, mergeSpans } from '../../../synthetic-data/llm/spans.js';
import type { TestItem } from '../../../kernel/test-item.js';

const chunk: Chunk = { id: 'd#1', docId: 'd', index: 1, start: 100, end: 163, text: 'The bridge was rebuilt in 1901.\nIt spans   the river Amberlune.' };

describe('quote location', () => {
  it('exact, whitespace-tolerant without trailing punctuation, else the whole chunk', () => {
    expect(locateQuote(chunk, 'rebuilt in 1901')).toEqual({ docId: 'd', start: 115, end: 130, exact: true });
    expect(locateQuote(chunk, 'It spans the river Amberlune.')).toEqual({ docId: 'd', start: 132, end: 162, exact: true });
    expect(locateQuote(chunk, 'a sentence the model made up')).toEqual({ docId: 'd', start: 100, end: 163, exact: false });
  });

  it('merges overlapping spans of one document', () => {
    expect(mergeSpans([
      { docId: 'd', start: 10, end: 20, exact: true },
      { docId: 'e', start: 0, end: 5, exact: true },
      { docId: 'd', start: 15, end: 30, exact: false },
    ])).toEqual([
      { docId: 'd', start: 10, end: 30, exact: false },
      { docId: 'e', start: 0, end: 5, exact: true },
    ]);
  });
});

describe('near-duplicates', () => {
  it('cosine is exact and 0 (not NaN) for a zero vector', () => {
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });

  it('keeps the first of similar candidates, and drops candidates similar to existing ones', () => {
    expect(keepDistinct([[1, 0]], [[0.99, 0.01], [0, 1], [0.01, 1], [1, 1]], 0.95)).toEqual([1, 3]);
  });
});

describe('incremental diff', () => {
  const doc = (id: string, hash: string): SourceDocument => ({ id, hash, text: '', source: id });
  const item = (id: string, hashes?: Record<string, string>): TestItem => ({
    schemaVersion: 1,
    id,
    question: `q ${id}`,
    references: [],
    generator: { name: 'llm' },
    ...(hashes ? { sourceHashes: hashes } : {}),
  });

  it('keeps unchanged and hand-written items, retires changed/deleted ones, targets uncovered documents', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const diff = diffCorpus(
      [item('a1', { a: 'h1' }), item('b1', { b: 'old' }), item('ab', { a: 'h1', c: 'h3' }), item('gone', { z: 'hz' }), item('human')],
      [doc('a', 'h1'), doc('b', 'new'), doc('n', 'hn')],
      at,
    );
    expect(diff.kept.map((i) => i.id)).toEqual(['a1', 'human']);
    expect(diff.retired.map((i) => [i.id, i.retired])).toEqual([
      ['b1', { at: '2026-01-02T03:04:05.000Z', reason: 'document b changed' }],
      ['ab', { at: '2026-01-02T03:04:05.000Z', reason: 'document c was deleted' }],
      ['gone', { at: '2026-01-02T03:04:05.000Z', reason: 'document z was deleted' }],
    ]);
    expect(diff.targets.map((d) => d.id)).toEqual(['b', 'n']);
    expect(diff.newDocuments).toEqual(['n']);
    expect(diff.changedDocuments).toEqual(['b']);
    expect(diff.deletedDocuments).toEqual(['c', 'z']);
  });

  it('names the archive next to the test set', () => {
    expect(archivePathFor('/x/testset.jsonl')).toBe('/x/testset.archive.jsonl');
    expect(archivePathFor('/x/qs')).toBe('/x/qs.archive.jsonl');
  });
});
