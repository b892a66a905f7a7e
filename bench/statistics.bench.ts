/**
 * The decision layer under simulation, calling the real functions (meanInterval, comparePaired,
 * compareRuns + compareOutcome, historyAlerts). Prints, with Monte-Carlo standard errors:
 *  1. coverage of the 95 % mean intervals for four score shapes at n = 13, 30, 50, 200
 *     (0/1 coverage is exact: a sum over the binomial distribution), beside the old percentile bootstrap;
 *  2. how often `compare` exits 1 when nothing changed (7 metrics × 3 configurations, n = 50);
 *  3. nightly false alarms per night (fixed test set with judge noise; test set regenerated nightly);
 *  4. power at Δ = 0.05 and 0.1 for n = 50 and 200 on a continuous metric.
 *
 *   npm run bench -- statistics          (STAT_BENCH_SCALE=0.25 for a quicker, noisier pass)
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bootstrapMeanCi } from '../evaluators/statistics/bootstrap.js';
import { comparePaired } from '../evaluators/statistics/compare-paired.js';
import { meanInterval } from '../evaluators/statistics/interval.js';
import { historyAlerts } from '../pipelines/history/alerts.js';
import type { HistoryMetric, HistoryRun } from '../pipelines/history/store.js';
import { compareRuns } from '../reports/compare.js';
import { compareOutcome } from '../reports/markdown-compare.js';
import type { ScoreTable } from '../reports/run-directory.js';
import { createRng, memoryRun, METRICS, normal, put, rate, retrievalScores, SHAPES, type Rng } from './statistics-sim.js';

const SCALE = Number(process.env.STAT_BENCH_SCALE ?? 1);
const reps = (m: number) => Math.max(20, Math.round(m * SCALE));

function coverage(): void {
  console.log('\n1. Coverage of 95% intervals of a mean (target: 95 ± 2% at n ≥ 50, ≥ 92% at n = 13; no zero-width interval)');
  console.log('shape | n | meanInterval (Wilson / bootstrap-t) | zero-width or none | old percentile bootstrap');
  for (const shape of SHAPES) {
    for (const n of [13, 30, 50, 200]) {
      if (shape.name.startsWith('0/1')) {
        // Exact: every possible count k, weighted by its binomial probability.
        let covered = 0;
        let old = 0;
        let degenerate = 0;
        let logC = 0;
        for (let k = 0; k <= n; k++) {
          if (k > 0) logC += Math.log((n - k + 1) / k);
          const pk = Math.exp(logC + k * Math.log(shape.mean) + (n - k) * Math.log(1 - shape.mean));
          const values = Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));
          const ci = meanInterval(values, { seed: k })!;
          if (ci.lo! <= shape.mean && shape.mean <= ci.hi!) covered += pk;
          if (!(ci.hi! > ci.lo!)) degenerate += pk;
          const p = bootstrapMeanCi(values, { seed: k })!;
          if (p.lo <= shape.mean && shape.mean <= p.hi) old += pk;
        }
        console.log(`${shape.name} | ${n} | ${(100 * covered).toFixed(1)}% (exact) | ${(100 * degenerate).toFixed(1)}% | ${(100 * old).toFixed(1)}% (exact)`);
        continue;
      }
      const m = reps(n >= 200 ? 150 : 400);
      const rng = createRng(1000 + n);
      let covered = 0;
      let old = 0;
      let degenerate = 0;
      for (let r = 0; r < m; r++) {
        const values = Array.from({ length: n }, () => shape.draw(rng));
        const ci = meanInterval(values, { seed: r })!;
        if (ci.lo === null || ci.hi === null || !(ci.hi > ci.lo)) degenerate++;
        else if (ci.lo <= shape.mean && shape.mean <= ci.hi) covered++;
        const p = bootstrapMeanCi(values, { seed: r })!;
        if (p.lo <= shape.mean && shape.mean <= p.hi) old++;
      }
      console.log(`${shape.name} | ${n} | ${rate(covered, m)} (${m} sets) | ${degenerate} of ${m} | ${rate(old, m)}`);
    }
  }
}

/** One night's scores for 3 configurations × the 7 retrieval metrics; quality = config + question + run noise. */
function retrievalRun(rng: Rng, questions: { qid: string; relevant: number; difficulty: number }[], runNoise: number): ScoreTable {
  const table: ScoreTable = new Map();
  for (const [c, base] of [['bm25', 0.35], ['dense', 0.45], ['hybrid', 0.55]] as const)
    for (const q of questions) put(table, c, q.qid, retrievalScores(rng, q.relevant, base + 0.4 * (q.difficulty - 0.5) + runNoise * normal(rng)));
  return table;
}

