/**
 * The retrieval stage over 100,000 × 512 exact vectors: questions sent one at a time (the path
 * before batching, and still BM25's) against batches of QUERY_BATCH (dense retrieveMany →
 * searchMany on 2 worker threads), same store, same run. Rankings are compared. Prints wall and
 * CPU seconds per 1,000 questions (the one-at-a-time path runs fewer questions and is scaled).
 * Run: npm run bench -- retrieval-stage   (RAG_EVAL_BENCH_STAGE_SINGLE, default 100 questions)
 */
import { pathToFileURL } from 'node:url';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../kernel/corpus.js';
import { createRng } from '../kernel/prng.js';
import type { Retriever } from '../kernel/retriever.js';
import type { TestItem } from '../kernel/test-item.js';
import { silentProgress } from '../pipelines/progress/progress.js';
import { createDenseRetriever } from '../pipelines/retrieval/dense-retriever.js';
import { MemoryVectorStore } from '../pipelines/retrieval/stores/memory-store.js';
import { retrieveAll } from '../pipelines/stages/retrieve.js';

const CHUNKS = 100_000;
const DIMENSION = 512;
const QUESTIONS = 1_000;
const SINGLE = Number(process.env.RAG_EVAL_BENCH_STAGE_SINGLE ?? 100);

class SeededEmbeddings implements EmbeddingsInterface {
  readonly queryBatchIsExact = true;
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    const random = createRng(Number(text.slice(1)));
    return Array.from({ length: DIMENSION }, () => random() * 2 - 1);
  }
}

async function timed(retriever: Retriever, items: TestItem[]) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = await retrieveAll({ retriever, label: 'dense', items, depth: 10, progress: silentProgress });
  const used = process.cpuUsage(cpu);
  return { results, wallS: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

export async function main(): Promise<void> {
  const chunks: Chunk[] = Array.from({ length: CHUNKS }, (_, i) => ({ id: `c${i}`, docId: `d${i}`, index: 0, start: 0, end: 1, text: `c${i}` }));
  const store = new MemoryVectorStore();
  const dense = createDenseRetriever({ name: 'dense', embeddings: new SeededEmbeddings(), store, batchSize: 4096 });
  await dense.index(chunks);
  const items = Array.from({ length: QUESTIONS }, (_, i) => ({ id: `q${i}`, question: `q${1_000_000 + i}`, references: [] }) as unknown as TestItem);
  // One query at a time: the same retriever without retrieveMany.
  const single: Retriever = { name: 'dense', index: async () => {}, retrieve: (q, k) => dense.retrieve(q, k) };
  const batched = await timed(dense, items);
  const oneByOne = await timed(single, items.slice(0, SINGLE));
  const same = oneByOne.results.every((r, i) => JSON.stringify(r.hits.map((h) => [h.chunk.id, h.score])) === JSON.stringify(batched.results[i]!.hits.map((h) => [h.chunk.id, h.score])));
  const per1000 = (s: number, n: number) => ((s / n) * 1000).toFixed(2);
  console.log(`${QUESTIONS} questions, top-10, over ${CHUNKS.toLocaleString('en-US')} × ${DIMENSION} vectors (exact):`);
  console.log(`  batched (128 per searchMany): ${batched.wallS.toFixed(2)} s wall, ${batched.cpuS.toFixed(2)} CPU s`);
  console.log(`  one at a time (${SINGLE} questions, scaled to ${QUESTIONS}): ${per1000(oneByOne.wallS, SINGLE)} s wall, ${per1000(oneByOne.cpuS, SINGLE)} CPU s`);
  console.log(`  speed-up: ${((oneByOne.wallS / SINGLE) / (batched.wallS / QUESTIONS)).toFixed(1)}× wall; rankings identical: ${same}`);
  await store.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
