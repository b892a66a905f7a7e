/**
 * mulberry32 (see evaluators/statistics/prng.ts): one seeded generator for the whole project, so
 * sampling here and resampling there follow the same documented algorithm.
 */
export { createRng as mulberry32 } from '../kernel/prng.js';

/** Fisher-Yates shuffle of a copy, driven by `random` (values in [0, 1)). */
export function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}