const questionSet = (rng: Rng, n: number, prefix = 'q') => Array.from({ length: n }, (_, i) => ({ qid: `${prefix}${i}`, relevant: 1 + Math.floor(rng() * 3), difficulty: rng() }));

function falseExits(): void {
  const n = 50;
  const m = reps(100);
  console.log(`\n2. Nothing changed: compare of two runs, 7 metrics × 3 configurations, n = ${n} (target: exit 1 in ≤ 5%)`);
  const rng = createRng(7);
  let exits = 0;
  let anyChange = 0;
  let oldRule = 0;
  const t0 = performance.now();
  for (let r = 0; r < m; r++) {
    const questions = questionSet(rng, n);
    // Two runs of the same system: the per-question quality differs only by run noise (exchangeable, so no true change).
    const a = memoryRun(retrievalRun(rng, questions, 0.1), { seed: r });
    const b = memoryRun(retrievalRun(rng, questions, 0.1), { seed: r });
    const comparison = compareRuns(a, b);
    if (compareOutcome(comparison, []).exitCode === 1) exits++;
    const metrics = comparison.configurations.flatMap((c) => c.metrics);
    if (metrics.some((x) => x.verdict === 'improved' || x.verdict === 'regressed')) anyChange++;
    // The rule before this change: any metric with p < 0.05 and a drop fails, no family.
    if (metrics.some((x) => x.p !== null && x.p < 0.05 && x.difference! < 0)) oldRule++;
  }
  console.log(
    `exit 1: ${rate(exits, m)}; any "improved"/"regressed": ${rate(anyChange, m)}; ` +
      `per-comparison p < 0.05 rule (before): ${rate(oldRule, m)}  [${m} pairs, ${((performance.now() - t0) / m).toFixed(0)} ms per compare]`,
  );
}

const JUDGE = ['faithfulness', 'answer_relevance', 'context_precision', 'context_recall'];

function historyRun(id: number, metrics: HistoryMetric[], testSetHash: string): HistoryRun {
  return { id, runAt: String(id), gitCommit: null, configFile: 'c', configHash: 'c', corpusHash: 'd', testSetHash, outDir: '', metrics };
}

function means(table: ScoreTable): { metrics: HistoryMetric[]; sd: Map<string, number> } {
  const metrics: HistoryMetric[] = [];
  const sd = new Map<string, number>();
  for (const [configuration, byMetric] of table)
    for (const [metric, byQid] of byMetric) {
      const values = [...byQid.values()] as number[];
      const ci = meanInterval(values, { seed: 1, resamples: 1 })!;
      metrics.push({ configuration, metric, mean: ci.mean, scored: values.length, total: values.length });
      sd.set(`${configuration}\u0000${metric}`, ci.sd);
    }
  return { metrics, sd };
}

