/**
 * A small seeded pseudo-random generator, so every bootstrap interval and permutation p-value
 * is reproducible from the run's seed. Math.random cannot be seeded.
 *
 * Algorithm: mulberry32 (a 32-bit state advanced by a Weyl increment, then mixed). Its period is
 * 2^32, ample for resampling (a run draws a few million numbers); it is not for cryptography.
 */
export type Rng = () => number;

/** Returns a generator of floats in [0, 1) fully determined by `seed` (any integer; taken mod 2^32). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomIndex(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * A seed for one sub-computation (e.g. configuration × metric), derived from the run seed and
 * labels with 32-bit FNV-1a, so a metric's interval does not change when another metric or
 * configuration is added or reordered.
 */
export function deriveSeed(seed: number, ...labels: readonly string[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of labels.join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
