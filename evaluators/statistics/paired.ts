import { bootstrapMeanCi, type BootstrapOptions, type MeanInterval } from './bootstrap.js';

export interface PairedValues {
  /** Questions present in both runs with a number on both sides, in input order. */
  qids: string[];
  baseline: number[];
  candidate: number[];
  /** Shared questions dropped because either side was null (not measured). */
  droppedNull: number;
  onlyBaseline: number;
  onlyCandidate: number;
}

/**
 * Pairs per-question scores by question id. A pair where either side is null is dropped and
 * counted: a difference needs a measurement on both sides.
 */
export function pairScores(baseline: ReadonlyMap<string, number | null>, candidate: ReadonlyMap<string, number | null>): PairedValues {
  const out: PairedValues = { qids: [], baseline: [], candidate: [], droppedNull: 0, onlyBaseline: 0, onlyCandidate: 0 };
  for (const [qid, a] of baseline) {
    if (!candidate.has(qid)) {
      out.onlyBaseline++;
      continue;
    }
    const b = candidate.get(qid) ?? null;
    if (a === null || b === null) {
      out.droppedNull++;
      continue;
    }
    out.qids.push(qid);
    out.baseline.push(a);
    out.candidate.push(b);
  }
  for (const qid of candidate.keys()) if (!baseline.has(qid)) out.onlyCandidate++;
  return out;
}

/** Candidate − baseline, per pair. */
export function differences(pairs: Pick<PairedValues, 'baseline' | 'candidate'>): number[] {
  return pairs.candidate.map((b, i) => b - pairs.baseline[i]!);
}

/**
 * Paired bootstrap CI of the mean difference (candidate − baseline): questions are resampled as
 * pairs, which is the same as the percentile bootstrap of the per-question differences.
 */
export function pairedBootstrapCi(pairs: Pick<PairedValues, 'baseline' | 'candidate'>, options: BootstrapOptions): MeanInterval | null {
  return bootstrapMeanCi(differences(pairs), options);
}
