import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { compareRuns } from '../../reports/compare.js';
import { compareSlices, renderSliceComparison } from '../../reports/compare-slices.js';
import { readRunDirectory } from '../../reports/run-directory.js';
import { useTempDirs } from '../support/temp-dir.js';

const DOCS: Record<string, string> = {
  'a-refund.txt': 'Travel costs are refunded within thirty days.',
  // Unmatched questions are filled with zero-score documents in trec_eval order (ids descending): this one comes first.
  'z-parking.txt': 'Guests park on the ground floor.',
  'b-office.txt': 'The office opens at nine in the morning.',
  'leave.txt': 'Annual leave: employees get fifteen days.',
  'nianjia.md': '员工每年享有十五天带薪年假。',
  'mima.md': '系统密码长度不得少于十二位。',
};
const ITEMS = [
  // Stemming decides these two: "refunds" ~ "refunded", "opening" ~ "opens".
  { id: 'e1', question: 'refunds', references: [{ docId: 'a-refund.txt' }], tags: ['stem'] },
  { id: 'e2', question: 'opening', references: [{ docId: 'b-office.txt' }], tags: ['stem'] },
  { id: 'e3', question: 'annual leave', references: [{ docId: 'leave.txt' }] },
  { id: 'z1', question: '年假几天', references: [{ docId: 'nianjia.md' }] },
  { id: 'z2', question: '密码长度', references: [{ docId: 'mima.md' }] },
];

describe('compare per slice', () => {
  const tempDir = useTempDirs();

  it('pairs every metric per language and tag with the same procedure as the whole run', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    for (const [name, text] of Object.entries(DOCS)) writeFileSync(path.join(dir, 'corpus', name), text);
    writeFileSync(path.join(dir, 'testset.jsonl'), ITEMS.map((i) => JSON.stringify(i)).join('\n'));
    const run = async (stemming: boolean, out: string) => {
      const config = parseConfig({
        corpus: { path: './corpus' }, testSet: { path: './testset.jsonl' }, relevance: { level: 'document' }, k: 1,
        retrievers: [{ name: 'bm25', type: 'bm25', bm25: { stemming } }], metrics: ['hit_rate', 'mrr'],
      });
      await runPipeline({ loaded: { config, file: path.join(dir, 'rag-eval.yaml'), baseDir: dir }, outDir: path.join(dir, out), clients: defaultClients(), progress: silentProgress });
      return readRunDirectory(path.join(dir, out));
    };
    const baseline = await run(false, 'a');
    const candidate = await run(true, 'b');
    expect([...baseline.slices.keys()].sort()).toEqual(['language:en', 'language:zh', 'tag:stem']);
    expect(readFileSync(path.join(dir, 'a', 'scores.jsonl'), 'utf8').split('\n')[0]).toContain('"slices":["language:en","tag:stem"]');

    const comparison = compareRuns(baseline, candidate);
    const slices = compareSlices(baseline, candidate, comparison, { permutations: 1000, resamples: 200 });
    const hit = (slice: string) => slices.find((s) => s.slice === slice)!.metrics.find((m) => m.metricId === 'hit_rate')!;
    expect(hit('tag:stem')).toMatchObject({ pairs: 2, baselineMean: 0, candidateMean: 1, difference: 1, discordant: { wins: 2, losses: 0 }, decides: false });
    expect(hit('language:en')).toMatchObject({ pairs: 3, baselineMean: 1 / 3, candidateMean: 1, method: 'mcnemar-exact' });
    // Two wins and no loss: exact McNemar p = 2 × 0.5² = 0.5, not significant on so few questions.
    expect(hit('language:en').p).toBeCloseTo(0.5, 12);
    expect(hit('language:zh')).toMatchObject({ pairs: 2, baselineMean: 1, candidateMean: 1, difference: 0 });
    const text = renderSliceComparison(slices, comparison.alpha);
    expect(text).toContain('### By slice');
    // Table cells escape Markdown characters (hit\_rate).
    expect(text).toContain('| tag:stem | bm25 | hit\\_rate | 0.0000 | 1.0000 | +1.0000 |');
  });
});

describe('compare and cut-off metrics', () => {
  const tempDir = useTempDirs();

  it('cut-off ids are compared and shown but decide only when named as primary', async () => {
    const { writeFixtureRun, perQuestion } = await import('./run-fixtures.js');
    const values = perQuestion([1, 1, 1, 1, 0, 1, 1, 1]);
    const dropped = perQuestion([0, 0, 0, 0, 0, 0, 0, 0]);
    const a = writeFixtureRun(tempDir(), { configurations: { bm25: { mrr: values, 'hit_rate@1': values } } });
    const b = writeFixtureRun(tempDir(), { configurations: { bm25: { mrr: values, 'hit_rate@1': dropped } } });
    const comparison = compareRuns(readRunDirectory(a), readRunDirectory(b));
    expect(comparison.family.metrics).toEqual(['mrr']);
    expect(comparison.configurations[0]!.metrics.map((m) => [m.metricId, m.decides])).toEqual([['mrr', true], ['hit_rate@1', false]]);
    // Seven of eight hits lost: significant on its own (exact McNemar p = 2 × 0.5^7), shown, but no exit 1.
    expect(comparison.configurations[0]!.metrics[1]!.verdict).toBe('regressed');
    const named = compareRuns(readRunDirectory(a), readRunDirectory(b), { primary: ['hit_rate@1'] });
    expect(named.family.metrics).toEqual(['hit_rate@1']);
  });
});
