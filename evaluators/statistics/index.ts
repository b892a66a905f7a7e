export { createRng, deriveSeed, randomIndex, type Rng } from '../../kernel/prng.js';
export { bootstrapMeanCi, DEFAULT_RESAMPLES, type BootstrapOptions, type MeanInterval } from './bootstrap.js';
export { differences, pairScores, pairedBootstrapCi, type PairedValues } from './paired.js';
export { DEFAULT_PERMUTATIONS, signFlipTest, type PermutationOptions, type PermutationResult } from './permutation.js';
