/**
 * IR metrics throughput: a 1,000,000-line run (10,000 queries x 100 documents, fixed seed)
 * with graded qrels. Prints the parse time of both files and the median of 5 evaluateRun
 * timings over the standard measures (target: under 3 s).
 *
 *   npx tsx bench/ir-metrics.bench.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { evaluateRun } from '../evaluators/ir/evaluate-run.js';
import { formatQrelsLine, formatRunLine, readQrelsFile, readRunFile } from '../evaluators/trec/formats.js';
import { createRng as seededRandom } from '../kernel/prng.js';

const QUERIES = 10_000;
const DOCS_PER_QUERY = 100;
const JUDGED_PER_QUERY = 30;
const CANDIDATES_PER_QUERY = 200;
const REPETITIONS = 5;
const SEED = 20240601;
export const STANDARD_MEASURES = ['official', 'recall', 'ndcg', 'ndcg_cut', 'success', 'F1'];

/** The first `count` entries of a seeded Fisher-Yates shuffle of 0..size-1 (distinct values). */
function sample(random: () => number, size: number, count: number): number[] {
  const pool = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (size - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/**
 * Run and qrels text: per query, 100 retrieved and 30 judged documents drawn from the same 200
 * candidates (so about 15 judged documents are retrieved), grades 0-3, scores rounded to 0.01
 * so ties (and trec_eval's docid tie-break) are common.
 */
export function generateBenchFiles(seed = SEED): { runText: string; qrelsText: string } {
  const random = seededRandom(seed);
  const runLines: string[] = [];
  const qrelsLines: string[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const queryId = `q${q}`;
    for (const doc of sample(random, CANDIDATES_PER_QUERY, JUDGED_PER_QUERY)) {
      qrelsLines.push(formatQrelsLine({ queryId, docId: `${queryId}-d${doc}`, grade: Math.floor(random() * 4) }));
    }
    const scores = Array.from({ length: DOCS_PER_QUERY }, () => Math.round(random() * 1000) / 100).sort((a, b) => b - a);
    sample(random, CANDIDATES_PER_QUERY, DOCS_PER_QUERY).forEach((doc, i) => {
      runLines.push(formatRunLine({ queryId, docId: `${queryId}-d${doc}`, rank: i + 1, score: scores[i]!, runId: 'bench' }));
    });
  }
  return { runText: runLines.join('\n'), qrelsText: qrelsLines.join('\n') };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function main(): Promise<{ parseSeconds: number; medianSeconds: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rag-eval-ir-bench-'));
  try {
    const runPath = path.join(dir, 'bench.run');
    const qrelsPath = path.join(dir, 'bench.qrels');
    const { runText, qrelsText } = generateBenchFiles();
    writeFileSync(runPath, runText);
    writeFileSync(qrelsPath, qrelsText);

    const parseStart = performance.now();
    const qrels = await readQrelsFile(qrelsPath);
    const { run } = await readRunFile(runPath);
    const parseSeconds = (performance.now() - parseStart) / 1000;
    const runLines = [...run.values()].reduce((sum, docs) => sum + docs.length, 0);
    console.log(`parsed ${runLines.toLocaleString('en')} run lines and ${qrels.size.toLocaleString('en')} qrels queries in ${parseSeconds.toFixed(2)} s`);

    const timings: number[] = [];
    let checksum = 0;
    for (let i = 0; i < REPETITIONS; i++) {
      const start = performance.now();
      const result = evaluateRun({ qrels, run, measures: STANDARD_MEASURES });
      timings.push((performance.now() - start) / 1000);
      checksum = result.averages.map ?? Number.NaN;
    }
    const medianSeconds = median(timings);
    console.log(
      `evaluateRun (${STANDARD_MEASURES.join(', ')}) over ${run.size.toLocaleString('en')} queries: ` +
        `median ${medianSeconds.toFixed(2)} s of ${REPETITIONS} (${timings.map((t) => t.toFixed(2)).join(', ')}); ` +
        `map = ${checksum.toFixed(4)}; target < 3 s`,
    );
    return { parseSeconds, medianSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
