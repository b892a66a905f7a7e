/**
 * Family-wise error control for decisions over metrics × configurations: Bonferroni. Each of the
 * m comparisons in the family is tested, and its interval built, at α/m, so that the chance of
 * any false "regressed" or "improved" in the whole family is at most α, whatever the correlation
 * between metrics. Bonferroni rather than Holm's step-down: every comparison then has one level,
 * and its printed interval excludes 0 exactly when it is called significant.
 */
export interface Family {
  method: 'bonferroni';
  /** Family-wise error rate. */
  alpha: number;
  size: number;
  /** The level each comparison in the family is tested at: alpha / size. */
  perComparisonAlpha: number;
}

export function bonferroniFamily(alpha: number, size: number): Family {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  const m = Math.max(1, size);
  return { method: 'bonferroni', alpha, size: m, perComparisonAlpha: alpha / m };
}
