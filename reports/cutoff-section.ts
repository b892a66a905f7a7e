/**
 * The "Metrics at cut-offs" part of report.md and report.html: for each rank metric one row per
 * configuration, one column per cut-off (`cutoffs` in the config), from the same retrieval at k.
 */
import { cutoffMetricId, parseCutoffMetricId } from '../evaluators/cutoffs.js';
import { irMetrics } from '../evaluators/metric-registry.js';
import { esc } from './html/escape.js';
import { fixed, table } from './markdown-table.js';
import { md } from './markdown-escape.js';
import type { RunSummary } from './summary-schema.js';

type Aggregate = RunSummary['configurations'][number]['metrics'][string];

export interface CutoffGridRow {
  /** Metric label without the depth, e.g. `nDCG`. */
  metric: string;
  configuration: string;
  k: number;
  cells: { aggregate: Aggregate | undefined; best: boolean }[];
}

export interface CutoffGrid {
  cutoffs: number[];
  rows: CutoffGridRow[];
}

/** null when the run was not asked for cut-offs. Best mean per metric and cut-off is marked. */
export function cutoffGrid(summary: RunSummary): CutoffGrid | null {
  const spec = summary.cutoffs;
  if (!spec || spec.metricIds.length === 0) return null;
  const metrics = [...new Set(spec.metricIds.map((id) => parseCutoffMetricId(id)?.metric).filter((m) => m !== undefined))];
  const rows = metrics.flatMap((metric) => {
    const best = spec.values.map((n) => {
      const means = summary.configurations.map((c) => c.metrics[cutoffMetricId(metric, n)]?.mean).filter((m): m is number => typeof m === 'number');
      return means.length ? Math.max(...means) : undefined;
    });
    return summary.configurations
      .filter((c) => spec.values.some((n) => c.metrics[cutoffMetricId(metric, n)]))
      .map((c): CutoffGridRow => ({
        metric: irMetrics[metric].label.replace('@k', ''),
        configuration: c.name,
        k: c.k,
        cells: spec.values.map((n, i) => {
          const aggregate = c.metrics[cutoffMetricId(metric, n)];
          return { aggregate, best: aggregate?.mean !== null && aggregate?.mean !== undefined && aggregate.mean === best[i] };
        }),
      }));
  });
  return { cutoffs: spec.values, rows };
}

const DEEPER_NOTE = 'A cut-off deeper than a configuration\'s k is not scored (—): nothing below rank k was retrieved.';

export function cutoffMarkdownSection(summary: RunSummary): string[] {
  const grid = cutoffGrid(summary);
  if (!grid) return [];
  const header = ['Metric', 'Configuration', 'k', ...grid.cutoffs.map((n) => `@${n}`)];
  const rows = grid.rows.map((row) => [
    row.metric,
    row.configuration,
    String(row.k),
    ...row.cells.map(({ aggregate, best }) => {
      if (!aggregate || aggregate.mean === null) return '—';
      const value = fixed(aggregate.mean);
      return md(`${best ? `**${value}**` : value} (${aggregate.scored}/${aggregate.total})`);
    }),
  ]);
  return [
    '## Metrics at cut-offs',
    `${table(header, rows, ['l', 'l', 'r', ...grid.cutoffs.map(() => 'r' as const)])}\n\n` +
      "<sub>Each rank metric at every cut-off N from one retrieval at depth k, equal to trec_eval's P.N, recall.N, success.N and " +
      'ndcg_cut.N on the run files (F1 is ours). Mean (scored/total); best per metric and cut-off in **bold**. ' +
      `${DEEPER_NOTE} The 95% CIs are in summary.json.</sub>`,
  ];
}

export function cutoffHtmlSection(summary: RunSummary): string {
  const grid = cutoffGrid(summary);
  if (!grid) return '';
  const head = `<tr><th>metric</th><th>configuration</th><th>k</th>${grid.cutoffs.map((n) => `<th>@${n}</th>`).join('')}</tr>`;
  const body = grid.rows.map((row) => {
    const cells = row.cells.map(({ aggregate, best }) => {
      if (!aggregate || aggregate.mean === null) return '<td>—</td>';
      const ci = aggregate.ci95 ? `<br><small>[${aggregate.ci95[0].toFixed(3)}, ${aggregate.ci95[1].toFixed(3)}]</small>` : '';
      return `<td class="${best ? 'best' : ''}">${aggregate.mean.toFixed(4)}${ci}<br><small>${aggregate.scored}/${aggregate.total}</small></td>`;
    });
    return `<tr><th scope="row">${esc(row.metric)}</th><th scope="row">${esc(row.configuration)}</th><td>${row.k}</td>${cells.join('')}</tr>`;
  });
  const legend =
    "Each rank metric at every cut-off N from one retrieval at depth k (trec_eval's P.N, recall.N, success.N, ndcg_cut.N; " +
    `F1 is ours): mean, 95% bootstrap CI, scored/total. ${esc(DEEPER_NOTE)}`;
  return `<h2>Metrics at cut-offs</h2>
<table class="summary cutoffs"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>
<p class="legend">${legend}</p>`;
}
