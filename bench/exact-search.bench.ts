/**
 * Exact vector search benchmark: 1,000 queries, top-10, over 100,000 seeded random 512-d
 * vectors (cosine). In the same run: MemoryVectorStore.searchManySync (one thread),
 * MemoryVectorStore.searchMany (worker threads, default 2), and a plain per-query JavaScript
 * loop that scores every vector and fully sorts; checks the worker results equal the
 * single-thread ones exactly (ids and scores) and the plain loop's ids. Then small batches
 * with a warm pool, which is where PARALLEL_MIN_WORK comes from.
 * Env: BENCH_VECTORS, BENCH_QUERIES, BENCH_REPETITIONS (default 3), BENCH_PLAIN_REPETITIONS
 * (default BENCH_REPETITIONS; the plain loop takes ~2 min per run), BENCH_SMALL=0 skips the small batches.
 * Run: npx tsx bench/exact-search.bench.ts
 * Measured on a 2-core AMD EPYC VM, Node 20 (BENCH_PLAIN_REPETITIONS=1 BENCH_SMALL=0): 1 thread 8.42 s,
 * 2 workers 4.28 s (1.97x), plain loop 113.27 s (26.4x over the workers), results identical.
 */
import { pathToFileURL } from 'node:url';
import { MemoryVectorStore } from '../pipelines/retrieval/stores/memory-store.js';
import type { VectorHit } from '../kernel/vector-store.js';
import { createRng as seeded } from '../kernel/prng.js';

const VECTORS = Number(process.env['BENCH_VECTORS'] ?? 100_000);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 1_000);
const DIMENSION = 512;
const K = 10;
const REPETITIONS = Number(process.env['BENCH_REPETITIONS'] ?? 3);
const PLAIN_REPETITIONS = Number(process.env['BENCH_PLAIN_REPETITIONS'] ?? REPETITIONS);
const SMALL = process.env['BENCH_SMALL'] !== '0';

/** Rows of unit length (as float32), so the baseline and the store see the same numbers. */
function unitRows(count: number, random: () => number): Float32Array[] {
  return Array.from({ length: count }, () => {
    const row = Float32Array.from({ length: DIMENSION }, () => random() * 2 - 1);
    const norm = Math.sqrt(row.reduce((sum, x) => sum + x * x, 0));
    return row.map((x) => x / norm);
  });
}

