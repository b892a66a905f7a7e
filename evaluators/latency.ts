/**
 * Latency percentiles. Uses linear interpolation between closest ranks (the "type 7"
 * definition used by numpy and R by default), so p50 of [1, 2, 3, 4] is 2.5.
 */
export function percentile(sortedAscending: readonly number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const position = ((sortedAscending.length - 1) * p) / 100;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sortedAscending[lower]!;
  const high = sortedAscending[upper]!;
  return low + (high - low) * (position - lower);
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

export function summarizeLatencies(millis: readonly number[]): LatencySummary {
  const sorted = [...millis].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((sum, v) => sum + v, 0) / sorted.length : null;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean,
    max: sorted.length ? sorted[sorted.length - 1]! : null,
  };
}
