/** Word sampler with P(rank r) ∝ 1/r, like natural text, via inverse CDF over the ranks. */
export function zipfSampler(random: () => number, size: number): () => string {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cdf[r] = total += 1 / (r + 1);
  return () => {
    const target = random() * total;
    let lo = 0, hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return `w${lo.toString(36)}`;
  };
}
