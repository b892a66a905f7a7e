/**
 * Agreement between a judge and human labels on a binary question (supported / useful / relevant).
 * Pure functions; every ratio whose denominator is zero is null, never NaN.
 */
export interface Confusion {
  /** judge yes, human yes */
  tp: number;
  /** judge yes, human no */
  fp: number;
  /** judge no, human yes */
  fn: number;
  /** judge no, human no */
  tn: number;
}

export interface Agreement extends Confusion {
  n: number;
  accuracy: number | null;
  /** Cohen's kappa: (po − pe) / (1 − pe); null when pe = 1 (both always said the same single class). */
  kappa: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export function confusion(pairs: readonly { judge: boolean; human: boolean }[]): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { judge, human } of pairs) {
    if (judge && human) c.tp += 1;
    else if (judge) c.fp += 1;
    else if (human) c.fn += 1;
    else c.tn += 1;
  }
  return c;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function cohensKappa(c: Confusion): number | null {
  const n = c.tp + c.fp + c.fn + c.tn;
  if (n === 0) return null;
  const po = (c.tp + c.tn) / n;
  // Chance agreement from each rater's own yes/no rates.
  const pe = ((c.tp + c.fp) * (c.tp + c.fn) + (c.fn + c.tn) * (c.fp + c.tn)) / (n * n);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}

export function agreement(pairs: readonly { judge: boolean; human: boolean }[]): Agreement {
  const c = confusion(pairs);
  const n = pairs.length;
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  // 2TP / (2TP + FP + FN): the harmonic mean of precision and recall, also defined when one of them is not.
  const f1 = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
  return { ...c, n, accuracy: ratio(c.tp + c.tn, n), kappa: cohensKappa(c), precision, recall, f1 };
}
