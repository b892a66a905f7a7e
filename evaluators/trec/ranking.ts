/**
 * trec_eval's evaluation order: a query's documents sorted by score, highest first, with ties
 * broken by document id in descending string order. The rank column of a run file is ignored,
 * so a run whose ranks disagree with its scores is evaluated by its scores.
 */
import type { ScoredDocument } from './formats.js';

export function compareTrecOrder(a: ScoredDocument, b: ScoredDocument): number {
  if (a.score !== b.score) return b.score - a.score;
  // trec_eval uses strcmp; code-unit order equals byte order for ASCII ids.
  if (a.docId === b.docId) return 0;
  return a.docId < b.docId ? 1 : -1;
}

/** The documents in evaluation order, keeping only the first `maxResults` (trec_eval -M). */
export function rankDocuments(documents: readonly ScoredDocument[], maxResults = Infinity): ScoredDocument[] {
  const ranked = [...documents].sort(compareTrecOrder);
  return maxResults < ranked.length ? ranked.slice(0, maxResults) : ranked;
}
