import { pairScores, pairedBootstrapCi, differences } from '../evaluators/statistics/paired.js';
import { signFlipTest } from '../evaluators/statistics/permutation.js';
import { deriveSeed } from '../kernel/prng.js';
import { InputError } from '../kernel/errors.js';
import type { RunDirectory } from './run-directory.js';

export type Verdict = 'improved' | 'regressed' | 'no significant change' | 'not comparable';

export interface MetricComparison {
  metricId: string;
  /** Means over the paired questions only (both sides measured). */
  baselineMean: number | null;
  candidateMean: number | null;
  /** candidate − baseline, mean over pairs. */
  difference: number | null;
  ci95: [number, number] | null;
  p: number | null;
  pairs: number;
  droppedNull: number;
  verdict: Verdict;
}

export interface ConfigurationComparison {
  baseline: string;
  candidate: string;
  /** Label used in reports: the name, or "baseline → candidate" when they differ. */
  label: string;
  sharedQuestions: number;
  onlyBaseline: number;
  onlyCandidate: number;
  metrics: MetricComparison[];
}

export interface Comparison {
  alpha: number;
  configurations: ConfigurationComparison[];
  notes: string[];
}

export interface CompareOptions {
  /** A configuration name present in both runs, or "BASELINE=CANDIDATE" to pair different names. */
  configuration?: string;
  alpha?: number;
  resamples?: number;
  permutations?: number;
}

/**
 * Compares two runs on the questions they share. Every metric is taken as "higher is better"
 * (true of the IR metrics and of the judge scores in [0, 1]). A difference is called improved
 * or regressed only when the two-sided sign-flip p-value is below alpha; the paired bootstrap
 * CI is reported beside it. Seeds derive from the baseline run's seed.
 */
export function compareRuns(baseline: RunDirectory, candidate: RunDirectory, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? 0.05;
  const pairs = selectConfigurations(baseline, candidate, options.configuration);
  const seed = baseline.summary.provenance.seed;
  const configurations = pairs.map(([baseName, candName]) => {
    const base = baseline.scores.get(baseName) ?? new Map<string, Map<string, number | null>>();
    const cand = candidate.scores.get(candName) ?? new Map<string, Map<string, number | null>>();
    const metricIds = [...base.keys()].filter((id) => cand.has(id));
    const baseQids = new Set([...base.values()].flatMap((m) => [...m.keys()]));
    const candQids = new Set([...cand.values()].flatMap((m) => [...m.keys()]));
    const shared = [...baseQids].filter((q) => candQids.has(q)).length;
    const metrics = metricIds.map((metricId): MetricComparison => {
      const paired = pairScores(base.get(metricId)!, cand.get(metricId)!);
      const n = paired.qids.length;
      if (n === 0) {
        return { metricId, baselineMean: null, candidateMean: null, difference: null, ci95: null, p: null, pairs: 0, droppedNull: paired.droppedNull, verdict: 'not comparable' };
      }
      const metricSeed = deriveSeed(seed, baseName, candName, metricId);
      const ci = pairedBootstrapCi(paired, { seed: metricSeed, resamples: options.resamples })!;
      const test = signFlipTest(differences(paired), { seed: metricSeed + 1, resamples: options.permutations });
      const p = test.p!;
      const verdict: Verdict = p < alpha && ci.mean > 0 ? 'improved' : p < alpha && ci.mean < 0 ? 'regressed' : 'no significant change';
      return { metricId, baselineMean: mean(paired.baseline), candidateMean: mean(paired.candidate), difference: ci.mean, ci95: [ci.lo, ci.hi], p, pairs: n, droppedNull: paired.droppedNull, verdict };
    });
    return {
      baseline: baseName,
      candidate: candName,
      label: baseName === candName ? baseName : `${baseName} → ${candName}`,
      sharedQuestions: shared,
      onlyBaseline: [...baseQids].filter((q) => !candQids.has(q)).length,
      onlyCandidate: [...candQids].filter((q) => !baseQids.has(q)).length,
      metrics,
    };
  });
  return { alpha, configurations, notes: provenanceNotes(baseline, candidate, configurations) };
}

function selectConfigurations(baseline: RunDirectory, candidate: RunDirectory, wanted: string | undefined): [string, string][] {
  const baseNames = baseline.summary.configurations.map((c) => c.name);
  const candNames = candidate.summary.configurations.map((c) => c.name);
  if (wanted) {
    const [baseName, candName = baseName] = wanted.split('=') as [string, string?];
    if (!baseNames.includes(baseName)) throw new InputError(`--config: the baseline run has no configuration "${baseName}" (it has: ${baseNames.join(', ')})`);
    if (!candNames.includes(candName)) throw new InputError(`--config: the candidate run has no configuration "${candName}" (it has: ${candNames.join(', ')})`);
    return [[baseName, candName]];
  }
  const shared = baseNames.filter((n) => candNames.includes(n));
  if (shared.length) return shared.map((n) => [n, n]);
  // One configuration on each side with different names (e.g. a retriever renamed in a PR).
  if (baseNames.length === 1 && candNames.length === 1) return [[baseNames[0]!, candNames[0]!]];
  throw new InputError(
    `the runs share no configuration name (baseline: ${baseNames.join(', ')}; candidate: ${candNames.join(', ')}); name a pair with --config BASELINE=CANDIDATE`,
  );
}

function provenanceNotes(baseline: RunDirectory, candidate: RunDirectory, configurations: readonly ConfigurationComparison[]): string[] {
  const a = baseline.summary.provenance;
  const b = candidate.summary.provenance;
  const notes: string[] = [];
  if (a.testSetHash !== b.testSetHash) notes.push(`the runs used different test sets (sha256 ${a.testSetHash.slice(0, 12)} vs ${b.testSetHash.slice(0, 12)}); only questions with the same id are compared`);
  if (a.corpusHash !== b.corpusHash) notes.push(`the runs used different corpora (sha256 ${a.corpusHash.slice(0, 12)} vs ${b.corpusHash.slice(0, 12)})`);
  if (a.configHash !== b.configHash) notes.push(`the runs used different configs (sha256 ${a.configHash.slice(0, 12)} vs ${b.configHash.slice(0, 12)})`);
  const modelsA = [...a.models].sort().join(', ');
  const modelsB = [...b.models].sort().join(', ');
  if (modelsA !== modelsB) notes.push(`the runs used different models (${modelsA || 'none'} vs ${modelsB || 'none'})`);
  const judgeA = baseline.summary.judges;
  const judgeB = candidate.summary.judges;
  if (judgeA && judgeB) {
    if (judgeA.model !== judgeB.model) notes.push(`the runs used different judge models (${judgeA.model ?? 'none'} vs ${judgeB.model ?? 'none'}); judge scores may not be comparable`);
    const promptsA = JSON.stringify(Object.entries(judgeA.prompts).sort());
    const promptsB = JSON.stringify(Object.entries(judgeB.prompts).sort());
    if (promptsA !== promptsB) notes.push('the runs used different judge or answer prompt versions; judge scores may not be comparable');
  }
  for (const c of configurations) {
    if (c.onlyBaseline || c.onlyCandidate)
      notes.push(`${c.label}: compared on the ${c.sharedQuestions} shared questions (${c.onlyBaseline} only in the baseline, ${c.onlyCandidate} only in the candidate)`);
    const dropped = c.metrics.filter((m) => m.droppedNull > 0);
    if (dropped.length) notes.push(`${c.label}: pairs with a null score on either side were left out (${dropped.map((m) => `${m.metricId} ${m.droppedNull}`).join(', ')})`);
  }
  return notes;
}

function mean(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}
