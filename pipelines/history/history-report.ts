import type { HistoryRun } from './store.js';
import { median } from './alerts.js';

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of values scaled between their own min and max ('·' for a run without a value). */
export function sparkline(values: readonly (number | null)[]): string {
  const nums = values.filter((v): v is number => v !== null);
  if (!nums.length) return '';
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  return values.map((v) => (v === null ? '·' : BARS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))])).join('');
}

export interface TrendRow {
  configuration: string;
  metric: string;
  values: (number | null)[];
  last: number | null;
  /** Median of the runs before the last, within the window. */
  median: number | null;
}

export function trendRows(runs: readonly HistoryRun[], options: { metric?: string; window: number }): TrendRow[] {
  const keys = new Map<string, { configuration: string; metric: string }>();
  for (const run of runs) for (const m of run.metrics) if (!options.metric || m.metric === options.metric) keys.set(`${m.configuration}\u0000${m.metric}`, m);
  return [...keys.values()].map(({ configuration, metric }) => {
    const values = runs.map((r) => r.metrics.find((m) => m.configuration === configuration && m.metric === metric)?.mean ?? null);
    const before = values.slice(0, -1).filter((v): v is number => v !== null).slice(-options.window);
    return { configuration, metric, values, last: values[values.length - 1] ?? null, median: before.length ? median(before) : null };
  });
}

/** The `rag-eval history` table: one line per configuration × metric, oldest run first. */
export function renderHistoryText(runs: readonly HistoryRun[], options: { file: string; metric?: string; window: number }): string {
  if (!runs.length) return `no runs recorded in ${options.file}\n`;
  const rows = trendRows(runs, options);
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(4));
  const width = Math.max(13, ...rows.map((r) => r.configuration.length));
  const mwidth = Math.max(6, ...rows.map((r) => r.metric.length));
  const lines = [
    `${runs.length} run${runs.length > 1 ? 's' : ''} in ${options.file}, ${runs[0]!.runAt} → ${runs[runs.length - 1]!.runAt}`,
    `${'configuration'.padEnd(width)}  ${'metric'.padEnd(mwidth)}  ${'last'.padStart(6)}  ${`median of previous ${options.window}`.padStart(20)}  trend`,
    ...rows.map((r) => `${r.configuration.padEnd(width)}  ${r.metric.padEnd(mwidth)}  ${f(r.last).padStart(6)}  ${f(r.median).padStart(20)}  ${sparkline(r.values)}`),
  ];
  if (options.metric && !rows.length) lines.push(`no values recorded for metric "${options.metric}"`);
  const last = runs[runs.length - 1]!;
  lines.push(`last run: ${last.runAt}${last.gitCommit ? ` at commit ${last.gitCommit.slice(0, 12)}` : ''}, ${last.outDir}`);
  return `${lines.join('\n')}\n`;
}
