/**
 * Rank metrics at several cut-offs from one retrieval at depth k: `cutoffs: [1, 3, 5, 10]` in the
 * config reports P, recall, F1, hit rate and nDCG at each N ≤ k, equal to trec_eval's `P.N`,
 * `recall.N`, `success.N` and `ndcg_cut.N` on the same ranking (the ranking is judged once).
 * Ids are `<metric>@<N>` (`ndcg@5`), used alike in scores.jsonl, summary.json and compare.
 */
import type { IrMetricId } from '../kernel/metric-ids.js';
import { scored, unscored, type Score } from '../kernel/score.js';
import type { JudgedRanking } from './ir/judged-ranking.js';
import { irMetrics } from './metric-registry.js';

/** The IR metrics that take a cut-off (their label has `@k`). */
export const CUTOFF_METRICS = ['precision', 'recall', 'f1', 'hit_rate', 'ndcg'] as const satisfies readonly IrMetricId[];
export type CutoffMetric = (typeof CUTOFF_METRICS)[number];

export function isCutoffMetric(id: string): id is CutoffMetric {
  return (CUTOFF_METRICS as readonly string[]).includes(id);
}

export function cutoffMetricId(metric: CutoffMetric, cutoff: number): string {
  return `${metric}@${cutoff}`;
}

/** `ndcg@5` → { metric: 'ndcg', cutoff: 5 }; undefined for any other id. */
export function parseCutoffMetricId(id: string): { metric: CutoffMetric; cutoff: number } | undefined {
  const match = /^([a-z_]+)@([1-9]\d*)$/.exec(id);
  if (!match || !isCutoffMetric(match[1]!)) return undefined;
  return { metric: match[1], cutoff: Number(match[2]) };
}

/** Report label: `nDCG@5`. */
export function cutoffLabel(id: string): string {
  const parsed = parseCutoffMetricId(id);
  return parsed ? irMetrics[parsed.metric].label.replace('@k', `@${parsed.cutoff}`) : id;
}

/** The cut-off ids a run reports: each configured cut-off metric × each cut-off, metric-major, cut-offs ascending. */
export function cutoffMetricIds(metrics: readonly string[], cutoffs: readonly number[]): string[] {
  const sorted = [...new Set(cutoffs)].sort((a, b) => a - b);
  return metrics.filter(isCutoffMetric).flatMap((metric) => sorted.map((n) => cutoffMetricId(metric, n)));
}

export const deeperThanK = (cutoff: number, k: number): string =>
  `cut-off ${cutoff} is deeper than this configuration's k = ${k} (nothing below rank ${k} was retrieved)`;

/**
 * One question's scores at every cut-off id. `unscoredReason` is set when the question has no
 * relevant item (then every id is null with it, as for the metrics at k); a cut-off deeper than
 * the retrieval depth `k` is null with its own reason rather than a number the run cannot know.
 */
export function scoresAtCutoffs(options: {
  judged: JudgedRanking;
  ids: readonly string[];
  k: number;
  unscoredReason?: string;
}): Record<string, Score> {
  const scores: Record<string, Score> = {};
  for (const id of options.ids) {
    const parsed = parseCutoffMetricId(id);
    if (!parsed) continue;
    if (options.unscoredReason !== undefined) scores[id] = unscored(options.unscoredReason);
    else if (parsed.cutoff > options.k) scores[id] = unscored(deeperThanK(parsed.cutoff, options.k));
    else scores[id] = scored(irMetrics[parsed.metric].compute(options.judged, parsed.cutoff));
  }
  return scores;
}
