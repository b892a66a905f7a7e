/** Cosine similarity; 0 for a zero vector (never NaN). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Greedy near-duplicate removal: candidates are visited in order and dropped when their cosine
 * similarity to an already kept vector (the `existing` ones first) reaches `threshold`.
 * Returns the indexes of the candidates to keep, in order.
 */
export function keepDistinct(existing: readonly (readonly number[])[], candidates: readonly (readonly number[])[], threshold: number): number[] {
  const kept: (readonly number[])[] = [...existing];
  const keep: number[] = [];
  candidates.forEach((vector, index) => {
    if (kept.some((other) => cosine(vector, other) >= threshold)) return;
    kept.push(vector);
    keep.push(index);
  });
  return keep;
}
