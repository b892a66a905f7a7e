import type { IrMetricId } from '../kernel/metric-ids.js';
import { averagePrecision } from './ir/average-precision.js';
import { f1At } from './ir/f1.js';
import type { JudgedRanking } from './ir/judged-ranking.js';
import { ndcg, ndcgAt } from './ir/ndcg.js';
import { precisionAt } from './ir/precision.js';
import { rPrecision } from './ir/r-precision.js';
import { recallAt } from './ir/recall.js';
import { reciprocalRank } from './ir/reciprocal-rank.js';
import { successAt } from './ir/success.js';

export interface MetricDefinition {
  /** Column label in reports; `@k` is filled in with the configuration's k. */
  label: string;
  /** The trec_eval measure name that computes it at cutoff k (F1 is ours: no trec_eval name). */
  measure: (k: number) => string;
  compute: (ranking: JudgedRanking, k: number) => number;
  needs: 'ranking-and-judgments';
  callsLlm: false;
  description: string;
}

/** Every IR metric the config may name; `satisfies` keeps it exhaustive over the enum. */
export const irMetrics = {
  precision: {
    label: 'P@k',
    measure: (k) => `P_${k}`,
    compute: (r, k) => precisionAt(r, k),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'relevant results in the top k, divided by k',
  },
  recall: {
    label: 'Recall@k',
    measure: (k) => `recall_${k}`,
    compute: (r, k) => recallAt(r, k),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'relevant results in the top k, divided by all relevant items',
  },
  f1: {
    label: 'F1@k',
    measure: (k) => `F1_${k}`,
    compute: (r, k) => f1At(r, k),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'harmonic mean of P@k and Recall@k',
  },
  hit_rate: {
    label: 'Hit@k',
    measure: (k) => `success_${k}`,
    compute: (r, k) => successAt(r, k),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: '1 when any relevant item is in the top k (trec_eval success)',
  },
  mrr: {
    label: 'MRR',
    measure: () => 'recip_rank',
    compute: (r) => reciprocalRank(r),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'reciprocal rank of the first relevant result',
  },
  map: {
    label: 'MAP',
    measure: () => 'map',
    compute: (r) => averagePrecision(r),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'average precision over the ranks of the relevant results',
  },
  ndcg: {
    label: 'nDCG@k',
    measure: (k) => `ndcg_cut_${k}`,
    compute: (r, k) => ndcgAt(r, k),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'normalised discounted cumulative gain at k, graded gains',
  },
  ndcg_full: {
    label: 'nDCG',
    measure: () => 'ndcg',
    compute: (r) => ndcg(r),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'nDCG over the whole returned ranking',
  },
  rprec: {
    label: 'R-prec',
    measure: () => 'Rprec',
    compute: (r) => rPrecision(r),
    needs: 'ranking-and-judgments',
    callsLlm: false,
    description: 'precision at rank R, R = number of relevant items',
  },
} satisfies Record<IrMetricId, MetricDefinition>;

export function metricLabel(id: IrMetricId, k: number): string {
  return irMetrics[id].label.replace('@k', `@${k}`);
}
