import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../../kernel/corpus.js';
import type { RetrievedChunk, Retriever } from '../../../kernel/retriever.js';
import type { TestItem } from '../../../kernel/test-item.js';
import { CachedEmbeddings } from '../../../pipelines/embeddings/cached-embeddings.js';
import { OpenAiCompatibleEmbeddings } from '../../../pipelines/embeddings/openai-embedder.js';
import { silentProgress } from '../../../pipelines/progress/progress.js';
import { createBm25Retriever } from '../../../pipelines/retrieval/bm25.js';
import { createDenseRetriever } from '../../../pipelines/retrieval/dense-retriever.js';
import { createHybridRetriever } from '../../../pipelines/retrieval/hybrid.js';
import { MemoryVectorStore } from '../../../pipelines/retrieval/stores/memory-store.js';
import { QUERY_BATCH, retrieveAll } from '../../../pipelines/stages/retrieve.js';
import { hashEmbedding, startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';

const WORDS = ['river', 'stone', 'cloud', 'maple', 'ember', 'quartz', 'delta', 'harbor', 'lantern', 'meadow', 'cobalt', 'falcon'];

/** Deterministic 48-d vectors from the text's hash; counts calls so batching is visible. */
class HashEmbeddings implements EmbeddingsInterface {
  documentCalls = 0;
  queryCalls = 0;
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documentCalls += 1;
    return texts.map((text) => hashEmbedding(text, 48));
  }
  async embedQuery(text: string): Promise<number[]> {
    this.queryCalls += 1;
    return hashEmbedding(text, 48);
  }
}

function corpus(n: number): Chunk[] {
  return Array.from({ length: n }, (_, i) => {
    const text = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${WORDS[(i * 5 + 3) % WORDS.length]} number ${i % 37}`;
    return { id: `c${String(i).padStart(5, '0')}`, docId: `d${i % 400}`, index: 0, start: 0, end: text.length, text };
  });
}

const queries = Array.from({ length: 300 }, (_, i) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 3 + 1) % WORDS.length]} ${i}`);
const flat = (ranking: RetrievedChunk[]) => ranking.map((hit) => [hit.chunk.id, hit.score]);

describe('retrieveMany gives the same rankings as retrieve', () => {
  const chunks = corpus(3000);

  it('dense over exact search, with the batch split across worker threads', async () => {
    const store = new MemoryVectorStore({ workers: 2, parallelMinWork: 0 });
    const dense = createDenseRetriever({ name: 'hash', embeddings: new HashEmbeddings(), store });
    await dense.index(chunks);
    const batched = await dense.retrieveMany!(queries, 20);
    expect(store.lastSearchWorkers).toBe(2);
    const single = [];
    for (const query of queries) single.push(await dense.retrieve(query, 20));
    expect(batched.map(flat)).toEqual(single.map(flat));
    expect(batched[0]).toHaveLength(20);
    await store.close();
  });

  it('hybrid of BM25 and dense: fused per query from batched member rankings', async () => {
    const bm25 = createBm25Retriever({ name: 'bm25' });
    const dense = createDenseRetriever({ name: 'hash', embeddings: new HashEmbeddings() });
    await Promise.all([bm25.index(chunks), dense.index(chunks)]);
    const hybrid = createHybridRetriever({ retrievers: [bm25, { retriever: dense, weight: 0.5 }] });
    expect(hybrid.retrieveMany).toBeTypeOf('function');
    const batched = await hybrid.retrieveMany!(queries.slice(0, 50), 10);
    const single = [];
    for (const query of queries.slice(0, 50)) single.push(await hybrid.retrieve(query, 10));
    expect(batched.map(flat)).toEqual(single.map(flat));
    // A hybrid with no batching member stays one query at a time.
    expect(createHybridRetriever({ retrievers: [bm25, createBm25Retriever({ k1: 2 })] }).retrieveMany).toBeUndefined();
  });
});

describe('batched query embedding through CachedEmbeddings', () => {
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['text-embedding-3-small'], apiKey: 'k' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('an API embedder sends the misses of 10 queries in requests of batchSize texts, vectors equal to embedQuery', async () => {
    const inner = new OpenAiCompatibleEmbeddings({
      model: 'text-embedding-3-small',
      baseURL: server.baseURL,
      apiKey: 'k',
      apiKeyEnv: 'K',
      batchSize: 4,
      concurrency: 2,
      maxRetries: 0,
      timeoutMs: 10_000,
    });
    const identity = { modelId: 'm', dimensions: null, queryPrefix: 'query: ', documentPrefix: '' };
    const cached = new CachedEmbeddings(inner, identity);
    const texts = queries.slice(0, 10);
    server.requests.length = 0;
    const batched = await cached.embedQueries(texts);
    expect(server.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(3);
    const single = [];
    for (const text of texts) single.push(await cached.embedQuery(text));
    expect(server.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(13);
    expect(batched).toEqual(single);
  });

  it('a model without exact query batching is asked one query at a time', async () => {
    const inner = new HashEmbeddings();
    const cached = new CachedEmbeddings(inner, { modelId: 'h', dimensions: null, queryPrefix: '', documentPrefix: '' });
    await cached.embedQueries(queries.slice(0, 5));
    expect({ documentCalls: inner.documentCalls, queryCalls: inner.queryCalls }).toEqual({ documentCalls: 0, queryCalls: 5 });
  });
});

describe('retrieveAll', () => {
  const items: TestItem[] = Array.from({ length: 300 }, (_, i) => ({ id: `q${i}`, question: `question ${i}`, references: [] }) as unknown as TestItem);

  function recordingRetriever(batching: boolean): Retriever & { calls: number[] } {
    const calls: number[] = [];
    const ranking = (query: string): RetrievedChunk[] => [{ chunk: { id: query, docId: query, index: 0, start: 0, end: 1, text: query }, score: 1 }];
    const retriever: Retriever & { calls: number[] } = {
      name: 'r',
      calls,
      async index() {},
      async retrieve(query) {
        calls.push(1);
        return ranking(query);
      },
    };
    if (batching) {
      retriever.retrieveMany = async (qs) => {
        calls.push(qs.length);
        return qs.map(ranking);
      };
    }
    return retriever;
  }

  it('sends batches of QUERY_BATCH to a batching retriever; each member gets batch time / batch size', async () => {
    const retriever = recordingRetriever(true);
    const results = await retrieveAll({ retriever, label: 'r', items, depth: 1, progress: silentProgress });
    // The untimed warm-up query, then 128 + 128 + 44.
    expect(QUERY_BATCH).toBe(128);
    expect(retriever.calls).toEqual([1, 128, 128, 44]);
    expect(results.map((r) => r.qid)).toEqual(items.map((item) => item.id));
    expect(results.map((r) => r.hits[0]!.chunk.id)).toEqual(items.map((item) => item.question));
    expect(new Set(results.slice(0, 128).map((r) => r.latencyMs)).size).toBe(1);
    expect(new Set(results.slice(256).map((r) => r.latencyMs)).size).toBe(1);
  });

  it('asks a retriever without retrieveMany one question at a time', async () => {
    const retriever = recordingRetriever(false);
    const results = await retrieveAll({ retriever, label: 'r', items: items.slice(0, 40), depth: 1, progress: silentProgress });
    expect(retriever.calls).toEqual(new Array(41).fill(1));
    expect(results).toHaveLength(40);
  });
});
