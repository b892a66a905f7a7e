/**
 * One query at a time through exact search (the dense retriever's path): MemoryVectorStore.search
 * over 100,000 seeded random 512-d vectors (cosine, top-10), median per query. Baseline in the
 * same run: a pass that scores a full block of 8 queries (searchManySync of 8), which is what
 * one query cost before the kernel scored only the queries present. Small batches of 2, 4 and 8
 * per query too; checks search() equals the batch path exactly (ids and scores).
 * Target: ≤ 25 ms per query, ≥ 3.5× the 8-query pass.
 *
 *   npm run bench -- single-query     (BENCH_VECTORS, BENCH_SINGLE_QUERIES: default 100000, 40)
 */
import { pathToFileURL } from 'node:url';
import { MemoryVectorStore } from '../pipelines/retrieval/stores/memory-store.js';
import { createRng as seeded } from '../kernel/prng.js';

const VECTORS = Number(process.env['BENCH_VECTORS'] ?? 100_000);
const QUERIES = Number(process.env['BENCH_SINGLE_QUERIES'] ?? 40);
const DIMENSION = 512;
const K = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export async function main(): Promise<{ singleMs: number; blockOf8Ms: number; speedup: number; identical: boolean }> {
  const random = seeded(99);
  const row = () => Float32Array.from({ length: DIMENSION }, () => random() * 2 - 1);
  const store = new MemoryVectorStore({ workers: 0 });
  const ids = Array.from({ length: VECTORS }, (_, i) => `v${String(i).padStart(6, '0')}`);
  for (let start = 0; start < VECTORS; start += 10_000) {
    const count = Math.min(10_000, VECTORS - start);
    store.add(ids.slice(start, start + count), Array.from({ length: count }, row));
  }
  const queries = Array.from({ length: QUERIES }, row);
  store.search(queries[0]!, K); // warm-up: kernel compiled, tie ranks built

  const single: number[] = [];
  const blockOf8: number[] = [];
  const batch = { 2: [] as number[], 4: [] as number[], 8: [] as number[] };
  // Interleaved, so a change in machine load touches every variant alike.
  queries.forEach((query, q) => {
    single.push(ms(() => store.search(query, K)));
    blockOf8.push(ms(() => store.searchManySync(Array.from({ length: 8 }, () => query), K)));
    for (const size of [2, 4, 8] as const) {
      const group = Array.from({ length: size }, (_, i) => queries[(q + i) % QUERIES]!);
      batch[size].push(ms(() => store.searchManySync(group, K)) / size);
    }
  });
  const many = store.searchManySync(queries, K);
  const identical = queries.every((query, q) => JSON.stringify(store.search(query, K)) === JSON.stringify(many[q]));
  const result = { singleMs: median(single), blockOf8Ms: median(blockOf8), speedup: median(blockOf8) / median(single), identical };
  console.log(`one query, exact top-${K} over ${VECTORS} x ${DIMENSION} vectors, median of ${QUERIES} (ms per query):`);
  console.log(`  search(), one query                 ${result.singleMs.toFixed(1)} ms`);
  console.log(`  baseline: a pass of 8 (the old cost) ${result.blockOf8Ms.toFixed(1)} ms   -> ${result.speedup.toFixed(2)}x`);
  for (const size of [2, 4, 8] as const) console.log(`  batch of ${size}, per query              ${median(batch[size]).toFixed(1)} ms`);
  console.log(`  search() = batch path               ${identical ? 'yes (ids and scores)' : 'NO'}`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
