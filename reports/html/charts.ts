import type { TopLevelSpec } from 'vega-lite';
import type { RunSummary } from '../summary-schema.js';

/**
 * Charts rendered to SVG strings in Node (vega-lite → vega → SVG, no canvas, no browser), so the
 * report is one self-contained file that draws without any script. vega and vega-lite are
 * loaded on the first chart, so commands that draw none never load them.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const FONT = { font: 'system-ui, sans-serif' };

/** Mean per metric per configuration as grouped bars, with the 95 % CI as a whisker. */
export function metricBarsSpec(summary: RunSummary): TopLevelSpec | null {
  const values = summary.configurations.flatMap((c) =>
    summary.metricIds
      .map((metric) => ({ configuration: c.name, metric, agg: c.metrics[metric] }))
      .filter((v) => v.agg && v.agg.mean !== null)
      .map((v) => ({ configuration: v.configuration, metric: v.metric, mean: v.agg!.mean!, lo: v.agg!.ci95?.[0] ?? v.agg!.mean!, hi: v.agg!.ci95?.[1] ?? v.agg!.mean! })),
  );
  if (!values.length) return null;
  return {
    config: FONT,
    title: 'Mean per metric with 95% bootstrap CI',
    data: { values },
    width: { step: 18 },
    height: 220,
    encoding: {
      x: { field: 'metric', type: 'nominal', title: null, sort: summary.metricIds, axis: { labelAngle: 0 } },
      xOffset: { field: 'configuration', type: 'nominal' },
    },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: { field: 'mean', type: 'quantitative', title: 'mean', scale: { domain: [0, 1] } },
          color: { field: 'configuration', type: 'nominal', title: 'configuration' },
          tooltip: [{ field: 'configuration' }, { field: 'metric' }, { field: 'mean', format: '.4f' }, { field: 'lo', format: '.4f' }, { field: 'hi', format: '.4f' }],
        },
      },
      { mark: { type: 'rule', color: '#222' }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
    ],
  };
}

/** Per-query latency per configuration: box (quartiles) with whiskers to min and max. */
export function latencySpec(latencies: readonly { configuration: string; ms: number }[]): TopLevelSpec | null {
  if (!latencies.length) return null;
  return {
    config: FONT,
    title: 'Per-query retrieval latency (ms)',
    data: { values: latencies.map((l) => ({ ...l })) },
    width: 480,
    height: { step: 28 },
    mark: { type: 'boxplot', extent: 'min-max' },
    encoding: {
      y: { field: 'configuration', type: 'nominal', title: null },
      x: { field: 'ms', type: 'quantitative', title: 'ms per query', scale: { zero: true } },
      color: { field: 'configuration', type: 'nominal', legend: null },
    },
  };
}

export interface TrendPoint {
  runAt: string;
  configuration: string;
  metric: string;
  mean: number;
}

/** One metric's mean over the recorded runs, a line per configuration. */
export function trendSpec(metric: string, points: readonly TrendPoint[]): TopLevelSpec | null {
  const values = points.filter((p) => p.metric === metric).map((p) => ({ ...p }));
  if (new Set(values.map((v) => v.runAt)).size < 2) return null;
  return {
    config: FONT,
    title: `${metric} over recorded runs`,
    data: { values },
    width: 360,
    height: 160,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'runAt', type: 'temporal', title: 'run' },
      y: { field: 'mean', type: 'quantitative', title: metric, scale: { zero: false } },
      color: { field: 'configuration', type: 'nominal' },
    },
  };
}

export interface CostPoint {
  configuration: string;
  metric: string;
  mean: number;
  /** USD per question this run paid for the configuration: embeddings, answer generation and judges. */
  costPerQuestion: number;
}

/**
 * Cost vs quality points, one per configuration × metric with a mean. Drawn only when some
 * configuration recorded usage or embedding cost; a configuration whose cost includes an unknown
 * price is left out (listed in `unknown`) rather than drawn at a made-up cost.
 */
export function costQualityPoints(summary: RunSummary): { points: CostPoint[]; unknown: string[] } | null {
  if (!summary.configurations.some((c) => c.usage || c.embeddingCost)) return null;
  const points: CostPoint[] = [];
  const unknown: string[] = [];
  for (const c of summary.configurations) {
    const parts = [c.usage?.costUsd, c.embeddingCost?.costUsd].filter((v) => v !== undefined);
    if (parts.some((v) => v === null)) {
      unknown.push(c.name);
      continue;
    }
    // Nothing recorded means nothing was paid in this run (local retrievers, no LLM).
    const total = parts.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    const questions = Math.max(c.usage?.questions ?? summary.testSet.items, 1);
    for (const metric of summary.metricIds) {
      const mean = c.metrics[metric]?.mean;
      if (typeof mean === 'number') points.push({ configuration: c.name, metric, mean, costPerQuestion: total / questions });
    }
  }
  // Everything free (local retrievers, no LLM): a column of points at $0 says nothing.
  if (unknown.length === 0 && points.every((p) => p.costPerQuestion === 0)) return null;
  return { points, unknown };
}

export function costQualitySpec(points: readonly CostPoint[]): TopLevelSpec | null {
  if (!points.length) return null;
  return {
    config: FONT,
    title: 'Cost vs quality (USD per question: embeddings + answers + judges)',
    data: { values: points.map((p) => ({ ...p })) },
    width: 420,
    height: 240,
    mark: { type: 'point', filled: true, size: 80 },
    encoding: {
      x: { field: 'costPerQuestion', type: 'quantitative', title: 'USD per question', scale: { zero: true } },
      y: { field: 'mean', type: 'quantitative', title: 'mean', scale: { domain: [0, 1] } },
      color: { field: 'configuration', type: 'nominal', title: 'configuration' },
      shape: { field: 'metric', type: 'nominal', title: 'metric' },
      tooltip: [{ field: 'configuration' }, { field: 'metric' }, { field: 'mean', format: '.4f' }, { field: 'costPerQuestion', format: '.6f' }],
    },
  };
}
