/**
 * Indexing N synthetic 512-d vectors through createDenseRetriever(...).index into the exact
 * in-memory store, each in a fresh process: wall time and peak RSS. Baseline in the same run:
 * the path it replaced (all vectors as number[][] first, then one store.add). Target: 1M × 512
 * within 4 GB RSS (the store itself holds 2 GB).
 *
 *   npm run bench -- index-vectors       (BENCH_INDEX_VECTORS, default 200000; 1000000 for the
 *   target. The baseline runs up to BENCH_INDEX_BASELINE_MAX vectors, default 200000: at 1M it
 *   ran out of V8 heap at 4.3 GB.)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const VECTORS = Number(process.env['BENCH_INDEX_VECTORS'] ?? 200_000);
const BASELINE_MAX = Number(process.env['BENCH_INDEX_BASELINE_MAX'] ?? 200_000);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function child(mode: string, count: number): { seconds: number; maxRssMB: number } | { error: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/support/index-child.ts'), mode, String(count)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) return { error: `exit ${result.status ?? result.signal}: ${result.stderr.trim().split('\n').slice(-2).join(' ')}` };
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { seconds: number; maxRssMB: number };
}

const show = (r: ReturnType<typeof child>): string =>
  'error' in r ? `failed (${r.error.slice(0, 160)})` : `${r.seconds.toFixed(1)} s, peak RSS ${(r.maxRssMB / 1024).toFixed(2)} GB`;

export async function main(): Promise<{ batched: ReturnType<typeof child>; baseline: ReturnType<typeof child> | null }> {
  const batched = child('batched', VECTORS);
  const baseline = VECTORS <= BASELINE_MAX ? child('all-at-once', VECTORS) : null;
  const storeGB = (VECTORS * 512 * 4) / 2 ** 30;
  console.log(`index ${VECTORS} x 512 synthetic vectors into the exact memory store (store alone: ${storeGB.toFixed(2)} GB):`);
  console.log(`  createDenseRetriever().index, float32 batches  ${show(batched)}`);
  console.log(`  baseline: all as number[][], then one add      ${baseline ? show(baseline) : `skipped above ${BASELINE_MAX} vectors`}`);
  return { batched, baseline };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
