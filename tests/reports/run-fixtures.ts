import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunSummary } from '../../reports/summary-schema.js';

/** Per-question values of one configuration: metric id → qid → value (null = not measured). */
export type ConfigScores = Record<string, Record<string, number | null>>;

export interface FixtureRun {
  /** configuration name → its scores */
  configurations: Record<string, ConfigScores>;
  provenance?: Partial<RunSummary['provenance']>;
  latencies?: number[];
}

/** A valid summary.json for hand-made scores (means computed here, no CI unless given). */
export function fixtureSummary(run: FixtureRun): RunSummary {
  const metricIds = [...new Set(Object.values(run.configurations).flatMap((c) => Object.keys(c)))];
  const qids = new Set(Object.values(run.configurations).flatMap((c) => Object.values(c).flatMap((m) => Object.keys(m))));
  return RunSummary.parse({
    schemaVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    provenance: {
      packageVersion: '0.1.0',
      nodeVersion: 'v20.0.0',
      configHash: 'config-hash',
      corpusHash: 'corpus-hash',
      testSetHash: 'testset-hash',
      seed: 42,
      models: [],
      testSetGenerators: { human: qids.size },
      ...run.provenance,
    },
    relevance: { level: 'document', minOverlap: 0.5, relLevel: 1 },
    corpus: { documents: 2, warnings: [] },
    testSet: { path: 'testset.jsonl', items: qids.size, unknownReferences: [] },
    metricIds,
    configurations: Object.entries(run.configurations).map(([name, metrics]) => ({
      name,
      type: 'bm25',
      description: `${name} retriever`,
      k: 3,
      chunking: { size: 800, overlap: 100 },
      chunks: 10,
      metrics: Object.fromEntries(
        Object.entries(metrics).map(([id, values]) => {
          const all = Object.values(values);
          const nums = all.filter((v): v is number => v !== null);
          const nulls = all.length - nums.length;
          return [id, { mean: nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null, scored: nums.length, total: all.length, nullReasons: nulls ? { 'no relevant items': nulls } : {} }];
        }),
      ),
      latency: {
        queryMs: { count: 0, p50: null, p95: null, p99: null, mean: null, max: null },
        indexMs: 1,
        embeddingTextsPerSecond: null,
      },
      files: { run: `trec/${name}.run`, qrels: `trec/${name}.qrels` },
    })),
    notes: [],
    warnings: [],
  });
}

/** Writes summary.json and scores.jsonl for a hand-made run; returns the directory. */
export function writeFixtureRun(dir: string, run: FixtureRun): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify(fixtureSummary(run), null, 2)}\n`);
  const lines: string[] = [];
  for (const [configuration, metrics] of Object.entries(run.configurations)) {
    const qids = [...new Set(Object.values(metrics).flatMap((m) => Object.keys(m)))];
    for (const qid of qids) {
      const scores = Object.fromEntries(
        Object.entries(metrics)
          .filter(([, values]) => qid in values)
          .map(([id, values]) => [id, values[qid] === null ? { value: null, reason: 'no relevant items' } : { value: values[qid] }]),
      );
      lines.push(JSON.stringify({ configuration, qid, scores }));
    }
  }
  writeFileSync(path.join(dir, 'scores.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

/** qid → value for q1..qN. */
export function perQuestion(values: readonly (number | null)[]): Record<string, number | null> {
  return Object.fromEntries(values.map((v, i) => [`q${i + 1}`, v]));
}
