/**
 * Library entry point: evaluate a run against qrels with trec_eval's conventions.
 *
 * Queries evaluated: those in both the run and the qrels; with `completeQueries` (trec_eval -c)
 * every qrels query, a query missing from the run being evaluated as an empty ranking (so it
 * scores 0 but still reports its num_rel). Queries only in the run are ignored.
 */
import { ConfigError } from '../../kernel/errors.js';
import type { Qrels, Run } from '../trec/formats.js';
import { rankDocuments } from '../trec/ranking.js';
import { geometricMean } from './average-precision.js';
import { judgeRanking } from './judged-ranking.js';
import { MEASURES, parseMeasureSpecs, type QueryMeasureDefinition, type ResolvedMeasure } from './registry.js';

export interface EvaluateRunInput {
  readonly qrels: Qrels;
  readonly run: Run;
  /** trec_eval `-m` specs (`map`, `P.5,10`, `official`); empty means `official`. */
  readonly measures: readonly string[];
  /** Minimum grade counted as relevant (trec_eval -l); default 1. */
  readonly relLevel?: number;
  /** Keep only the first N documents per query after ordering (trec_eval -M). */
  readonly maxResults?: number;
  /** Average over every qrels query, not only those the run answered (trec_eval -c). */
  readonly completeQueries?: boolean;
}

export interface RunEvaluation {
  /** Per-query values in trec_eval's print order (query ids ascending), without `all`-only measures. */
  readonly perQuery: Map<string, Record<string, number>>;
  /**
   * trec_eval's `all` values: means for rates, sums for counts (num_ret, num_rel, num_rel_ret),
   * a geometric mean for gm_map, the query count for num_q. 0 when no query was evaluated.
   */
  readonly averages: Record<string, number>;
  readonly numQueries: number;
  /** The measures evaluated, in print order (runid included when requested; it has no number). */
  readonly measures: readonly ResolvedMeasure[];
}

interface NumericMeasure {
  readonly resolved: ResolvedMeasure;
  readonly definition: QueryMeasureDefinition;
}

export function evaluateRun(input: EvaluateRunInput): RunEvaluation {
  const relLevel = input.relLevel ?? 1;
  const maxResults = input.maxResults ?? Infinity;
  if (!Number.isFinite(relLevel)) throw new ConfigError(`relLevel (-l): expected a number, got ${relLevel}`);
  if (maxResults !== Infinity && !(Number.isInteger(maxResults) && maxResults > 0)) {
    throw new ConfigError(`maxResults (-M): expected a positive integer, got ${maxResults}`);
  }
  const measures = parseMeasureSpecs(input.measures);
  const numeric = numericMeasures(measures);
  const queryIds = evaluatedQueryIds(input.qrels, input.run, input.completeQueries ?? false);

  const perQuery = new Map<string, Record<string, number>>();
  const columns = numeric.map(() => new Float64Array(queryIds.length));
  queryIds.forEach((queryId, q) => {
    const ranking = judgeRanking({
      ranked: rankDocuments(input.run.get(queryId) ?? [], maxResults),
      judgements: input.qrels.get(queryId),
      relLevel,
    });
    const values: Record<string, number> = {};
    numeric.forEach(({ resolved, definition }, m) => {
      const value = definition.compute(ranking, resolved.cutoff ?? Infinity);
      columns[m]![q] = value;
      if (definition.reportedPerQuery) values[resolved.id] = value;
    });
    perQuery.set(queryId, values);
  });

  const averages: Record<string, number> = {};
  for (const resolved of measures) {
    if (resolved.family === 'num_q') averages[resolved.id] = queryIds.length;
  }
  numeric.forEach(({ resolved, definition }, m) => {
    averages[resolved.id] = aggregate(definition.aggregate, columns[m]!);
  });
  return { perQuery, averages, numQueries: queryIds.length, measures };
}

function numericMeasures(measures: readonly ResolvedMeasure[]): NumericMeasure[] {
  return measures.flatMap((resolved) => {
    const definition = MEASURES[resolved.family];
    return definition.kind === 'query' ? [{ resolved, definition }] : [];
  });
}

/** Query ids to evaluate, ascending in code-unit order (trec_eval sorts with strcmp). */
export function evaluatedQueryIds(qrels: Qrels, run: Run, completeQueries: boolean): string[] {
  const ids = [...qrels.keys()].filter((queryId) => completeQueries || run.has(queryId));
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function aggregate(kind: QueryMeasureDefinition['aggregate'], values: Float64Array): number {
  if (values.length === 0) return 0;
  if (kind === 'geometric-mean') return geometricMean([...values]);
  let sum = 0;
  for (const value of values) sum += value;
  return kind === 'sum' ? sum : sum / values.length;
}
