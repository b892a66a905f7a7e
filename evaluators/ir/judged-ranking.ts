/**
 * One query's ranking joined with its judgements: the single input every IR measure reads.
 * Built once per query so each measure is a few array lookups.
 */
import type { ScoredDocument } from '../trec/formats.js';

export interface JudgedRanking {
  /** Documents retrieved (after any -M cut). */
  readonly numRetrieved: number;
  /** Judged documents with grade >= relLevel. */
  readonly numRelevant: number;
  /** relevantPrefix[i] = relevant documents among the first i retrieved (length numRetrieved + 1). */
  readonly relevantPrefix: Int32Array;
  /** 1-based ranks of the relevant retrieved documents, ascending. */
  readonly relevantRanks: readonly number[];
  /** nDCG gain of each retrieved document in rank order (0 when unjudged or grade <= 0). */
  readonly gains: readonly number[];
  /** Positive gains of every judged document, highest first: the ideal ranking for nDCG. */
  readonly idealGains: readonly number[];
}

export interface JudgeRankingInput {
  /** The query's documents already in evaluation order (see trec/ranking.ts). */
  readonly ranked: readonly ScoredDocument[];
  /** The query's judgements (undefined or empty when the query has none). */
  readonly judgements: ReadonlyMap<string, number> | undefined;
  /** Minimum grade that counts as relevant (trec_eval -l). */
  readonly relLevel: number;
}

export function judgeRanking({ ranked, judgements, relLevel }: JudgeRankingInput): JudgedRanking {
  const relevantPrefix = new Int32Array(ranked.length + 1);
  const relevantRanks: number[] = [];
  const gains: number[] = new Array<number>(ranked.length);
  for (let i = 0; i < ranked.length; i++) {
    const grade = judgements?.get(ranked[i]!.docId);
    const relevant = grade !== undefined && grade >= relLevel;
    if (relevant) relevantRanks.push(i + 1);
    relevantPrefix[i + 1] = relevantPrefix[i]! + (relevant ? 1 : 0);
    gains[i] = gainOf(grade);
  }
  let numRelevant = 0;
  const idealGains: number[] = [];
  for (const grade of judgements?.values() ?? []) {
    if (grade >= relLevel) numRelevant += 1;
    const gain = gainOf(grade);
    if (gain > 0) idealGains.push(gain);
  }
  idealGains.sort((a, b) => b - a);
  return { numRetrieved: ranked.length, numRelevant, relevantPrefix, relevantRanks, gains, idealGains };
}

/**
 * trec_eval's nDCG gain is the grade itself; negative grades and unjudged documents add
 * nothing (they never lower a score), and the relevance threshold does not apply to gains.
 */
function gainOf(grade: number | undefined): number {
  return grade !== undefined && grade > 0 ? grade : 0;
}

/** Relevant documents among the first k retrieved. */
export function relevantInTop(ranking: JudgedRanking, k: number): number {
  return ranking.relevantPrefix[Math.min(k, ranking.numRetrieved)]!;
}
