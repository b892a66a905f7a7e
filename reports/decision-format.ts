import type { MetricComparison } from './compare-metric.js';
import { signed } from './number-format.js';

/** 0.95 → "95%", 0.9976190 → "99.76%". */
export function pct(level: number): string {
  const text = (level * 100).toFixed(2).replace(/\.?0+$/, '');
  return `${text}%`;
}

/**
 * "97.5% CI [−0.1000, +0.0200]". When every question has the same difference the inverted test
 * pins it exactly; that is said instead of printing a zero-width interval.
 */
export function ciText(m: Pick<MetricComparison, 'ci' | 'level'>): string {
  if (!m.ci) return '—';
  if (Math.abs(m.ci[1] - m.ci[0]) <= 1e-12) return `Δ ${signed(m.ci[0])} on every question`;
  return `${pct(m.level)} CI [${signed(m.ci[0])}, ${signed(m.ci[1])}]`;
}

/** An error rate: 0.05, 0.00238, 1.19e-4. */
export function formatAlpha(alpha: number): string {
  return alpha >= 0.001 ? String(Number(alpha.toPrecision(3))) : alpha.toExponential(2);
}