function nightly(): void {
  const n = 50;
  const nights = reps(200);
  console.log(`\n3. Nightly false alarms under no change, 3 configurations × 7 metrics, n = ${n} (target: ≤ 5% of nights)`);
  for (const scenario of ['fixed test set, LLM-judge noise', 'test set regenerated nightly'] as const) {
    const rng = createRng(scenario.length);
    const fixed = questionSet(rng, n);
    const truth = new Map(fixed.map((q) => [q.qid, JUDGE.map(() => rng())]));
    const ir = retrievalRun(rng, fixed, 0);
    const history: HistoryRun[] = [];
    let previous: ScoreTable | null = null;
    let alerted = 0;
    let exits = 0;
    let oldAlerts = 0;
    let counted = 0;
    for (let night = 0; night < nights + 7; night++) {
      let table: ScoreTable;
      if (scenario.startsWith('fixed')) {
        // IR metrics do not change on a fixed test set; judge scores are a per-question truth plus judge noise, in steps of 0.1.
        table = new Map([...ir].map(([c, byMetric]) => [c, new Map(byMetric)]));
        for (const c of ir.keys())
          for (const q of fixed)
            put(table, c, q.qid, Object.fromEntries(JUDGE.map((id, j) => [id, Math.round(10 * Math.min(1, Math.max(0, truth.get(q.qid)![j]! + 0.15 * normal(rng)))) / 10])));
      } else table = retrievalRun(rng, questionSet(rng, n, `n${night}-`), 0);
      const { metrics, sd } = means(table);
      const testSetHash = scenario.startsWith('fixed') ? 't' : `t${night}`;
      if (night >= 7) {
        counted++;
        const alerts = historyAlerts({ previous: history, current: metrics, window: 7, alertMargin: 0.02, currentSd: sd, inputs: { testSetHash, corpusHash: 'd' } });
        let exit = 0;
        // examples/ci/nightly.yml: compare with the previous night (always the next baseline); regenerated sets share no question.
        if (previous && scenario.startsWith('fixed')) exit = compareOutcome(compareRuns(memoryRun(previous, { seed: night }), memoryRun(table, { seed: night })), []).exitCode;
        if (alerts.length || exit) alerted++;
        if (exit) exits++;
        // The rule before this change: 0.02 below the median of the last 7 nights.
        const old = metrics.some((x) => {
          const earlier = history.slice(-7).map((h) => h.metrics.find((y) => y.configuration === x.configuration && y.metric === x.metric)!.mean!).sort((p, q) => p - q);
          return earlier[3]! - x.mean! > 0.02;
        });
        if (old) oldAlerts++;
      }
      history.push(historyRun(night, metrics, testSetHash));
      previous = table;
    }
    console.log(
      `${scenario}: alert or compare exit 1 on ${rate(alerted, counted)} of nights (compare exit 1: ${rate(exits, counted)}); ` +
        `fixed 0.02 margin rule (before): ${rate(oldAlerts, counted)}  [${counted} nights]`,
    );
  }
}

function power(): void {
  console.log('\n4. Power on a continuous metric (per-question differences Δ + N(0, 0.3²)), paired sign-flip test (target: Δ = 0.1 at n = 200 ≥ 90%)');
  for (const n of [50, 200])
    for (const delta of [0.05, 0.1]) {
      const m = reps(n >= 200 ? 100 : 200);
      const rng = createRng(n * 100 + delta * 1000);
      let single = 0;
      let family = 0;
      for (let r = 0; r < m; r++) {
        const base = Array.from({ length: n }, () => 0.2 + 0.6 * rng());
        const cand = base.map((b) => b + delta + 0.3 * normal(rng));
        if (comparePaired(base, cand, { alpha: 0.05, seed: r })!.significant) single++;
        if (comparePaired(base, cand, { alpha: 0.05 / 21, seed: r })!.significant) family++;
      }
      console.log(`n = ${n}, Δ = ${delta}: ${rate(single, m)} alone (α = 0.05); ${rate(family, m)} in a family of 21 (α = 0.05/21)  [${m} sets]`);
    }
}

export async function main(): Promise<void> {
  const t0 = performance.now();
  for (const section of [coverage, falseExits, nightly, power]) {
    const t = performance.now();
    section();
    console.log(`(${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
  console.log(`\nstatistics bench: ${((performance.now() - t0) / 1000).toFixed(0)} s (STAT_BENCH_SCALE=${SCALE})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
