/** A per-item score: a number, or null with the reason it could not be measured. Never NaN. */
export type Score = { value: number; reason?: undefined } | { value: null; reason: string };

export function scored(value: number): Score {
  if (!Number.isFinite(value)) throw new RangeError(`a score must be a finite number, got ${value}`);
  return { value };
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
