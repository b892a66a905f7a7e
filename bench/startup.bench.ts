/**
 * Start-up per command: fresh `node bin/rag-eval.js …` processes, median wall time.
 * Baselines in the same run: Node alone (`node -e 0`), and the eager start
 * (bench/support/eager-start.mjs: every command and back-end loaded first, as `main.ts` did
 * before commands were loaded lazily). Both run the compiled dist/ (`npm run build`).
 * Target: `--version` and `trec` ≤ 0.6 s.
 *
 *   npm run bench -- startup          (RAG_EVAL_BENCH_STARTUP_RUNS=N repetitions, default 7)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/rag-eval.js');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function seconds(argv: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8' });
  const elapsed = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

export async function main(): Promise<Record<string, number>> {
  const runs = Number(process.env.RAG_EVAL_BENCH_STARTUP_RUNS ?? 7);
  const dir = mkdtempSync(path.join(tmpdir(), 'rag-eval-bench-'));
  try {
    const qrels = path.join(dir, 'q.qrels');
    const run = path.join(dir, 'r.run');
    writeFileSync(qrels, 'q1 0 d1 1\nq1 0 d2 1\n');
    writeFileSync(run, 'q1 Q0 d1 1 2.0 x\nq1 Q0 d3 2 1.0 x\n');
    const cases: [string, string[]][] = [
      ['node alone (node -e 0)', ['-e', '0']],
      ['baseline: eager start, --version', [path.join(root, 'bench/support/eager-start.mjs'), '--version']],
      ['rag-eval --version', [bin, '--version']],
      ['rag-eval trec (2-line files)', [bin, 'trec', qrels, run]],
      ['rag-eval --help (all commands)', [bin, '--help']],
      ['rag-eval run --dry-run (example)', [bin, 'run', 'examples/programming-languages/rag-eval.yaml', '--dry-run']],
    ];
    const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    // Interleaved, so a change in machine load touches every case alike.
    for (let i = 0; i < runs; i++) for (const [name, argv] of cases) times.get(name)!.push(seconds(argv));
    const medians = Object.fromEntries([...times].map(([name, values]) => [name, median(values)]));
    const eager = medians['baseline: eager start, --version']!;
    console.log(`start-up, median of ${runs} fresh processes (interleaved):`);
    for (const [name, value] of Object.entries(medians)) {
      const ratio = name.startsWith('rag-eval') ? `  (${(eager / value).toFixed(2)}× faster than the eager start)` : '';
      console.log(`  ${name.padEnd(36)} ${value.toFixed(2)} s${ratio}`);
    }
    return medians;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
