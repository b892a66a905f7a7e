/**
 * The IR measures rag-eval computes, keyed by trec_eval's names, and the parser for trec_eval
 * `-m` specs (`P.5,10`, `ndcg_cut.10`, `map`, `official`).
 */
import { ConfigError } from '../../kernel/errors.js';
import { averagePrecision } from './average-precision.js';
import { numRelevant, numRelevantRetrieved, numRetrieved } from './counts.js';
import { f1At } from './f1.js';
import type { JudgedRanking } from './judged-ranking.js';
import { ndcg, ndcgAt } from './ndcg.js';
import { precisionAt } from './precision.js';
import { rPrecision } from './r-precision.js';
import { recallAt } from './recall.js';
import { reciprocalRank } from './reciprocal-rank.js';
import { successAt } from './success.js';

/** Supported measure families, in the order trec_eval prints them (F1 is ours, so last). */
export const MEASURE_FAMILIES = [
  'runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'recip_rank',
  'P', 'recall', 'ndcg', 'ndcg_cut', 'success', 'F1',
] as const;
export type MeasureFamily = (typeof MEASURE_FAMILIES)[number];

/** A measure computed per query and then aggregated over queries. */
export interface QueryMeasureDefinition {
  readonly kind: 'query';
  readonly description: string;
  /** How trec_eval prints the value: counts as integers, everything else with 4 decimals. */
  readonly format: 'integer' | 'decimal';
  /** How the `all` value is formed from per-query values. */
  readonly aggregate: 'sum' | 'mean' | 'geometric-mean';
  /** false for measures trec_eval prints only in the `all` block (gm_map). */
  readonly reportedPerQuery: boolean;
  /** Default cutoffs; present exactly when the measure takes a cutoff parameter. */
  readonly defaultCutoffs?: readonly number[];
  /** `cutoff` is the parsed parameter; Infinity for measures without one. */
  readonly compute: (ranking: JudgedRanking, cutoff: number) => number;
}

/** A property of the whole run rather than of a query. */
export interface RunMeasureDefinition {
  readonly kind: 'query-count' | 'run-id';
  readonly description: string;
}

export type MeasureDefinition = QueryMeasureDefinition | RunMeasureDefinition;

const TREC_CUTOFFS = [5, 10, 15, 20, 30, 100, 200, 500, 1000] as const;

function count(description: string, compute: (ranking: JudgedRanking) => number): QueryMeasureDefinition {
  return { kind: 'query', description, format: 'integer', aggregate: 'sum', reportedPerQuery: true, compute };
}

function mean(description: string, compute: QueryMeasureDefinition['compute'], defaultCutoffs?: readonly number[]): QueryMeasureDefinition {
  return { kind: 'query', description, format: 'decimal', aggregate: 'mean', reportedPerQuery: true, compute, ...(defaultCutoffs ? { defaultCutoffs } : {}) };
}

export const MEASURES = {
  runid: { kind: 'run-id', description: 'run id (from the first line of the run file)' },
  num_q: { kind: 'query-count', description: 'number of queries averaged over' },
  num_ret: count('documents retrieved', numRetrieved),
  num_rel: count('relevant documents judged', numRelevant),
  num_rel_ret: count('relevant documents retrieved', numRelevantRetrieved),
  map: mean('mean average precision', averagePrecision),
  gm_map: {
    kind: 'query', description: 'geometric mean of average precision', format: 'decimal',
    aggregate: 'geometric-mean', reportedPerQuery: false, compute: averagePrecision,
  },
  Rprec: mean('precision after R documents, R = relevant documents', rPrecision),
  recip_rank: mean('reciprocal rank of the first relevant document', reciprocalRank),
  P: mean('precision at k', precisionAt, TREC_CUTOFFS),
  recall: mean('recall at k', recallAt, TREC_CUTOFFS),
  ndcg: mean('nDCG over the full ranking (gain = grade)', ndcg),
  ndcg_cut: mean('nDCG at k', ndcgAt, TREC_CUTOFFS),
  success: mean('hit rate at k (a relevant document in the top k)', successAt, [1, 5, 10]),
  F1: mean('F1 at k: harmonic mean of P at k and recall at k (not in trec_eval)', f1At, TREC_CUTOFFS),
} as const satisfies Record<MeasureFamily, MeasureDefinition>;

