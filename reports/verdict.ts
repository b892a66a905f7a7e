import { z } from 'zod';
import { comparePaired } from '../evaluators/statistics/compare-paired.js';
import { bonferroniFamily } from '../evaluators/statistics/multiplicity.js';
import { pairScores } from '../evaluators/statistics/paired.js';
import { deriveSeed } from '../kernel/prng.js';
import { formatAlpha } from './decision-format.js';
import type { ScoreTable } from './run-directory.js';
import type { RunSummary } from './summary-schema.js';

/** The run's answer to "which configuration should we ship?" (summary.json `verdict`). */
export const RunVerdict = z.object({
  /** Bonferroni over primary metrics × (configurations − 1) paired comparisons against the best. */
  family: z.object({ alpha: z.number(), size: z.number().int(), perComparisonAlpha: z.number() }),
  metrics: z.array(
    z.object({
      metric: z.string(),
      best: z.string(),
      bestMean: z.number(),
      others: z.array(
        z.object({
          configuration: z.string(),
          mean: z.number().nullable(),
          /** other − best on the questions both measured. */
          difference: z.number().nullable(),
          ci: z.tuple([z.number(), z.number()]).nullable(),
          p: z.number().nullable(),
          significant: z.boolean(),
          pairs: z.number().int(),
        }),
      ),
    }),
  ),
  /** One sentence per primary metric, e.g. "bm25 is best on ndcg (0.98); use-dense is 0.27 lower (significant) …". */
  sentences: z.array(z.string()),
});
export type RunVerdict = z.infer<typeof RunVerdict>;

export interface VerdictConfiguration {
  name: string;
  mean: (metric: string) => number | null;
  /** Median query latency in ms; null when nothing was timed. */
  p50: number | null;
  /** USD per question (answers + judges + embeddings) when known. */
  costPerQuestion: number | null;
}

/**
 * Which configuration is best on each primary metric (highest mean), and whether each other
 * configuration is significantly behind it: paired per question (comparePaired) at
 * alpha / family size, where the family is every (primary metric, other configuration) pair.
 * With the latency and cost trade-off in one sentence. Null with fewer than two configurations.
 */
export function runVerdict(options: {
  configurations: readonly VerdictConfiguration[];
  scores: ScoreTable;
  primary: readonly string[];
  alpha: number;
  seed: number;
  permutations?: number;
}): RunVerdict | null {
  const { configurations, scores } = options;
  const metrics = options.primary.filter((m) => configurations.some((c) => c.mean(m) !== null));
  if (configurations.length < 2 || !metrics.length) return null;
  const family = bonferroniFamily(options.alpha, metrics.length * (configurations.length - 1));
  const results = metrics.map((metric) => {
    const ranked = configurations.filter((c) => c.mean(metric) !== null).sort((a, b) => b.mean(metric)! - a.mean(metric)!);
    const best = ranked[0]!;
    const others = configurations
      .filter((c) => c !== best)
      .map((c) => {
        const paired = pairScores(scores.get(best.name)?.get(metric) ?? new Map(), scores.get(c.name)?.get(metric) ?? new Map());
        const r = comparePaired(paired.baseline, paired.candidate, {
          alpha: family.perComparisonAlpha,
          seed: deriveSeed(options.seed, 'verdict', best.name, c.name, metric),
          permutations: options.permutations,
        });
        return {
          configuration: c.name,
          mean: c.mean(metric),
          difference: r?.difference ?? null,
          ci: r ? ([r.lo, r.hi] as [number, number]) : null,
          p: r?.p ?? null,
          significant: r?.significant ?? false,
          pairs: paired.qids.length,
        };
      });
    return { metric, best: best.name, bestMean: best.mean(metric)!, others };
  });
  const byName = new Map(configurations.map((c) => [c.name, c]));
  const sentences = results.map((r) => sentence(r, byName, family.size, family.alpha));
  return { family: { alpha: family.alpha, size: family.size, perComparisonAlpha: family.perComparisonAlpha }, metrics: results, sentences };
}

function sentence(r: RunVerdict['metrics'][number], byName: Map<string, VerdictConfiguration>, size: number, alpha: number): string {
  const best = byName.get(r.best)!;
  const parts = r.others.map((o) => {
    const c = byName.get(o.configuration)!;
    const gap =
      o.difference === null
        ? `${o.configuration} not comparable (no question measured on both)`
        : `${o.configuration} is ${gapText(o.difference)} ${o.difference <= 0 ? 'lower' : 'higher on the questions both measured'} (${o.significant ? 'significant' : 'not significant'})`;
    const tradeOffs = [ratioText(c.p50, best.p50, 'slower', 'faster', 'per query'), costText(c.costPerQuestion, best.costPerQuestion)].filter(Boolean);
    return tradeOffs.length ? `${gap} and ${tradeOffs.join(' and ')}` : gap;
  });
  const family = size > 1 ? ` [${size} comparisons, family-wise error ${formatAlpha(alpha)}]` : ` [α ${formatAlpha(alpha)}]`;
  return `${r.best} is best on ${r.metric} (${r.bestMean.toFixed(2)}); ${parts.join('; ')}${family}.`;
}

/** "3,000× slower per query" when the ratio is at least 1.5 either way; '' otherwise or when unknown. */
function ratioText(value: number | null, reference: number | null, more: string, less: string, unit: string): string {
  if (value === null || reference === null || !(value > 0) || !(reference > 0)) return '';
  const ratio = value / reference;
  if (ratio >= 1.5) return `${formatRatio(ratio)}× ${more} ${unit}`;
  if (ratio <= 1 / 1.5) return `${formatRatio(1 / ratio)}× ${less} ${unit}`;
  return '';
}

function costText(value: number | null, reference: number | null): string {
  if (value === null || reference === null || value === reference) return '';
  return `costs $${value.toPrecision(2)} vs $${reference.toPrecision(2)} per question`;
}

/** 0.27 → "0.27"; small gaps keep a third decimal so they do not read as 0.00. */
function gapText(difference: number): string {
  const gap = Math.abs(difference);
  return gap > 0 && gap < 0.01 ? gap.toFixed(3) : gap.toFixed(2);
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : ratio.toFixed(1);
}

/** The metrics a verdict is about: statistics.primary, else ndcg when measured, else the first metric. */
export function verdictMetrics(metricIds: readonly string[], primary: readonly string[]): string[] {
  if (primary.length) return primary.filter((m) => metricIds.includes(m));
  return metricIds.includes('ndcg') ? ['ndcg'] : metricIds.slice(0, 1);
}

/** runVerdict over a finished run's summary and its per-question scores. */
export function verdictForRun(summary: RunSummary, scores: ScoreTable, options: { primary: readonly string[]; alpha: number; permutations?: number }): RunVerdict | null {
  return runVerdict({
    configurations: summary.configurations.map((c) => ({
      name: c.name,
      mean: (metric: string) => c.metrics[metric]?.mean ?? null,
      p50: c.latency.queryMs.p50,
      costPerQuestion: c.usage?.perQuestion.costUsd ?? null,
    })),
    scores,
    primary: verdictMetrics(summary.metricIds, options.primary),
    alpha: options.alpha,
    seed: summary.provenance.seed,
    permutations: options.permutations,
  });
}
