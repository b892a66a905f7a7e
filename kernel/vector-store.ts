/**
 * The narrow vector-store contract: add vectors under string ids, search by vector.
 * Methods may answer synchronously or with a Promise so that in-memory, embedded
 * (LanceDB) and remote (Milvus) stores fit the same shape; callers always `await`.
 */
export type Vector = ArrayLike<number>;

export interface VectorHit {
  id: string;
  /** Higher is more similar (cosine similarity or inner product, per store). */
  score: number;
}

export type VectorMetric = 'cosine' | 'inner-product';

export interface VectorStore {
  readonly metric: VectorMetric;
  add(ids: readonly string[], vectors: readonly Vector[]): void | Promise<void>;
  /** The k most similar vectors, score descending then id descending; all of them when k ≥ size. */
  search(vector: Vector, k: number): VectorHit[] | Promise<VectorHit[]>;
  /** search() for many queries at once; stores may batch the work. One result list per query. */
  searchMany(vectors: readonly Vector[], k: number): VectorHit[][] | Promise<VectorHit[][]>;
}

/** An approximate-nearest-neighbour index; exact stores have none. */
export interface AnnIndexInfo {
  /** Index type as the store names it, e.g. "HNSW", "IVF_FLAT". */
  index: string;
  /** Build and search parameters, e.g. { M: 16, efConstruction: 200, ef: 64 }. */
  params: Record<string, number>;
}

/**
 * A store that keeps its vectors between runs (LanceDB, Milvus). `open` binds it to the
 * table or collection for `datasetKey` (a hash of corpus, chunking and embedder) before anything
 * is embedded, so a run that finds the same data already stored skips embedding entirely.
 */
export interface PersistentVectorStore extends VectorStore {
  /** Human-readable kind for reports, e.g. "lancedb", "milvus". */
  readonly kind: string;
  /** null for exact (flat) search. */
  readonly ann: AnnIndexInfo | null;
  /**
   * Resolves to true when the table/collection for `datasetKey` already holds exactly
   * `expectedCount` vectors (then add() must not be called); otherwise clears it and
   * resolves to false (then add() fills it).
   */
  open(datasetKey: string, expectedCount: number): Promise<boolean>;
  /**
   * Resumable stores: binds to the table/collection for `datasetKey` like open() but never
   * clears it; resolves to its name and how many vectors it holds (0 when it does not exist yet).
   * add() then appends to it. open() afterwards still clears a partial one.
   */
  resume?(datasetKey: string): Promise<{ target: string; held: number }>;
  /**
   * Resumable stores: deletes these ids from the bound table/collection (ids it does not hold are
   * ignored); resolves to how many vectors it holds afterwards.
   */
  remove?(ids: readonly string[]): Promise<number>;
  close(): Promise<void>;
  /** Remote stores: connect and check the server now, so a bad address fails at run start. */
  checkReachable?(): Promise<unknown>;
}

export function isPersistentVectorStore(store: VectorStore): store is PersistentVectorStore {
  return typeof (store as Partial<PersistentVectorStore>).open === 'function';
}

/** Sorts hits into the contract's order: score descending, ties by id descending. */
export function sortHits(hits: VectorHit[]): VectorHit[] {
  return hits.sort((a, b) => (b.score !== a.score ? b.score - a.score : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
