/**
 * Dense retrieval: chunk texts are embedded with any LangChain EmbeddingsInterface and put
 * in a VectorStore (exact in-memory by default); a query is embedded with embedQuery and
 * searched, or many queries at once through retrieveMany (batched embedding, searchMany). Indexing records embedding throughput, exposed through stats().
 * A persistent store (LanceDB, Milvus) is first opened under a dataset key — a hash of the
 * embedder id and every chunk's id and text — and when it already holds that data nothing is
 * embedded. An ANN store is shadowed by an exact in-memory copy of the same vectors so that
 * annRecall() can say how often the index returned what exact search would.
 */
import { createHash } from 'node:crypto';
import type { Chunk } from '../../kernel/corpus.js';
import { RecallMeter, type AnnRecall } from './ann-recall.js';
import { InputError } from '../../kernel/errors.js';
import { checkBatchSize, embedBatches, embedQueries, ThroughputMeter, type EmbeddingsInterface, type EmbeddingThroughput } from '../embeddings/embed-batches.js';
import { openForIndexing } from './index-resume.js';
import { MemoryVectorStore } from './stores/memory-store.js';
import { compareHits, type RetrievedChunk, type Retriever } from '../../kernel/retriever.js';
import { isPersistentVectorStore, type Vector, type VectorHit, type VectorStore } from '../../kernel/vector-store.js';

export interface DenseRetrieverOptions {
  name: string;
  embeddings: EmbeddingsInterface;
  /** Where vectors go; a fresh exact cosine MemoryVectorStore when omitted. Must start empty. */
  store?: VectorStore;
  /** Texts per embedDocuments call. Default 64. */
  batchSize?: number;
  /** Vectors gathered per store add(). Default STORE_BATCH. */
  storeBatchSize?: number;
  /** Identifies the embedder (model, dimensions, prefixes) in a persistent store's dataset key. */
  embedderId?: string;
}

/** The dataset key of a persistent store: embedder id + every chunk's id and text, hashed. */
export function datasetKey(embedderId: string, chunks: readonly Chunk[]): string {
  const hash = createHash('sha256').update(`${embedderId}\n`, 'utf8');
  for (const chunk of chunks) hash.update(`${chunk.id}\u0000${chunk.text}\u0000`, 'utf8');
  return hash.digest('hex').slice(0, 40);
}

export interface DenseRetriever extends Retriever {
  /** Embedding throughput of index() calls so far. */
  stats(): EmbeddingThroughput;
  /** Recall@k of an ANN store against exact search over the queries so far; null for exact stores. */
  annRecall(): AnnRecall | null;
  /** True when a persistent store already held the data and nothing was embedded. */
  reusedStoredVectors(): boolean;
}

/**
 * Vectors handed to the store per add(): embedding batches are small (64 texts), and an
 * embedded store such as LanceDB keeps one fragment per add, so batches are gathered to this
 * many (8 MB of 512-d float32) before they are stored.
 */
export const STORE_BATCH = 4096;

/**
 * Query vectors kept per retriever. A hybrid asks its dense members the questions their own
 * configurations were just asked: they reuse the vectors instead of embedding each again.
 */
export const MAX_SHARED_QUERIES = 10_000;

/** Queries kept for ANN recall (a load test may send millions). */
const MAX_RECALL_QUERIES = 10_000;

