/**
 * Data generators for bench/statistics.bench.ts: score shapes, simulated retrieval metrics and
 * in-memory run directories that the real compare functions read.
 */
import { createRng, type Rng } from '../kernel/prng.js';
import type { RunDirectory, ScoreTable } from '../reports/run-directory.js';
import { RunSummary } from '../reports/summary-schema.js';

export { createRng, type Rng };

export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}
const gammaHalf = (rng: Rng) => normal(rng) ** 2 / 2;
const gammaTwo = (rng: Rng) => -Math.log((1 - rng()) * (1 - rng()));
const median3 = (rng: Rng) => [rng(), rng(), rng()].sort((a, b) => a - b)[1]!;

/** A score shape: a draw and its true mean. */
export interface Shape {
  name: string;
  draw: (rng: Rng) => number;
  mean: number;
}

export const SHAPES: Shape[] = [
  { name: '0/1, p = 0.9 (hit rate)', draw: (rng) => (rng() < 0.9 ? 1 : 0), mean: 0.9 },
  {
    name: 'skewed Beta(0.5, 2) (AP-like)',
    draw: (rng) => {
      const a = gammaHalf(rng);
      return a / (a + gammaTwo(rng));
    },
    mean: 0.2,
  },
  { name: 'zero-inflated: 60% 0, else Beta(2, 2)', draw: (rng) => (rng() < 0.6 ? 0 : median3(rng)), mean: 0.2 },
  {
    name: 'graded RR: 1, 1/2, 1/3, 1/4, 0',
    draw: (rng) => {
      const u = rng();
      return u < 0.5 ? 1 : u < 0.65 ? 0.5 : u < 0.75 ? 1 / 3 : u < 0.8 ? 0.25 : 0;
    },
    mean: 0.5 + 0.15 / 2 + 0.1 / 3 + 0.05 / 4,
  },
];

export const METRICS = ['precision', 'recall', 'f1', 'hit_rate', 'mrr', 'map', 'ndcg'] as const;
const K = 5;

/**
 * The seven default retrieval metrics at k = 5 of one question: `relevant` relevant documents,
 * each found at a geometric rank whose success probability is `quality` (0..1).
 */
export function retrievalScores(rng: Rng, relevant: number, quality: number): Record<(typeof METRICS)[number], number> {
  const ranks: number[] = [];
  let rank = 0;
  for (let j = 0; j < relevant; j++) {
    rank += 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - Math.min(0.97, Math.max(0.03, quality))));
    ranks.push(rank);
  }
  const inTop = ranks.filter((r) => r <= K);
  const precision = inTop.length / K;
  const recall = inTop.length / relevant;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const mrr = ranks[0]! <= K ? 1 / ranks[0]! : 0;
  const map = inTop.reduce((sum, r, i) => sum + (i + 1) / r, 0) / relevant;
  const dcg = inTop.reduce((sum, r) => sum + 1 / Math.log2(r + 1), 0);
  let ideal = 0;
  for (let i = 1; i <= Math.min(relevant, K); i++) ideal += 1 / Math.log2(i + 1);
  return { precision, recall, f1, hit_rate: inTop.length ? 1 : 0, mrr, map, ndcg: dcg / ideal };
}

/** A run directory held in memory: configuration → metric → qid → score, and a summary with seed and k. */
export function memoryRun(scores: ScoreTable, options: { seed: number; testSetHash?: string }): RunDirectory {
  const names = [...scores.keys()];
  const metricIds = [...new Set(names.flatMap((n) => [...scores.get(n)!.keys()]))];
  const summary = RunSummary.parse({
    schemaVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    provenance: {
      packageVersion: 'bench',
      nodeVersion: process.version,
      configHash: 'c',
      corpusHash: 'd',
      testSetHash: options.testSetHash ?? 't',
      seed: options.seed,
      models: [],
      testSetGenerators: {},
    },
    relevance: { level: 'document', minOverlap: 0.5, relLevel: 1 },
    corpus: { documents: 0, warnings: [] },
    testSet: { path: 'bench', items: 0, unknownReferences: [] },
    metricIds,
    configurations: names.map((name) => ({
      name,
      type: 'custom',
      description: name,
      k: K,
      chunking: null,
      chunks: 0,
      metrics: {},
      latency: { queryMs: { count: 0, p50: null, p95: null, p99: null, mean: null, max: null }, indexMs: 0, embeddingTextsPerSecond: null },
      files: { run: '', qrels: '' },
    })),
    notes: [],
    warnings: [],
  });
  return { dir: 'memory', summary, scores, reasons: new Map(), slices: new Map() };
}

/** Adds one question's scores to a ScoreTable. */
export function put(table: ScoreTable, configuration: string, qid: string, scores: Record<string, number>): void {
  let byMetric = table.get(configuration);
  if (!byMetric) table.set(configuration, (byMetric = new Map()));
  for (const [metric, value] of Object.entries(scores)) {
    let byQid = byMetric.get(metric);
    if (!byQid) byMetric.set(metric, (byQid = new Map()));
    byQid.set(qid, value);
  }
}

/** "0.947 ± 0.007" with the Monte-Carlo standard error of a proportion over m replications. */
export function rate(hits: number, m: number): string {
  const p = hits / m;
  return `${(100 * p).toFixed(1)}% ± ${(100 * Math.sqrt((p * (1 - p)) / m) || 100 / m).toFixed(1)}`;
}
