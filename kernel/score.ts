/** A per-item score: a number in [0, 1], or null with the reason it could not be measured. Never NaN. */
export type Score = { value: number; reason?: undefined } | { value: null; reason: string };

/** Floating-point noise tolerated at the bounds (a cosine of 1.0000000000000002 is 1). */
const BOUND_TOLERANCE = 1e-9;

/**
 * The one place every metric score is created: IR metrics, LLM judges and their non-LLM variants.
 * Every metric rag-eval reports lies in [0, 1]; rounding noise at a bound is snapped to it, and
 * anything else outside the range is a defect in the metric's maths, so it throws instead of
 * reaching a mean. Metrics whose raw value can leave the range (a cosine can be negative) define
 * their floor themselves, in their compute function, and document it.
 */
export function scored(value: number): Score {
  if (!Number.isFinite(value)) throw new RangeError(`a score must be a finite number, got ${value}`);
  if (value < -BOUND_TOLERANCE || value > 1 + BOUND_TOLERANCE) throw new RangeError(`a score must lie in [0, 1], got ${value}`);
  return { value: Math.min(1, Math.max(0, value)) };
}

export function unscored(reason: string): Score {
  return { value: null, reason };
}

export interface Aggregate {
  /** Mean over the scored items; null when none was scored. */
  mean: number | null;
  scored: number;
  total: number;
  /** Distinct null reasons with how often each occurred. */
  nullReasons: Record<string, number>;
}

/** Skips nulls and reports coverage (scored / total) beside the mean. */
export function aggregate(scores: readonly Score[]): Aggregate {
  let sum = 0;
  let count = 0;
  const nullReasons: Record<string, number> = {};
  for (const score of scores) {
    if (score.value === null) nullReasons[score.reason] = (nullReasons[score.reason] ?? 0) + 1;
    else {
      sum += score.value;
      count++;
    }
  }
  return { mean: count ? sum / count : null, scored: count, total: scores.length, nullReasons };
}
