import type { Chunk } from '../../kernel/corpus.js';
import type { RetrievedChunk } from '../../kernel/retriever.js';
import type { ScoredDocument } from '../trec/formats.js';
import { isSpanReference, type Reference, type TestItem } from '../../kernel/test-item.js';

/** qid → (docno → grade). Docnos are chunk ids (chunk level) or document ids (document level). */
export type Judgments = Map<string, Map<string, number>>;


export type RelevanceLevel = 'chunk' | 'document';

export interface RelevanceRule {
  level: RelevanceLevel;
  /**
   * Chunk level: a chunk is relevant to a reference span of the same document when their
   * overlap covers at least `minOverlap` of the shorter of the two. Using the shorter one
   * means a small chunk wholly inside a long span counts, and so does a chunk that holds a
   * short span entirely.
   */
  minOverlap: number;
}

/** `auto` picks document level when any item names whole documents (they have no offsets). */
export function resolveRelevanceLevel(requested: 'auto' | RelevanceLevel, items: readonly TestItem[]): RelevanceLevel {
  if (requested !== 'auto') return requested;
  const anyDocumentReference = items.some((item) => item.references.some((ref) => !isSpanReference(ref)));
  return anyDocumentReference ? 'document' : 'chunk';
}

export function overlapLength(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function chunkMatchesReference(chunk: Chunk, ref: Reference, minOverlap: number): boolean {
  if (chunk.docId !== ref.docId) return false;
  if (!isSpanReference(ref)) return true;
  const overlap = overlapLength(chunk, ref);
  const shorter = Math.min(ref.end - ref.start, chunk.end - chunk.start);
  return overlap > 0 && overlap >= minOverlap * shorter;
}

/** The qrels of a test set under a relevance rule; chunk level needs the chunking used. */
export function buildJudgments(items: readonly TestItem[], chunks: readonly Chunk[], rule: RelevanceRule): Judgments {
  const judgments: Judgments = new Map();
  // Only the chunks of referenced documents are ever looked at (none at document level).
  const referenced = new Set(items.flatMap((item) => item.references.map((ref) => ref.docId)));
  const chunksByDoc = groupBy(rule.level === 'chunk' ? chunks.filter((chunk) => referenced.has(chunk.docId)) : [], (chunk) => chunk.docId);
  for (const item of items) {
    const grades = new Map<string, number>();
    for (const ref of item.references) {
      if (rule.level === 'document') {
        grades.set(ref.docId, Math.max(grades.get(ref.docId) ?? Number.NEGATIVE_INFINITY, ref.grade));
        continue;
      }
      for (const chunk of chunksByDoc.get(ref.docId) ?? []) {
        if (chunkMatchesReference(chunk, ref, rule.minOverlap)) {
          grades.set(chunk.id, Math.max(grades.get(chunk.id) ?? Number.NEGATIVE_INFINITY, ref.grade));
        }
      }
    }
    judgments.set(item.id, grades);
  }
  return judgments;
}

/**
 * A retriever's hits as the ranking that is judged. Document level keeps each document's
 * best-ranked chunk (its score); later chunks of the same document are dropped.
 */
export function rankingFromHits(hits: readonly RetrievedChunk[], level: RelevanceLevel): ScoredDocument[] {
  if (level === 'chunk') return hits.map((hit) => ({ docId: hit.chunk.id, score: hit.score }));
  const seen = new Set<string>();
  const ranking: ScoredDocument[] = [];
  for (const hit of hits) {
    if (seen.has(hit.chunk.docId)) continue;
    seen.add(hit.chunk.docId);
    ranking.push({ docId: hit.chunk.docId, score: hit.score });
  }
  return ranking;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return groups;
}
