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
