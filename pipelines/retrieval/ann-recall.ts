/**
 * Recall of an approximate index against exact search on the same vectors: for each query,
 * the share of the exact top-k ids that the ANN top-k also returned, averaged over queries.
 * Queries whose exact list is empty are left out (nothing to recall).
 */
export interface AnnRecall {
  k: number;
  /** Mean recall@k over the queries counted; null when none could be counted. */
  recallAtK: number | null;
  queries: number;
}

export function recallAtK(ann: readonly (readonly string[])[], exact: readonly (readonly string[])[], k: number): AnnRecall {
  if (ann.length !== exact.length) throw new RangeError(`recallAtK: ${ann.length} ANN lists but ${exact.length} exact lists`);
  let sum = 0;
  let queries = 0;
  exact.forEach((exactIds, q) => {
    const truth = exactIds.slice(0, k);
    if (truth.length === 0) return;
    const found = new Set(ann[q]!.slice(0, k));
    sum += truth.filter((id) => found.has(id)).length / truth.length;
    queries += 1;
  });
  return { k, recallAtK: queries === 0 ? null : sum / queries, queries };
}

/** Accumulates per-query overlap while a retriever runs (depth may differ per query). */
export class RecallMeter {
  private sum = 0;
  private queries = 0;
  private depth = 0;

  record(ann: readonly string[], exact: readonly string[]): void {
    const k = exact.length;
    if (k === 0) return;
    const found = new Set(ann.slice(0, k));
    this.sum += exact.filter((id) => found.has(id)).length / k;
    this.queries += 1;
    this.depth = Math.max(this.depth, k);
  }

  snapshot(): AnnRecall {
    return { k: this.depth, recallAtK: this.queries === 0 ? null : this.sum / this.queries, queries: this.queries };
  }
}
