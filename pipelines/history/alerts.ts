import { normalQuantile, studentTQuantile } from '../../evaluators/statistics/distributions.js';
import type { HistoryMetric, HistoryRun } from './store.js';

export interface HistoryAlert {
  configuration: string;
  metric: string;
  mean: number;
  median: number;
  runs: number;
  /** The drop that was needed to alert: max(alertMargin, the noise margin). */
  threshold: number;
  message: string;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface AlertOptions {
  previous: readonly HistoryRun[];
  current: readonly HistoryMetric[];
  window: number;
  alertMargin: number;
  /** Runs in a row (this one included) that must each be below their own threshold; default 1. */
  consecutive?: number;
  /** False-alarm rate per night over all configurations × metrics; default 0.05. */
  alpha?: number;
  /** The current run's per-question standard deviation of each metric ("configuration\u0000metric" → sd), used while the history is short. */
  currentSd?: ReadonlyMap<string, number | null>;
  /** The current run's inputs: earlier runs on other inputs are named in the alert, or skipped with sameInputs. */
  inputs?: { testSetHash: string; corpusHash: string };
  /** Compare only with runs on the same test set and corpus. */
  sameInputs?: boolean;
}

/** Fewest earlier nights from which their own spread is trusted as the noise estimate. */
const MIN_RUNS_FOR_SPREAD = 2;

export const key = (configuration: string, metric: string) => `${configuration}\u0000${metric}`;

/**
 * An alert for each configuration × metric whose mean falls below the median of its last
 * `window` earlier values by more than max(alertMargin, noise margin):
 *
 * - with ≥ 2 earlier values, noise margin = t(1 − α/F, w − 1) · s · √(1 + π/(2w)), where s is the
 *   standard deviation of those nightly means (whatever makes nights differ: judge noise, a
 *   regenerated test set), F the number of configuration × metric series (so the chance of any
 *   false alarm on a night is about α), and √(1 + π/(2w)) the extra spread of a median of w;
 * - with fewer, the current run's own standard error √2 · z(1 − α/F) · sd/√n when known, else alertMargin.
 *
 * The median rather than the mean, so one bad night in the window does not lower the bar. With
 * `consecutive: N` the N − 1 runs before this one must each have been below their own threshold too.
 */
export function historyAlerts(options: AlertOptions): HistoryAlert[] {
  const alpha = options.alpha ?? 0.05;
  const consecutive = options.consecutive ?? 1;
  const series = options.current.filter((m) => m.mean !== null).length;
  const tail = alpha / Math.max(1, series);
  const runs = options.sameInputs && options.inputs ? options.previous.filter((r) => sameInputs(r, options.inputs!)) : options.previous;
  const alerts: HistoryAlert[] = [];
  for (const m of options.current) {
    if (m.mean === null) continue;
    const values = runs.map((run) => run.metrics.find((x) => x.configuration === m.configuration && x.metric === m.metric)?.mean ?? null);
    const nights = [...values, m.mean];
    const sd = options.currentSd?.get(key(m.configuration, m.metric)) ?? null;
    // With consecutive: N, every night of the streak is measured against the window before the streak,
    // so a first bad night does not widen the bar for the next ones.
    const start = nights.length - consecutive;
    const reference = start > 0 ? nights.slice(0, start).filter((v): v is number => v !== null).slice(-options.window) : [];
    const ownSe = sd !== null && m.scored > 0 ? sd / Math.sqrt(m.scored) : null;
    const now = belowThreshold(m.mean, reference, options, tail, ownSe);
    if (!now?.below) continue;
    let streak = 1;
    for (let i = nights.length - 2; i >= start; i--) {
      const night = nights[i];
      if (night === null || night === undefined || !belowThreshold(night, reference, options, tail, null)?.below) break;
      streak++;
    }
    if (streak < consecutive) continue;
    const window = runs.slice(-options.window);
    const changed = options.inputs ? inputChanges(window, options.inputs) : '';
    const nightsText = consecutive > 1 ? ` for ${consecutive} runs in a row` : '';
    alerts.push({
      configuration: m.configuration,
      metric: m.metric,
      mean: m.mean,
      median: now.median,
      runs: now.runs,
      threshold: now.threshold,
      message:
        `history alert: ${m.configuration} ${m.metric} ${m.mean.toFixed(4)} is ${(now.median - m.mean).toFixed(4)} below the median ${now.median.toFixed(4)} ` +
        `of the ${now.runs} run${now.runs > 1 ? 's' : ''} before${nightsText} (threshold ${now.threshold.toFixed(4)}: ${now.basis})${changed}`,
    });
  }
  return alerts;
}

interface Check {
  below: boolean;
  median: number;
  runs: number;
  threshold: number;
  basis: string;
}

function belowThreshold(value: number, earlier: readonly number[], options: AlertOptions, tail: number, ownSe: number | null): Check | null {
  if (!earlier.length) return null;
  const mid = median(earlier);
  const w = earlier.length;
  let noise = 0;
  let basis = `alertMargin ${options.alertMargin}`;
  if (w >= MIN_RUNS_FOR_SPREAD) {
    const mean = earlier.reduce((a, b) => a + b, 0) / w;
    const s = Math.sqrt(earlier.reduce((a, b) => a + (b - mean) ** 2, 0) / (w - 1));
    noise = studentTQuantile(1 - tail, w - 1) * s * Math.sqrt(1 + Math.PI / (2 * w));
    if (noise > options.alertMargin) basis = `noise of the last ${w} runs, sd ${s.toFixed(4)}`;
  } else if (ownSe !== null) {
    noise = Math.SQRT2 * normalQuantile(1 - tail) * ownSe;
    if (noise > options.alertMargin) basis = `standard error of this run's mean ${ownSe.toFixed(4)}`;
  }
  const threshold = Math.max(options.alertMargin, noise);
  // A tiny epsilon keeps a drop of exactly the threshold (in decimal) from alerting through float error.
  return { below: mid - value > threshold + 1e-12, median: mid, runs: w, threshold, basis };
}

function sameInputs(run: HistoryRun, inputs: { testSetHash: string; corpusHash: string }): boolean {
  return run.testSetHash === inputs.testSetHash && run.corpusHash === inputs.corpusHash;
}

function inputChanges(window: readonly HistoryRun[], inputs: { testSetHash: string; corpusHash: string }): string {
  const parts: string[] = [];
  if (window.some((r) => r.testSetHash !== inputs.testSetHash)) parts.push('test set');
  if (window.some((r) => r.corpusHash !== inputs.corpusHash)) parts.push('corpus');
  return parts.length ? `; note: the ${parts.join(' and ')} changed within these runs` : '';
}