/** The obvious implementation: score everything, sort everything, take k. */
function plainSearch(ids: string[], rows: Float32Array[], query: Float32Array, k: number): string[] {
  const scored = rows.map((row, i) => {
    let dot = 0;
    for (let j = 0; j < DIMENSION; j++) dot += row[j]! * query[j]!;
    return { id: ids[i]!, score: dot };
  });
  scored.sort((a, b) => (b.score !== a.score ? b.score - a.score : a.id < b.id ? 1 : -1));
  return scored.slice(0, k).map((hit) => hit.id);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

async function secondsAsync(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

const runs = (times: number[]): string => times.map((t) => t.toFixed(2)).join(', ');

/** Per-call medians of small batches (warm pool), to place PARALLEL_MIN_WORK. */
async function smallBatches(rows: Float32Array[], ids: string[], queries: Float32Array[]): Promise<void> {
  console.log('  small batches, warm pool, median of 15 calls (ms): queries x vectors -> 1 thread / workers');
  for (const count of [1_000, 2_000, 5_000, 10_000, 20_000]) {
    const store = new MemoryVectorStore({ parallelMinWork: 0 });
    store.add(ids.slice(0, count), rows.slice(0, count));
    for (const queryCount of [16, 32, 64]) {
      const batch = queries.slice(0, queryCount);
      await store.searchMany(batch, K); // starts the pool
      const single: number[] = [];
      const parallel: number[] = [];
      for (let i = 0; i < 15; i++) {
        single.push(seconds(() => void store.searchManySync(batch, K)) * 1000);
        parallel.push((await secondsAsync(async () => void (await store.searchMany(batch, K)))) * 1000);
      }
      const work = (queryCount * count * DIMENSION) / 1e6;
      console.log(
        `    ${String(queryCount).padStart(3)} x ${String(count).padStart(6)} (${work.toFixed(0).padStart(4)} M madds)  ` +
          `${median(single).toFixed(1).padStart(6)} / ${median(parallel).toFixed(1).padStart(6)}  (${(median(single) / median(parallel)).toFixed(2)}x)`,
      );
    }
    await store.close();
  }
}

export async function main(): Promise<{ singleSeconds: number; workerSeconds: number; plainSeconds: number; workerSpeedup: number; speedup: number; identical: boolean }> {
  const random = seeded(2024);
  const rows = unitRows(VECTORS, random);
  const queries = unitRows(QUERIES, random);
  const ids = rows.map((_, i) => `v${String(i).padStart(6, '0')}`);
  const store = new MemoryVectorStore();
  const addSeconds = seconds(() => store.add(ids, rows));

  const singleTimes: number[] = [];
  const workerTimes: number[] = [];
  const plainTimes: number[] = [];
  let single: VectorHit[][] = [];
  let parallel: VectorHit[][] = [];
  let plainIds: string[][] = [];
  let workers = 0;
  for (let rep = 0; rep < Math.max(REPETITIONS, PLAIN_REPETITIONS); rep++) {
    if (rep < REPETITIONS) {
      singleTimes.push(seconds(() => void (single = store.searchManySync(queries, K))));
      workerTimes.push(await secondsAsync(async () => void (parallel = await store.searchMany(queries, K))));
      workers = store.lastSearchWorkers;
    }
    if (rep < PLAIN_REPETITIONS) {
      plainTimes.push(seconds(() => void (plainIds = queries.map((query) => plainSearch(ids, rows, query, K)))));
    }
  }
  await store.close();
  const exactlyEqual = JSON.stringify(parallel) === JSON.stringify(single);
  const mismatches = single.filter((hits, q) => hits.map((hit) => hit.id).join() !== plainIds[q]!.join()).length;
  const result = {
    singleSeconds: median(singleTimes),
    workerSeconds: median(workerTimes),
    plainSeconds: median(plainTimes),
    workerSpeedup: median(singleTimes) / median(workerTimes),
    speedup: median(plainTimes) / median(workerTimes),
    identical: exactlyEqual && mismatches === 0,
  };
  console.log(`Exact top-${K}: ${QUERIES} queries over ${VECTORS} x ${DIMENSION} vectors, medians of ${REPETITIONS} runs (plain loop: ${PLAIN_REPETITIONS})`);
  console.log(`  store add                 ${addSeconds.toFixed(2)} s`);
  console.log(`  searchManySync, 1 thread  ${result.singleSeconds.toFixed(2)} s  (runs: ${runs(singleTimes)})`);
  console.log(`  searchMany, ${workers} workers     ${result.workerSeconds.toFixed(2)} s  (runs: ${runs(workerTimes)}; the first includes starting the workers)`);
  console.log(`  plain loop + sort         ${result.plainSeconds.toFixed(2)} s  (runs: ${runs(plainTimes)})`);
  console.log(`  workers vs 1 thread       ${result.workerSpeedup.toFixed(2)}x`);
  console.log(`  workers vs plain loop     ${result.speedup.toFixed(1)}x   (1 thread vs plain loop ${(result.plainSeconds / result.singleSeconds).toFixed(1)}x)`);
  console.log(`  workers = 1 thread        ${exactlyEqual ? 'yes (ids and scores)' : 'NO'}`);
  console.log(`  ids = plain loop          ${mismatches === 0 ? 'yes' : `no (${mismatches} of ${QUERIES} queries differ)`}`);
  if (SMALL) await smallBatches(rows, ids, queries);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
