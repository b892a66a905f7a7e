/** Cosine similarity of two vectors; null when either has zero length (no direction to compare). */
export function cosine(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError(`cosine: vectors of different dimensions (${a.length} and ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return null;
  return dot / Math.sqrt(na * nb);
}
