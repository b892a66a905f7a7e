import { irMetrics } from '../../evaluators/metric-registry.js';
import { cutoffMetricIds, scoresAtCutoffs } from '../../evaluators/cutoffs.js';
import { judgeRanking } from '../../evaluators/ir/judged-ranking.js';
import { rankingFromHits, type Judgments, type RelevanceLevel } from '../../evaluators/ir/relevance.js';
import { scored, unscored, type Score } from '../../kernel/score.js';
import { rankDocuments } from '../../evaluators/trec/ranking.js';
import type { ScoredDocument } from '../../evaluators/trec/formats.js';
import { IrMetricId, type MetricId } from '../config/schema.js';
import type { QueryRetrieval } from './retrieve.js';

export const NO_RELEVANT_REASON = 'no relevant items for this question under the relevance rule';
export const UNKNOWN_DOCUMENTS_REASON = 'the references of this question name only documents that are not in the corpus';

export interface QueryScores {
  qid: string;
  /** The judged ranking in evaluation order (chunk ids or document ids). */
  ranking: ScoredDocument[];
  scores: Record<string, Score>;
}

export interface ScoringOptions {
  judgments: Judgments;
  level: RelevanceLevel;
  k: number;
  /** Answer-level (judge) ids are skipped here: the judge stage scores them. */
  metrics: readonly MetricId[];
  relLevel: number;
  /** Questions whose every reference names a document missing from the corpus. */
  unknownOnly?: ReadonlySet<string>;
  /** `cutoffs` in the config: the rank metrics also at each of these depths (`ndcg@5`, …). */
  cutoffs?: readonly number[];
}

/**
 * IR scores of one configuration, per question. A question with no relevant item cannot be
 * scored (recall has no denominator): every metric is null with the reason, rather than the
 * 0 that trec_eval prints, so it cannot drag a mean down unnoticed.
 */
export function scoreRetrieval(options: ScoringOptions & { retrievals: readonly QueryRetrieval[] }): QueryScores[] {
  return options.retrievals.map(createScorer(options));
}

/** scoreRetrieval for one question at a time: the run scores each result as it arrives, so rankings need not be kept. */
export function createScorer(options: ScoringOptions): (retrieval: QueryRetrieval) => QueryScores {
  const cutoffIds = cutoffMetricIds(options.metrics, options.cutoffs ?? []);
  const irIds = options.metrics.flatMap((metric) => {
    const parsed = IrMetricId.safeParse(metric);
    return parsed.success ? [parsed.data] : [];
  });
  return (retrieval) => {
    const ranking = rankDocuments(rankingFromHits(retrieval.hits, options.level), options.k);
    const judgements = options.judgments.get(retrieval.qid);
    const judged = judgeRanking({ ranked: ranking, judgements, relLevel: options.relLevel });
    const scores: Record<string, Score> = {};
    const reason = options.unknownOnly?.has(retrieval.qid) ? UNKNOWN_DOCUMENTS_REASON : NO_RELEVANT_REASON;
    for (const id of irIds) {
      scores[id] = judged.numRelevant === 0 ? unscored(reason) : scored(irMetrics[id].compute(judged, options.k));
    }
    const unscoredReason = judged.numRelevant === 0 ? reason : undefined;
    Object.assign(scores, scoresAtCutoffs({ judged, ids: cutoffIds, k: options.k, ...(unscoredReason ? { unscoredReason } : {}) }));
    return { qid: retrieval.qid, ranking, scores };
  };
}
