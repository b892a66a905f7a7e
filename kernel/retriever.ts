import type { Chunk } from './corpus.js';

/** One ranked hit. Rankings are ordered by score desc, then id desc (trec_eval's order). */
export interface RetrievedChunk {
  chunk: Chunk;
  score: number;
}

export interface IndexOptions {
  /**
   * Called before each batch of indexing work (an embedding request, say); it may throw to stop
   * indexing there (Ctrl-C). A stopped index is not used again: a resumed run indexes afresh.
   */
  beforeBatch?: () => void;
  /** Called as chunks are indexed, with how many were just done (a progress line and ETA). */
  onProgress?: (indexed: number) => void;
  /**
   * Retrievers over a resumable persistent store: the batches an earlier, interrupted build of
   * this retriever stored (the run's index log). Only the chunks after them are embedded and added
   * when the store still holds exactly those; otherwise the index is rebuilt (with a warning).
   */
  storedBefore?: readonly StoredRange[];
  /** Called once the store acknowledged a batch (its add resolved) and before the next: the run logs it. */
  onStored?: (range: StoredRange) => void;
  /** Called when stored vectors are thrown away (a partial index that disagrees with the log). */
  warn?: (message: string) => void;
}

/** Chunks [start, end) (in index order) of the dataset `datasetKey` are stored in `target` (a collection, a table). */
export interface StoredRange {
  datasetKey: string;
  target: string;
  start: number;
  end: number;
}

/**
 * The narrow interface every retriever implements: build an index over chunks once,
 * then answer queries. BM25, dense, hybrid and LangChain retrievers all fit it.
 */
export interface Retriever {
  readonly name: string;
  index(chunks: readonly Chunk[], options?: IndexOptions): Promise<void>;
  retrieve(query: string, k: number): Promise<RetrievedChunk[]>;
  /**
   * Optional: many queries at once, one ranking per query in the same order, each equal to what
   * retrieve(query, k) returns. Retrievers that can batch (embedding several queries per request,
   * one pass over the vectors for many queries) implement it; the pipeline prefers it when present.
   */
  retrieveMany?(queries: readonly string[], k: number): Promise<RetrievedChunk[][]>;
}

/** retrieveMany when the retriever has it, else retrieve one query after another. */
export async function retrieveBatch(retriever: Retriever, queries: readonly string[], k: number): Promise<RetrievedChunk[][]> {
  if (retriever.retrieveMany) return retriever.retrieveMany(queries, k);
  const rankings: RetrievedChunk[][] = [];
  for (const query of queries) rankings.push(await retriever.retrieve(query, k));
  return rankings;
}

/** Orders hits like trec_eval: score descending, ties by id descending. */
export function compareHits(a: RetrievedChunk, b: RetrievedChunk): number {
  if (b.score !== a.score) return b.score - a.score;
  return a.chunk.id < b.chunk.id ? 1 : a.chunk.id > b.chunk.id ? -1 : 0;
}
