import type { TrendPoint } from '../../reports/html/charts.js';
import type { RunSummary } from '../../reports/summary-schema.js';
import { historyAlerts, key, type HistoryAlert } from './alerts.js';
import type { HistoryMetric, HistoryRun, HistoryStore } from './store.js';

export const DEFAULT_WINDOW = 7;
export const DEFAULT_ALERT_MARGIN = 0.02;
/** Runs drawn in the report's trend charts. */
export const TREND_RUNS = 30;

export function summaryMetrics(summary: RunSummary): HistoryMetric[] {
  return summary.configurations.flatMap((c) =>
    summary.metricIds.filter((id) => c.metrics[id]).map((id) => ({ configuration: c.name, metric: id, mean: c.metrics[id]!.mean, scored: c.metrics[id]!.scored, total: c.metrics[id]!.total })),
  );
}

/**
 * Records one finished run (once: resuming it replaces its row) and returns the alerts (this run against the median of the previous
 * `window`) and the trend points (previous runs plus this one) for the report.
 */
export function recordRun(options: {
  store: HistoryStore;
  configFile: string;
  summary: RunSummary;
  outDir: string;
  gitCommit: string | null;
  window?: number;
  alertMargin?: number;
  /** history.consecutive, history.alpha, history.sameInputs (reports/gates-schema.ts). */
  consecutive?: number;
  alpha?: number;
  sameInputs?: boolean;
}): { alerts: HistoryAlert[]; trend: TrendPoint[]; runId: number } {
  const { store, summary } = options;
  const window = options.window ?? DEFAULT_WINDOW;
  // This run's own earlier row (a resumed run is recorded once) is not a previous run.
  const sameRun = (r: HistoryRun) => r.outDir === options.outDir && r.runAt === summary.createdAt;
  const depth = Math.max(window + (options.consecutive ?? 1), TREND_RUNS);
  const previous = store.recent(options.configFile, depth + 1).filter((r) => !sameRun(r)).slice(-depth);
  const metrics = summaryMetrics(summary);
  const currentSd = new Map(summary.configurations.flatMap((c) => Object.entries(c.metrics).map(([id, m]) => [key(c.name, id), m.sd ?? null] as const)));
  const alerts = historyAlerts({
    previous,
    current: metrics,
    window,
    alertMargin: options.alertMargin ?? DEFAULT_ALERT_MARGIN,
    consecutive: options.consecutive,
    alpha: options.alpha,
    sameInputs: options.sameInputs,
    currentSd,
    inputs: { testSetHash: summary.provenance.testSetHash, corpusHash: summary.provenance.corpusHash },
  });
  const run: Omit<HistoryRun, 'id'> = {
    runAt: summary.createdAt,
    gitCommit: options.gitCommit,
    configFile: options.configFile,
    configHash: summary.provenance.configHash,
    corpusHash: summary.provenance.corpusHash,
    testSetHash: summary.provenance.testSetHash,
    outDir: options.outDir,
    metrics,
  };
  const runId = store.record(run);
  const trend = [...previous.slice(-(TREND_RUNS - 1)), { ...run, id: runId }].flatMap((r) =>
    r.metrics.filter((m) => m.mean !== null).map((m) => ({ runAt: r.runAt, configuration: m.configuration, metric: m.metric, mean: m.mean! })),
  );
  return { alerts, trend, runId };
}
