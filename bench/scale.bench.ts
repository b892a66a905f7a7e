/**
 * Scaling benchmark: the whole pipeline (load, chunk, index, retrieve, score, reports) on
 * generated corpora and test sets, each scenario in its own process; per stage wall time, CPU
 * time and peak RSS, so how cost grows with chunks and questions is visible.
 * Run: npm run bench -- scale
 *   default: bm25-10k-1k and dense-10k-1k (a few minutes)
 *   RAG_EVAL_BENCH_SCALE=all adds dense-100k-1k, bm25-100k-1k, bm25-10k-100k and bm25-1m-1k;
 *   or a comma-separated list of scenario names.
 * Dense = a synthetic 512-d embedder (bench/scale-run.ts) + exact in-memory search.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Scenario } from './scale-run.js';

const SCENARIOS: Scenario[] = [
  { name: 'bm25-10k-1k', retriever: 'bm25', chunks: 10_000, questions: 1_000, chunkChars: 800 },
  { name: 'dense-10k-1k', retriever: 'dense', chunks: 10_000, questions: 1_000, chunkChars: 800 },
  { name: 'dense-100k-1k', retriever: 'dense', chunks: 100_000, questions: 1_000, chunkChars: 800 },
  { name: 'bm25-100k-1k', retriever: 'bm25', chunks: 100_000, questions: 1_000, chunkChars: 800 },
  { name: 'bm25-10k-100k', retriever: 'bm25', chunks: 10_000, questions: 100_000, chunkChars: 800 },
  // 1M chunks of 200 characters: the corpus file stays under V8's largest string (~512 MB).
  { name: 'bm25-1m-1k', retriever: 'bm25', chunks: 1_000_000, questions: 1_000, chunkChars: 200 },
];
const DEFAULT = ['bm25-10k-1k', 'dense-10k-1k'];

interface Result {
  scenario: string;
  stages: { stage: string; wallS: number; cpuS: number; peakRssMB: number }[];
  reportHtmlMB: number;
  retrievalJsonlMB: number;
  peakRssMB: number;
  generateS: number;
}

export async function main(): Promise<void> {
  const wanted = process.env.RAG_EVAL_BENCH_SCALE === 'all' ? SCENARIOS.map((s) => s.name) : (process.env.RAG_EVAL_BENCH_SCALE?.split(',') ?? DEFAULT);
  const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scale-run.ts');
  for (const name of wanted) {
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (!scenario) throw new Error(`unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    const output = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', runner, JSON.stringify(scenario)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const result = JSON.parse(output.trim().split('\n').pop()!) as Result;
    console.log(
      `\n${name}: ${scenario.chunks.toLocaleString('en-US')} chunks of ${scenario.chunkChars} chars, ` +
        `${scenario.questions.toLocaleString('en-US')} questions (inputs generated in ${result.generateS.toFixed(1)} s)`,
    );
    console.log(`  ${'stage'.padEnd(34)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak RSS MB'.padStart(12)}`);
    for (const row of result.stages.filter((r) => r.stage !== 'between stages')) {
      console.log(`  ${row.stage.padEnd(34)} ${row.wallS.toFixed(2).padStart(8)} ${row.cpuS.toFixed(2).padStart(8)} ${row.peakRssMB.toFixed(0).padStart(12)}`);
    }
    console.log(`  report.html ${result.reportHtmlMB.toFixed(2)} MB, retrieval.jsonl ${result.retrievalJsonlMB.toFixed(1)} MB, peak RSS ${result.peakRssMB.toFixed(0)} MB`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
