import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../reports/compare.js';
import { evaluateGates } from '../../reports/gates.js';
import { compareOutcome } from '../../reports/markdown-compare.js';
import { readRunDirectory } from '../../reports/run-directory.js';
import { useTempDirs } from '../support/temp-dir.js';
import { runCli } from '../pipelines/cli/run-cli.js';
import { perQuestion, writeFixtureRun } from './run-fixtures.js';

// 30 questions; the candidate loses 0.1 of nDCG on 24 of them and gains 0.05 on 6: Δ = −0.07, clearly significant.
const baseNdcg = perQuestion(Array.from({ length: 30 }, (_, i) => 0.5 + (i % 5) * 0.1));
const dropNdcg = perQuestion(Array.from({ length: 30 }, (_, i) => 0.5 + (i % 5) * 0.1 + (i % 5 === 0 ? 0.05 : -0.1)));
const hits = perQuestion(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : 1)));

function runs(dir: string, candidateNdcg = dropNdcg) {
  const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: { ndcg: baseNdcg, hit_rate: hits } } });
  const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: { ndcg: candidateNdcg, hit_rate: hits } } });
  return { a: readRunDirectory(a), b: readRunDirectory(b), aDir: a, bDir: b };
}

describe('compare: family, primary metrics, minEffect, gates', () => {
  const tempDir = useTempDirs();

  it('the family is every compared metric by default and only the primary ones when named; others never fail', () => {
    const { a, b } = runs(tempDir());
    const all = compareRuns(a, b, { permutations: 999 });
    expect(all.family).toMatchObject({ size: 2, metrics: ['ndcg', 'hit_rate'], perComparisonAlpha: 0.025 });
    const ndcg = all.configurations[0]!.metrics.find((m) => m.metricId === 'ndcg')!;
    expect(ndcg).toMatchObject({ decides: true, verdict: 'regressed', method: 'sign-flip-monte-carlo', level: 0.975 });
    expect(ndcg.difference).toBeCloseTo(-0.07, 12);
    expect(compareOutcome(all, []).exitCode).toBe(1);

    const onlyHits = compareRuns(a, b, { permutations: 999, primary: ['hit_rate'] });
    expect(onlyHits.family).toMatchObject({ size: 1, metrics: ['hit_rate'], perComparisonAlpha: 0.05 });
    const shown = onlyHits.configurations[0]!.metrics.find((m) => m.metricId === 'ndcg')!;
    expect(shown).toMatchObject({ decides: false, verdict: 'regressed', level: 0.95 });
    expect(compareOutcome(onlyHits, []).exitCode).toBe(0);
    // identical 0/1 scores: exact McNemar with no discordant pair, interval ±(1 − 0.025^(1/30))
    const hit = onlyHits.configurations[0]!.metrics.find((m) => m.metricId === 'hit_rate')!;
    expect(hit).toMatchObject({ method: 'mcnemar-exact', p: 1, discordant: { wins: 0, losses: 0 } });
    expect(hit.ci![1]).toBeCloseTo(1 - 0.025 ** (1 / 30), 12);
    expect(() => compareRuns(a, b, { primary: ['mrr'] })).toThrow('statistics.primary: "mrr" not measured in both runs (they share: ndcg, hit_rate)');
  });

  it('minEffect: a significant drop smaller than minEffect is "negligible" and does not fail', () => {
    const { a, b } = runs(tempDir());
    const c = compareRuns(a, b, { permutations: 999, minEffect: 0.08 });
    expect(c.configurations[0]!.metrics.find((m) => m.metricId === 'ndcg')!.verdict).toBe('negligible');
    expect(compareOutcome(c, []).exitCode).toBe(0);
  });

  it('maxDrop fails only on a significant drop beyond it; a large but not significant drop passes with a reason', () => {
    const dir = tempDir();
    const { a, b } = runs(dir);
    const c = compareRuns(a, b, { permutations: 999 });
    const failed = evaluateGates(c, b.summary, { ndcg: { maxDrop: 0.05 } })[0]!;
    expect(failed.passed).toBe(false);
    // 4 questions, one drops by 0.4: mean drop 0.1 > maxDrop, but 4 questions can never be significant
    // (the smallest p is 2/16), so the inverted interval is every possible difference, [−1, +1] for scores in [0, 1].
    const x = writeFixtureRun(path.join(dir, 'x'), { configurations: { bm25: { ndcg: perQuestion([0.5, 0.6, 0.7, 0.8]) } } });
    const y = writeFixtureRun(path.join(dir, 'y'), { configurations: { bm25: { ndcg: perQuestion([0.1, 0.6, 0.7, 0.8]) } } });
    const small = compareRuns(readRunDirectory(x), readRunDirectory(y));
    const [gate] = evaluateGates(small, readRunDirectory(y).summary, { ndcg: { maxDrop: 0.05 } });
    expect(gate).toMatchObject({ passed: true });
    expect(gate!.reason).toBe('bm25 ndcg: dropped by 0.1000 (0.6500 → 0.5500), more than maxDrop 0.05 but not significantly (95% CI [−1.0000, +1.0000]); passes');
  });

  it('a min gate can be checked on the lower bound of the interval', () => {
    const dir = tempDir();
    const { a, b, bDir } = runs(dir);
    const file = path.join(bDir, 'summary.json');
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    summary.configurations[0].metrics.hit_rate.ci95 = [0.49, 0.81];
    writeFileSync(file, JSON.stringify(summary));
    const c = compareRuns(a, readRunDirectory(bDir), { permutations: 99 });
    const [onMean, onLower] = [
      evaluateGates(c, readRunDirectory(bDir).summary, { hit_rate: { min: 0.6 } })[0]!,
      evaluateGates(c, readRunDirectory(bDir).summary, { hit_rate: { min: 0.6, minOn: 'lower' } })[0]!,
    ];
    expect(onMean).toMatchObject({ passed: true, reason: 'bm25 hit_rate: mean 0.6667 ≥ min 0.6' });
    expect(onLower).toMatchObject({ passed: false, reason: 'bm25 hit_rate: lower 95% bound 0.4900 is below min 0.6 (mean 0.6667)' });
    void b;
  });

  it('CLI: refuses different k unless --allow-different-k; --alpha, --primary and statistics: in the gates file', async () => {
    const dir = tempDir();
    const { aDir, bDir } = runs(dir);
    const file = path.join(bDir, 'summary.json');
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    summary.configurations[0].k = 1;
    writeFileSync(file, JSON.stringify(summary));
    const refused = await runCli(['compare', aDir, bDir]);
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: bm25: the runs retrieved different k (3 vs 1), so @k metrics measure different things; pass --allow-different-k to compare anyway\n',
    });
    const allowed = await runCli(['compare', aDir, bDir, '--allow-different-k', '--alpha', '0.01', '--primary', 'hit_rate', '--permutations', '999']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('note: bm25: the runs retrieved different k (3 vs 1); @k metrics are not like for like\n');
    expect(allowed.stderr).toContain('Deciding family: hit_rate × 1 configuration = 1 comparison; family-wise error rate 0.01, tested at 0.01.\n');
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(config, 'corpus: {path: ./c}\nstatistics:\n  alpha: 0.1\n  primary: [ndcg]\n  minEffect: 0.02\n');
    const fromFile = await runCli(['compare', aDir, bDir, '--allow-different-k', '--gates', config, '--json']);
    expect(fromFile.code).toBe(1);
    const json = JSON.parse(fromFile.stdout) as { family: { alpha: number; metrics: string[] }; minEffect: number };
    expect(json.family).toMatchObject({ alpha: 0.1, metrics: ['ndcg'] });
    expect(json.minEffect).toBe(0.02);
    expect((await runCli(['compare', aDir, bDir, '--alpha', '2'])).stderr).toContain("--alpha expects a number between 0 and 1, got \"2\"");
  });
});