export function createDenseRetriever(options: DenseRetrieverOptions): DenseRetriever {
  const batchSize = checkBatchSize(options.batchSize ?? 64, `dense retriever "${options.name}" option "batchSize"`);
  const storeBatchSize = checkBatchSize(options.storeBatchSize ?? STORE_BATCH, `dense retriever "${options.name}" option "storeBatchSize"`);
  const store = options.store ?? new MemoryVectorStore();
  const meter = new ThroughputMeter();
  const chunksById = new Map<string, Chunk>();
  const ann = isPersistentVectorStore(store) ? store.ann : null;
  // Exact search over the same vectors, for ANN recall; queries are replayed lazily so the
  // shadow search never adds to the measured retrieval latency.
  const exact = ann ? new MemoryVectorStore({ metric: store.metric }) : undefined;
  const annQueries: { vector: Vector; k: number; ids: string[] }[] = [];
  let opened = false;
  let reused = false;

  const queryVectors = new Map<string, Vector>();
  const remember = (query: string, vector: Vector): void => {
    if (queryVectors.size >= MAX_SHARED_QUERIES) queryVectors.delete(queryVectors.keys().next().value!);
    queryVectors.set(query, vector);
  };
  const embedQuery = async (query: string): Promise<Vector> => {
    const known = queryVectors.get(query);
    if (known) return known;
    const vector = await options.embeddings.embedQuery(query);
    remember(query, vector);
    return vector;
  };
  /** Vectors for many queries; only the ones not seen before are embedded (batched where exact). */
  const embedMany = async (queries: readonly string[]): Promise<Vector[]> => {
    const missing = [...new Set(queries.filter((query) => !queryVectors.has(query)))];
    const fresh = missing.length > 0 ? await embedQueries(options.embeddings, missing) : [];
    const found = new Map<string, Vector>(missing.map((query, i) => [query, fresh[i]!]));
    missing.forEach((query, i) => remember(query, fresh[i]!));
    return queries.map((query) => found.get(query) ?? queryVectors.get(query)!);
  };

  const toRanking = (vector: Vector, limit: number, hits: readonly VectorHit[]): RetrievedChunk[] => {
    if (exact && annQueries.length < MAX_RECALL_QUERIES) annQueries.push({ vector, k: limit, ids: hits.map((hit) => hit.id) });
    const results: RetrievedChunk[] = hits.map((hit) => {
      const chunk = chunksById.get(hit.id);
      if (!chunk) {
        throw new InputError(`dense retriever "${options.name}": the vector store returned id "${hit.id}", which was never indexed`);
      }
      return { chunk, score: hit.score };
    });
    // Stores promise this order; sorting again makes a store that does not keep it harmless.
    return results.sort(compareHits);
  };

  return {
    name: options.name,
    async index(chunks, indexOptions) {
      const incoming = new Set<string>();
      for (const chunk of chunks) {
        if (chunksById.has(chunk.id) || incoming.has(chunk.id)) {
          throw new InputError(`dense retriever "${options.name}": chunk id "${chunk.id}" was indexed twice`);
        }
        incoming.add(chunk.id);
      }
      // A persistent store keeps chunks [0, from) from an earlier run (all of them: reused).
      let from = 0;
      let target: string | undefined;
      let key = '';
      if (isPersistentVectorStore(store) && !opened) {
        opened = true;
        key = datasetKey(options.embedderId ?? options.name, chunks);
        ({ from, target } = await openForIndexing(store, {
          datasetKey: key,
          ids: chunks.map((chunk) => chunk.id),
          batch: storeBatchSize,
          label: `dense retriever "${options.name}"`,
          ...(indexOptions?.storedBefore ? { storedBefore: indexOptions.storedBefore } : {}),
          ...(indexOptions?.warn ? { warn: indexOptions.warn } : {}),
        }));
        reused = chunks.length > 0 && from === chunks.length;
      }
      // Stored chunks need no embedding, except to fill the exact shadow of an ANN index
      // (the embedding cache makes that free of requests on a re-run).
      const embedFrom = exact ? 0 : from;
      for (const chunk of chunks.slice(0, embedFrom)) chunksById.set(chunk.id, chunk);
      if (embedFrom > 0) indexOptions?.onProgress?.(embedFrom);
      if (embedFrom === chunks.length) return;
      // Batch by batch as float32 rows: a million vectors never sit in memory as number arrays.
      let pending: { start: number; chunks: Chunk[]; rows: Float32Array[] } = { start: embedFrom, chunks: [], rows: [] };
      const flush = async (): Promise<void> => {
        const { start, chunks: batch, rows } = pending;
        pending = { start: start + batch.length, chunks: [], rows: [] };
        const ids = batch.map((chunk) => chunk.id);
        // With an ANN shadow, rows before `from` are already stored: they only fill the shadow.
        const skip = Math.min(batch.length, Math.max(0, from - start));
        if (skip < batch.length) {
          await store.add(skip === 0 ? ids : ids.slice(skip), skip === 0 ? rows : rows.slice(skip));
          if (target !== undefined) indexOptions?.onStored?.({ datasetKey: key, target, start: start + skip, end: start + batch.length });
        }
        if (exact) exact.add(ids, rows);
        // Registered once stored: after a failure, the retriever knows exactly the stored chunks.
        for (const chunk of batch) chunksById.set(chunk.id, chunk);
      };
      const texts = chunks.slice(embedFrom).map((chunk) => chunk.text);
      for await (const { start, rows, seconds, loadSeconds } of embedBatches(options.embeddings, texts, batchSize, indexOptions?.beforeBatch)) {
        meter.record(rows.length, seconds, loadSeconds);
        indexOptions?.onProgress?.(rows.length);
        pending.chunks.push(...chunks.slice(embedFrom + start, embedFrom + start + rows.length));
        pending.rows.push(...rows);
        if (pending.rows.length >= storeBatchSize) await flush();
      }
      if (pending.rows.length > 0) await flush();
    },
    async retrieve(query, k) {
      const limit = Math.min(Math.max(Math.floor(k), 0), chunksById.size);
      if (limit === 0) return [];
      const vector = await embedQuery(query);
      return toRanking(vector, limit, await store.search(vector, limit));
    },
    // Same rankings as retrieve(): queries embedded in batches where the model allows it
    // exactly, and one searchMany (one pass over the vectors, worker threads) per batch.
    async retrieveMany(queries, k) {
      const limit = Math.min(Math.max(Math.floor(k), 0), chunksById.size);
      if (limit === 0 || queries.length === 0) return queries.map(() => []);
      const vectors = await embedMany(queries);
      const hitLists = await store.searchMany(vectors, limit);
      return hitLists.map((hits, i) => toRanking(vectors[i]!, limit, hits));
    },
    stats: () => meter.snapshot(),
    annRecall() {
      if (!exact) return null;
      const recall = new RecallMeter();
      for (const query of annQueries) recall.record(query.ids, exact.search(query.vector, query.k).map((hit) => hit.id));
      return recall.snapshot();
    },
    reusedStoredVectors: () => reused,
  };
}
