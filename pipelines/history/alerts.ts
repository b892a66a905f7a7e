import type { HistoryMetric, HistoryRun } from './store.js';

export interface HistoryAlert {
  configuration: string;
  metric: string;
  mean: number;
  median: number;
  runs: number;
  message: string;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * An alert for each configuration × metric whose mean falls more than `alertMargin` below the
 * median of that metric over the last `window` earlier runs (runs where it was null are skipped;
 * with no earlier value there is nothing to compare and no alert). The median rather than the
 * mean, so one bad night in the window does not lower the bar.
 */
export function historyAlerts(options: { previous: readonly HistoryRun[]; current: readonly HistoryMetric[]; window: number; alertMargin: number }): HistoryAlert[] {
  const alerts: HistoryAlert[] = [];
  for (const m of options.current) {
    if (m.mean === null) continue;
    const earlier = options.previous
      .map((run) => run.metrics.find((x) => x.configuration === m.configuration && x.metric === m.metric)?.mean)
      .filter((v): v is number => typeof v === 'number')
      .slice(-options.window);
    if (!earlier.length) continue;
    const mid = median(earlier);
    const drop = mid - m.mean;
    // A tiny epsilon keeps a drop of exactly alertMargin (in decimal) from alerting through float error.
    if (drop > options.alertMargin + 1e-12) {
      alerts.push({
        configuration: m.configuration,
        metric: m.metric,
        mean: m.mean,
        median: mid,
        runs: earlier.length,
        message: `history alert: ${m.configuration} ${m.metric} ${m.mean.toFixed(4)} is ${drop.toFixed(4)} below the median ${mid.toFixed(4)} of the last ${earlier.length} run${earlier.length > 1 ? 's' : ''} (alertMargin ${options.alertMargin})`,
      });
    }
  }
  return alerts;
}
