/**
 * `compare` per slice: for each language and tag of the baseline's questions, every metric of
 * the run (not the cut-off ids) compared on that slice's shared questions with the same paired
 * procedure as the whole (compareMetric). Slices are for reading where a change comes from: they
 * are outside the deciding family and never change the exit code; each is tested at alpha.
 */
import { deriveSeed } from '../kernel/prng.js';
import { compareMetric, type MetricComparison } from './compare-metric.js';
import type { Comparison } from './compare.js';
import { verdictLabel } from './markdown-compare.js';
import { fixed, table } from './markdown-table.js';
import { pValue, signed } from './number-format.js';
import type { RunDirectory } from './run-directory.js';

export interface SliceComparison {
  slice: string;
  configuration: string;
  questions: number;
  metrics: MetricComparison[];
}

export function compareSlices(
  baseline: RunDirectory,
  candidate: RunDirectory,
  comparison: Comparison,
  options: { permutations?: number; resamples?: number } = {},
): SliceComparison[] {
  const metricIds = baseline.summary.metricIds.filter((id) => candidate.summary.metricIds.includes(id));
  const labels = [...baseline.slices.keys()].sort();
  return labels.flatMap((slice) =>
    comparison.configurations.map((c) => {
      const members = baseline.slices.get(slice)!;
      const inSlice = (values: ReadonlyMap<string, number | null> | undefined) => new Map([...(values ?? [])].filter(([qid]) => members.has(qid)));
      const base = baseline.scores.get(c.baseline);
      const cand = candidate.scores.get(c.candidate);
      const metrics = metricIds
        .filter((id) => base?.has(id) && cand?.has(id))
        .map((id) =>
          compareMetric(id, inSlice(base!.get(id)), inSlice(cand!.get(id)), {
            alpha: comparison.alpha,
            seed: deriveSeed(baseline.summary.provenance.seed, c.baseline, c.candidate, id, slice),
            permutations: options.permutations ?? 10_000,
            resamples: options.resamples ?? 2_000,
            minEffect: comparison.minEffect,
            effectOfInterest: comparison.effectOfInterest,
            decides: false,
          }),
        );
      return { slice, configuration: c.label, questions: members.size, metrics };
    }),
  );
}

export function renderSliceComparison(slices: readonly SliceComparison[], alpha: number): string {
  if (slices.length === 0) return '';
  const rows = slices.flatMap((s) =>
    s.metrics.map((m) => [
      s.slice,
      s.configuration,
      m.metricId,
      fixed(m.baselineMean),
      fixed(m.candidateMean),
      signed(m.difference),
      m.ci ? `[${signed(m.ci[0])}, ${signed(m.ci[1])}]` : '—',
      pValue(m.p),
      String(m.pairs),
      verdictLabel(m),
    ]),
  );
  return [
    `### By slice`,
    `Each language and tag of the test items, compared like the whole run (same paired test and interval) at alpha ${alpha} each; slices do not decide the exit code.`,
    table(['Slice', 'Configuration', 'Metric', 'Baseline', 'Candidate', 'Δ', 'CI', 'p', 'n', 'Verdict'], rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l']),
  ].join('\n\n');
}
