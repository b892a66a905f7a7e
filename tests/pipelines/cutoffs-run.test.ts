import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrecEval } from '../../evaluators/trec-eval-command.js';
import { parseConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { RunSummary } from '../../reports/summary-schema.js';
import { useTempDirs } from '../support/temp-dir.js';

const DOCS: Record<string, string> = {
  'a.txt': 'Annual leave is fifteen days for every employee.',
  'b.txt': 'Sick leave needs a doctor note after two days.',
  'c.txt': 'Travel expenses are refunded within thirty days.',
  'd.txt': 'The office opens at nine and closes at six.',
};
const ITEMS = [
  // BM25 ranks a.txt first and b.txt second ("leave", "days"): Hit@1 = 1, P@2 = 1, recall@1 = 0.5.
  { id: 'q1', question: 'leave days', references: [{ docId: 'a.txt' }, { docId: 'b.txt' }] },
  // "office" appears only in d.txt: rank 1.
  { id: 'q2', question: 'when does the office open', references: [{ docId: 'd.txt' }] },
];

describe('cutoffs: rank metrics at several depths from one retrieval', () => {
  const tempDir = useTempDirs();

  it('reports P, recall, hit rate and nDCG at each cut-off, equal to trec_eval on the written run, and null below k', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    for (const [name, text] of Object.entries(DOCS)) writeFileSync(path.join(dir, 'corpus', name), text);
    writeFileSync(path.join(dir, 'testset.jsonl'), ITEMS.map((i) => JSON.stringify(i)).join('\n'));
    const config = parseConfig({
      corpus: { path: './corpus' },
      testSet: { path: './testset.jsonl' },
      relevance: { level: 'document' },
      k: 3,
      cutoffs: [5, 1, 2],
      retrievers: [{ name: 'bm25', type: 'bm25' }],
      metrics: ['precision', 'recall', 'hit_rate', 'mrr', 'ndcg'],
    });
    const outDir = path.join(dir, 'out');
    const result = await runPipeline({ loaded: { config, file: path.join(dir, 'rag-eval.yaml'), baseDir: dir }, outDir, clients: defaultClients(), progress: silentProgress });
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
    expect(summary.cutoffs).toEqual({
      values: [1, 2, 5],
      metricIds: ['precision@1', 'precision@2', 'precision@5', 'recall@1', 'recall@2', 'recall@5', 'hit_rate@1', 'hit_rate@2', 'hit_rate@5', 'ndcg@1', 'ndcg@2', 'ndcg@5'],
    });
    const m = summary.configurations[0]!.metrics;
    expect(m['precision@1']!.mean).toBe(1);
    expect(m['precision@2']!.mean).toBe(0.75);
    expect(m['recall@1']!.mean).toBe(0.75);
    expect(m['recall@2']!.mean).toBe(1);
    expect(m['hit_rate@1']!.mean).toBe(1);
    expect(m['precision@5']).toMatchObject({ mean: null, scored: 0, total: 2, nullReasons: { "cut-off 5 is deeper than this configuration's k = 3 (nothing below rank 3 was retrieved)": 2 } });

    const trec = runTrecEval({
      qrelsPath: path.join(outDir, 'trec/bm25.qrels'),
      runPath: path.join(outDir, 'trec/bm25.run'),
      measures: ['P.1,2', 'recall.1,2', 'ndcg_cut.1,2', 'success.1,2'],
      perQuery: false,
      complete: true,
    });
    const value = (measure: string) => Number(trec.split('\n').find((line) => line.startsWith(`${measure} `))!.split('\t')[2]);
    for (const n of [1, 2]) {
      expect(m[`precision@${n}`]!.mean!.toFixed(4)).toBe(value(`P_${n}`).toFixed(4));
      expect(m[`recall@${n}`]!.mean!.toFixed(4)).toBe(value(`recall_${n}`).toFixed(4));
      expect(m[`ndcg@${n}`]!.mean!.toFixed(4)).toBe(value(`ndcg_cut_${n}`).toFixed(4));
      expect(m[`hit_rate@${n}`]!.mean!.toFixed(4)).toBe(value(`success_${n}`).toFixed(4));
    }
    // The cut-off at k equals the metric at k.
    expect(summary.configurations[0]!.metrics.mrr!.mean).toBe(1);

    const report = readFileSync(result.reportPath, 'utf8');
    expect(report).toContain('## Metrics at cut-offs');
    expect(report).toContain('| Metric | Configuration | k | @1 | @2 | @5 |');
    expect(report).toContain('| P | bm25 | 3 | **1.0000** (2/2) | **0.7500** (2/2) | — |');
    const scoreLines = readFileSync(path.join(outDir, 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(scoreLines[0].scores['recall@1']).toEqual({ value: 0.5 });
    const html = readFileSync(result.htmlPath, 'utf8');
    expect(html).toContain('<h2>Metrics at cut-offs</h2>');
  });
});
