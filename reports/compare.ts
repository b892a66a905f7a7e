import { bonferroniFamily, type Family } from '../evaluators/statistics/multiplicity.js';
import { deriveSeed } from '../kernel/prng.js';
import { InputError } from '../kernel/errors.js';
import { compareMetric, type MetricComparison } from './compare-metric.js';
import { parseCutoffMetricId } from '../evaluators/cutoffs.js';
import { provenanceNotes } from './compare-notes.js';
import { StatisticsConfig } from './gates-schema.js';
import type { RunDirectory } from './run-directory.js';

export type { MetricComparison, Verdict } from './compare-metric.js';

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

/** The comparisons that decide the exit code, and the error rate they are controlled at together. */
export interface ComparisonFamily extends Family {
  metrics: string[];
  configurations: string[];
}

export interface Comparison {
  /** Family-wise error rate. */
  alpha: number;
  family: ComparisonFamily;
  minEffect: number;
  effectOfInterest: number;
  configurations: ConfigurationComparison[];
  notes: string[];
}

export interface CompareOptions {
  /** A configuration name present in both runs, or "BASELINE=CANDIDATE" to pair different names. */
  configuration?: string;
  alpha?: number;
  resamples?: number;
  permutations?: number;
  /** Metrics that decide; default every compared metric except the cut-off ids (`ndcg@5`). */
  primary?: readonly string[];
  minEffect?: number;
  /** Metrics with a maxDrop gate: they decide too, so they join the family. */
  gatedMetrics?: readonly string[];
  /** Compare configurations retrieved at different k (otherwise an input error). */
  allowDifferentK?: boolean;
}

/** The effect a non-significant comparison must have been able to detect to read "no significant change" when minEffect is 0. */
export const DEFAULT_EFFECT_OF_INTEREST = 0.05;

/**
 * Compares two runs on the questions they share. Every metric is "higher is better" (true of the
 * IR metrics and of the judge scores in [0, 1]). Deciding metrics (primary ∪ gated; all but cut-off ids when no
 * primary is named) over all compared configurations form one family whose family-wise error
 * rate is alpha (Bonferroni); each of them is tested and its interval built at alpha / size.
 * Other metrics are shown at alpha, for information, and never change the exit code.
 */
export function compareRuns(baseline: RunDirectory, candidate: RunDirectory, options: CompareOptions = {}): Comparison {
  const defaults = StatisticsConfig.parse({});
  const alpha = options.alpha ?? defaults.alpha;
  const minEffect = options.minEffect ?? defaults.minEffect;
  const effectOfInterest = minEffect > 0 ? minEffect : DEFAULT_EFFECT_OF_INTEREST;
  const pairs = selectConfigurations(baseline, candidate, options.configuration);
  const kNotes = checkK(baseline, candidate, pairs, options.allowDifferentK ?? false);
  const seed = baseline.summary.provenance.seed;
  const tables = pairs.map(([baseName, candName]) => {
    const base = baseline.scores.get(baseName) ?? new Map<string, Map<string, number | null>>();
    const cand = candidate.scores.get(candName) ?? new Map<string, Map<string, number | null>>();
    return { baseName, candName, base, cand, metricIds: [...base.keys()].filter((id) => cand.has(id)) };
  });
  const compared = new Set(tables.flatMap((t) => t.metricIds));
  const primary = [...(options.primary ?? [])];
  const unknown = primary.filter((id) => !compared.has(id));
  if (unknown.length)
    throw new InputError(`statistics.primary: ${unknown.map((id) => `"${id}"`).join(', ')} not measured in both runs (they share: ${[...compared].join(', ') || 'no metric'})`);
  // Metrics at cut-offs (`ndcg@5`) are views of the same retrieval: shown, but they decide only when named.
  const byDefault = [...compared].filter((id) => parseCutoffMetricId(id) === undefined);
  const deciding = new Set(primary.length ? [...primary, ...(options.gatedMetrics ?? [])] : [...byDefault, ...(options.gatedMetrics ?? [])]);
  const size = tables.reduce((total, t) => total + t.metricIds.filter((id) => deciding.has(id)).length, 0);
  const family: ComparisonFamily = {
    ...bonferroniFamily(alpha, size),
    metrics: [...compared].filter((id) => deciding.has(id)),
    configurations: tables.map((t) => (t.baseName === t.candName ? t.baseName : `${t.baseName} → ${t.candName}`)),
  };
  const configurations = tables.map(({ baseName, candName, base, cand, metricIds }): ConfigurationComparison => {
    const baseQids = new Set([...base.values()].flatMap((m) => [...m.keys()]));
    const candQids = new Set([...cand.values()].flatMap((m) => [...m.keys()]));
    const metrics = metricIds.map((metricId) => {
      const decides = deciding.has(metricId);
      return compareMetric(metricId, base.get(metricId)!, cand.get(metricId)!, {
        alpha: decides ? family.perComparisonAlpha : alpha,
        seed: deriveSeed(seed, baseName, candName, metricId),
        permutations: options.permutations ?? defaults.permutations,
        resamples: options.resamples ?? defaults.resamples,
        minEffect,
        effectOfInterest,
        decides,
      });
    });
    return {
      baseline: baseName,
      candidate: candName,
      label: baseName === candName ? baseName : `${baseName} → ${candName}`,
      sharedQuestions: [...baseQids].filter((q) => candQids.has(q)).length,
      onlyBaseline: [...baseQids].filter((q) => !candQids.has(q)).length,
      onlyCandidate: [...candQids].filter((q) => !baseQids.has(q)).length,
      metrics,
    };
  });
  return { alpha, family, minEffect, effectOfInterest, configurations, notes: [...kNotes, ...provenanceNotes(baseline, candidate, configurations)] };
}

/** Different k changes what @k metrics mean (recall@1 vs recall@3 is not a regression): refuse unless asked. */
function checkK(baseline: RunDirectory, candidate: RunDirectory, pairs: readonly [string, string][], allow: boolean): string[] {
  const notes: string[] = [];
  for (const [baseName, candName] of pairs) {
    const a = baseline.summary.configurations.find((c) => c.name === baseName)?.k;
    const b = candidate.summary.configurations.find((c) => c.name === candName)?.k;
    if (a === undefined || b === undefined || a === b) continue;
    const label = baseName === candName ? baseName : `${baseName} → ${candName}`;
    if (!allow)
      throw new InputError(`${label}: the runs retrieved different k (${a} vs ${b}), so @k metrics measure different things; pass --allow-different-k to compare anyway`);
    notes.push(`${label}: the runs retrieved different k (${a} vs ${b}); @k metrics are not like for like`);
  }
  return notes;
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
