import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp-dir.js';
import { perQuestion, writeFixtureRun } from '../../reports/run-fixtures.js';
import { runCli } from './run-cli.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/rag-eval.js');

// 20 questions. The candidate raises recall on 18 of them by 0.25 and lowers 2 by 0.25: a clear
// improvement. MRR drops on every question by 0.1: a clear regression.
const base = { recall: perQuestion(Array(20).fill(0.5)), mrr: perQuestion(Array(20).fill(0.8)) };
const better = { recall: perQuestion([...Array(18).fill(0.75), 0.25, 0.25]), mrr: perQuestion(Array(20).fill(0.8)) };
const worseMrr = { recall: perQuestion(Array(20).fill(0.5)), mrr: perQuestion(Array(20).fill(0.7)) };

describe('rag-eval compare', () => {
  const tempDir = useTempDirs();

  it('exit 0 and a Markdown table when nothing regressed; improvements are named', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: better } });
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(0);
    // Δ = (18·0.25 − 2·0.25)/20 = 0.2. Exact p = 2·(1 + 20 + 190)/2^20 ≈ 4.0e-4 (≥ 18 equal signs);
    // the Monte Carlo estimate from 10000 seeded sign vectors found 3: (1 + 3)/10001 = 4.0e-4.
    // Two metrics × one configuration decide, so each is tested at 0.025 with a 97.5% interval.
    // The interval is the sign-flip test inverted: the 2 questions at −0.25 bound it by subset means.
    expect(result.stdout).toContain('| recall | 0.5000 | 0.7000 | +0.2000 | 97.5% CI [+0.1250, +0.2500] | 4.0e-4 | 20 | ⬆️ improved |');
    // Identical on every question: no interval is printed as if it had width 0.
    expect(result.stdout).toContain('| mrr | 0.8000 | 0.8000 | 0.0000 | Δ 0.0000 on every question | 1.000 | 20 | no significant change |');
    expect(result.stdout).toContain('Deciding family: recall, mrr × 1 configuration = 2 comparisons; family-wise error rate 0.05, each tested at 0.025 with 97.5% intervals (Bonferroni).');
    expect(result.stdout).toContain('**Result: ✅ no regression**');
    expect(result.stderr).toBe(
      'Deciding family: recall, mrr × 1 configuration = 2 comparisons; ' +
        'family-wise error rate 0.05, each tested at 0.025 with 97.5% intervals (Bonferroni).\ncompare: no regression\n',
    );
  });

  it('exit 1 on a significant regression, with one line naming it', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: worseMrr } });
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('regression: bm25 mrr: regressed by −0.1000 (Δ −0.1000 on every question, p = 1.0e-4, family of 2)');
    expect(result.stderr).toContain('compare: 1 regression(s), 0 failed gate(s)\n');
    expect(result.stdout).toContain('**Result: ❌ 1 regression**');
  });

  it('a small noisy drop on 6 questions is "inconclusive", with the detectable change and the questions needed', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { x: { ndcg: perQuestion([0.5, 0.6, 0.7, 0.8, 0.9, 1]) } } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { x: { ndcg: perQuestion([0.4, 0.7, 0.6, 0.8, 0.8, 1]) } } });
    const result = await runCli(['compare', a, b, '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      configurations: { metrics: { difference: number; p: number; verdict: string; pairs: number; ci: [number, number]; detectable: number; questionsNeeded: number }[] }[];
    };
    const m = json.configurations[0]!.metrics[0]!;
    // diffs −0.1, +0.1, −0.1, 0, −0.1, 0 → |Σ| = 0.2. Of the 16 sign patterns of the four nonzero
    // 0.1s (×4 for the zeros), |sum| ≥ 0.2 holds for 10 (sums ±0.4: 2, ±0.2: 8) → p = 10/16.
    expect(m.difference).toBeCloseTo(-0.2 / 6, 12);
    expect(m.p).toBe(0.625);
    // Behaviour changed on purpose: the interval [−0.1, +0.1] does not rule out a change of 0.05, so
    // this is "inconclusive" rather than "no significant change".
    expect(m.ci[0]).toBeCloseTo(-0.1, 12);
    expect(m.ci[1]).toBeCloseTo(0.1, 12);
    expect(m.verdict).toBe('inconclusive');
    // sd of the differences = √(0.04/6 − (0.2/6)²·6/6)·√(6/5) = 0.08165; (1.95996 + 0.84162)·0.08165/√6 = 0.0934
    expect(m.detectable).toBeCloseTo(0.0934, 4);
    // ((1.95996 + 0.84162)·0.08165/0.05)² = 20.9 → 21 questions for a change of 0.05
    expect(m.questionsNeeded).toBe(21);
    expect(m.pairs).toBe(6);
  });

  it('gates: min and maxDrop from a config file, one line per gate; a failed gate exits 1', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: worseMrr } });
    const gates = path.join(dir, 'rag-eval.yaml');
    writeFileSync(gates, 'corpus: {path: ./c}\ngates:\n  recall: { min: 0.6 }\n  mrr: { maxDrop: 0.15 }\n');
    const result = await runCli(['compare', a, b, '--gates', gates]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('gate'))).toEqual([
      'gate FAILED: bm25 recall: mean 0.5000 is below min 0.6',
      'gate passed: bm25 mrr: change −0.1000 is within maxDrop 0.15',
    ]);
    expect(result.stdout).toContain('- ❌ min: bm25 recall: mean 0.5000 is below min 0.6');
  });

  it('gates file with the map at top level; maxDrop failure reason names both means', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: worseMrr } });
    const gates = path.join(dir, 'gates.yaml');
    writeFileSync(gates, 'mrr: { maxDrop: 0.05 }\n');
    const result = await runCli(['compare', a, b, '--gates', gates]);
    expect(result.stderr).toContain('gate FAILED: bm25 mrr: dropped by 0.1000 (0.8000 → 0.7000, Δ −0.1000 on every question), more than maxDrop 0.05\n');
  });

  it('notes different test sets and corpora, and compares only shared questions and configurations', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: { recall: perQuestion([1, 0, 1]) }, dense: { recall: perQuestion([1, 1, 1]) } } });
    const b = writeFixtureRun(path.join(dir, 'b'), {
      configurations: { bm25: { recall: { q1: 1, q2: null, q4: 0 } } },
      provenance: { testSetHash: 'other-testset-hash', corpusHash: 'other-corpus-hash' },
    });
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: the runs used different test sets (sha256 testset-hash vs other-testse); only questions with the same id are compared\n');
    expect(result.stderr).toContain('note: the runs used different corpora (sha256 corpus-hash vs other-corpus)\n');
    expect(result.stderr).toContain('note: bm25: compared on the 2 shared questions (1 only in the baseline, 1 only in the candidate)\n');
    expect(result.stderr).toContain('note: bm25: pairs with a null score on either side were left out (recall 1)\n');
    expect(result.stdout).toContain('### bm25 (2 shared questions)');
    // One pair, both 1: exact McNemar with no discordant question; the interval is ±(1 − 0.025^(1/1)) = ±0.975, so inconclusive.
    expect(result.stdout).toContain('| recall | 1.0000 | 1.0000 | 0.0000 | 95% CI [−0.9750, +0.9750] | 1.000 | 1 | inconclusive |');
    expect(result.stdout).not.toContain('### dense');
  });

  it('--config pairs two configurations of one run directory', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base, hybrid: better } });
    const result = await runCli(['compare', a, a, '--config', 'bm25=hybrid', '--out', path.join(dir, 'cmp.md')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const unknown = await runCli(['compare', a, a, '--config', 'nope']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'error: --config: the baseline run has no configuration "nope" (it has: bm25, hybrid)\n' });
  });

  it('exit 2 naming the file for a missing directory, a bad summary.json, a bad scores line, a bad gates file', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const missing = path.join(dir, 'missing');
    expect(await runCli(['compare', a, missing])).toEqual({ code: 2, stdout: '', stderr: `error: ${missing}: no such run directory\n` });

    const bad = writeFixtureRun(path.join(dir, 'bad'), { configurations: { bm25: base } });
    writeFileSync(path.join(bad, 'summary.json'), '{"schemaVersion": 1}');
    const badSummary = await runCli(['compare', a, bad]);
    expect(badSummary.code).toBe(2);
    expect(badSummary.stderr).toBe(`error: ${path.join(bad, 'summary.json')}: not a rag-eval summary: createdAt: Invalid input: expected string, received undefined\n`);

    writeFileSync(path.join(bad, 'summary.json'), '{not json');
    expect((await runCli(['compare', a, bad])).stderr).toMatch(new RegExp(`^error: ${escape(path.join(bad, 'summary.json'))}: not valid JSON`));

    const badScores = writeFixtureRun(path.join(dir, 'bad-scores'), { configurations: { bm25: base } });
    writeFileSync(path.join(badScores, 'scores.jsonl'), '{"configuration":"bm25","qid":"q1","scores":{}}\n{"qid": 3}\n');
    expect((await runCli(['compare', a, badScores])).stderr).toMatch(new RegExp(`^error: ${escape(path.join(badScores, 'scores.jsonl'))}:2: expected \\{configuration, qid, scores`));

    const gates = path.join(dir, 'gates.yaml');
    writeFileSync(gates, 'recall: { mni: 0.5 }\n');
    expect(await runCli(['compare', a, a, '--gates', gates])).toEqual({ code: 2, stdout: '', stderr: `error: ${gates}: gates.recall: Unrecognized key: "mni"\n` });
    expect((await runCli(['compare', a])).code).toBe(2);
  });

  it('the installed binary exits 1 on a regression (real process exit code)', async () => {
    const dir = tempDir();
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: worseMrr } });
    const error = await promisify(execFile)('node', [BIN, 'compare', a, b]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('regression: bm25 mrr: regressed by −0.1000');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('rag-eval compare: judge provenance', () => {
  const tempDir = useTempDirs();

  it('notes a different judge model and different prompt versions', async () => {
    const dir = tempDir();
    const judges = (model: string, faithfulness: string) => ({ model, samples: 1, prompts: { 'faithfulness-verdicts': faithfulness, answer: '1' }, answers: 'generate' as const });
    const a = writeFixtureRun(path.join(dir, 'a'), { configurations: { bm25: base } });
    const b = writeFixtureRun(path.join(dir, 'b'), { configurations: { bm25: base } });
    for (const [run, judge] of [
      [a, judges('gpt-4o-mini', '1')],
      [b, judges('gpt-4.1-mini', '2')],
    ] as const) {
      const file = path.join(run, 'summary.json');
      const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, JSON.stringify({ ...summary, judges: judge }));
    }
    const result = await runCli(['compare', a, b]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('the runs used different judge models (gpt-4o-mini vs gpt-4.1-mini); judge scores may not be comparable');
    expect(result.stdout).toContain('the runs used different judge or answer prompt versions; judge scores may not be comparable');
  });
});