/** trec_eval's default set (no -m), minus the measures rag-eval does not compute (bpref, iprec_at_recall). */
export const OFFICIAL_MEASURES: readonly MeasureFamily[] = [
  'runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'recip_rank', 'P',
];

/** One printed measure, e.g. `{ id: 'P_5', family: 'P', cutoff: 5 }` or `{ id: 'map', family: 'map' }`. */
export interface ResolvedMeasure {
  readonly id: string;
  readonly family: MeasureFamily;
  readonly cutoff?: number;
}

export function isMeasureFamily(name: string): name is MeasureFamily {
  return (MEASURE_FAMILIES as readonly string[]).includes(name);
}

/**
 * Resolves `-m` specs into the measures to print, deduplicated and in trec_eval's order
 * (families in table order, cutoffs ascending). An empty list means `official`.
 */
export function parseMeasureSpecs(specs: readonly string[]): ResolvedMeasure[] {
  const cutoffsByFamily = new Map<MeasureFamily, Set<number>>();
  const add = (family: MeasureFamily, cutoffs: readonly number[]): void => {
    const set = cutoffsByFamily.get(family) ?? new Set<number>();
    for (const cutoff of cutoffs) set.add(cutoff);
    cutoffsByFamily.set(family, set);
  };
  for (const spec of specs.length === 0 ? ['official'] : specs) {
    const dot = spec.indexOf('.');
    const name = dot === -1 ? spec : spec.slice(0, dot);
    const params = dot === -1 ? undefined : spec.slice(dot + 1);
    if (name === 'official' && params === undefined) {
      for (const family of OFFICIAL_MEASURES) add(family, defaultCutoffsOf(family));
      continue;
    }
    if (!isMeasureFamily(name)) {
      throw new ConfigError(`-m ${spec}: unsupported measure "${name}"; supported: ${[...MEASURE_FAMILIES, 'official'].join(', ')}`);
    }
    add(name, params === undefined ? defaultCutoffsOf(name) : parseCutoffs(spec, name, params));
  }
  return MEASURE_FAMILIES.flatMap((family): ResolvedMeasure[] => {
    const cutoffs = cutoffsByFamily.get(family);
    if (cutoffs === undefined) return [];
    if (cutoffs.size === 0) return [{ id: family, family }];
    return [...cutoffs].sort((a, b) => a - b).map((cutoff) => ({ id: `${family}_${cutoff}`, family, cutoff }));
  });
}

/** The measure a printed id names (`P_5`, `ndcg_cut_10`, `map`), or undefined when unsupported. */
export function parseMeasureId(id: string): ResolvedMeasure | undefined {
  if (isMeasureFamily(id) && defaultCutoffsOf(id).length === 0) return { id, family: id };
  const match = /^(.+)_([1-9]\d*)$/.exec(id);
  if (match === null) return undefined;
  const [, family = '', cutoffText = ''] = match;
  if (!isMeasureFamily(family) || defaultCutoffsOf(family).length === 0) return undefined;
  return { id, family, cutoff: Number(cutoffText) };
}

function defaultCutoffsOf(family: MeasureFamily): readonly number[] {
  const definition: MeasureDefinition = MEASURES[family];
  return definition.kind === 'query' ? (definition.defaultCutoffs ?? []) : [];
}

function parseCutoffs(spec: string, family: MeasureFamily, params: string): number[] {
  if (defaultCutoffsOf(family).length === 0) {
    throw new ConfigError(`-m ${spec}: measure "${family}" takes no parameters`);
  }
  return params.split(',').map((text) => {
    if (!/^[1-9]\d*$/.test(text)) {
      throw new ConfigError(`-m ${spec}: expected cutoffs as comma-separated positive integers (e.g. ${family}.5,10), found "${text}"`);
    }
    return Number(text);
  });
}
