/**
 * The README quick start, cold: a fresh `node bin/rag-eval.js run` process on the bundled
 * example (tsx start-up, model load, indexing, retrieval, reports), repeated, median wall
 * time. Baseline in the same run: `node bin/rag-eval.js --version` (process + tsx start-up
 * alone), so the ratio shows what the pipeline itself adds. Target: under 20 s.
 *
 *   npx tsx bench/quick-start.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPETITIONS = 5;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function timeCommand(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(root, 'bin/rag-eval.js'), ...args], { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`rag-eval ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function main(): Promise<{ runSeconds: number; startupSeconds: number }> {
  const out = mkdtempSync(path.join(tmpdir(), 'rag-eval-bench-'));
  try {
    const runs: number[] = [];
    const startups: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      startups.push(timeCommand(['--version']));
      runs.push(timeCommand(['run', 'examples/programming-languages/rag-eval.yaml', '--quiet', '--out', path.join(out, `run-${i}`)]));
    }
    const runSeconds = median(runs);
    const startupSeconds = median(startups);
    console.log(`quick start (cold process, bundled example): median ${runSeconds.toFixed(2)} s over ${REPETITIONS} runs (target < 20 s)`);
    console.log(`  baseline, process start-up only: median ${startupSeconds.toFixed(2)} s; the run costs ${(runSeconds / startupSeconds).toFixed(1)}× start-up`);
    return { runSeconds, startupSeconds };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
