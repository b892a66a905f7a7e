import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { meanInterval } from '../../evaluators/statistics/interval.js';
import { deriveSeed } from '../../kernel/prng.js';
import { scored, unscored } from '../../kernel/score.js';
import { loadConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { meanCi95, metricInterval } from '../../reports/confidence.js';
import { renderMarkdownReport } from '../../reports/markdown-report.js';
import { fixtureSummary, perQuestion } from './run-fixtures.js';
import { useTempDirs } from '../support/temp-dir.js';

describe('CI95 per metric', () => {
  const tempDir = useTempDirs();

  it('skips nulls like the mean and is null when nothing was scored; 0/1 scores get Wilson, others bootstrap-t', () => {
    // one hit of two: Wilson [0.0945, 0.9055] (behaviour changed on purpose: the percentile bootstrap gave [0, 1])
    const ci = meanCi95([scored(0), unscored('x'), scored(1)], 5)!;
    expect(ci[0]).toBeCloseTo(0.094531, 5);
    expect(ci[1]).toBeCloseTo(0.905469, 5);
    expect(meanCi95([unscored('x')], 5)).toBeNull();
    const expected = meanInterval([0.2, 0.4, 0.9], { seed: 5, resamples: 400 })!;
    expect(metricInterval([scored(0.2), scored(0.4), scored(0.9)], 5, 400)).toEqual({ ci95: [expected.lo, expected.hi], ciMethod: 'bootstrap-t', sd: expected.sd });
    expect(metricInterval([scored(0.4), scored(0.4)], 5)).toEqual({ ci95: null, ciMethod: null, ciNote: 'all 2 scores are equal: the data give no estimate of the spread', sd: 0 });
  });

  it('summary.json carries the interval recomputable from scores.jsonl with the seed derived from config seed, configuration and metric', async () => {
    const outDir = tempDir();
    const example = path.resolve(import.meta.dirname, '../../examples/programming-languages/rag-eval.yaml');
    const result = await runPipeline({ loaded: await loadConfig(example), outDir, clients: defaultClients(), progress: silentProgress });
    const lines = readFileSync(path.join(outDir, 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { configuration: string; scores: Record<string, { value: number | null }> });
    const values = lines.filter((l) => l.configuration === 'use-dense').map((l) => l.scores.mrr!.value!);
    const expected = meanInterval(values, { seed: deriveSeed(42, 'use-dense', 'mrr') })!;
    const mrr = result.summary.configurations.find((c) => c.name === 'use-dense')!.metrics.mrr!;
    expect(mrr.ci95).toEqual([expected.lo, expected.hi]);
    expect(mrr.ci95![0]).toBeLessThan(mrr.mean!);
    expect(mrr.ci95![1]).toBeGreaterThan(mrr.mean!);
  });

  it('the Markdown table shows mean [lo, hi] (scored/total)', () => {
    const summary = fixtureSummary({ configurations: { a: { recall: perQuestion([0.5, null, 1]) } } });
    summary.configurations[0]!.metrics.recall!.ci95 = [0.5, 1];
    expect(renderMarkdownReport(summary, [])).toContain('| a (a retriever) | 3 | **0.7500** [0.50, 1.00] (2/3) |');
  });
});
