/**
 * The core of `rag-eval trec QRELS RUN [-m MEASURE]... [-q] [-c] [-M N] [-l LEVEL]`:
 * evaluates a run file and prints it exactly as trec_eval 10.0 does, for the measures
 * rag-eval supports (see evaluators/ir/registry.ts).
 */
import { evaluateRun, type RunEvaluation } from './ir/evaluate-run.js';
import { MEASURES, type ResolvedMeasure } from './ir/registry.js';
import { readQrelsFileSync, readRunFileSync } from './trec/formats.js';

export interface TrecEvalOptions {
  readonly qrelsPath: string;
  readonly runPath: string;
  /** `-m` specs; empty means `official`. */
  readonly measures: readonly string[];
  /** -q: print each query's values before `all`. */
  readonly perQuery: boolean;
  /** -c: average over every qrels query. */
  readonly complete: boolean;
  /** -M: keep the first N documents per query. */
  readonly maxResults?: number;
  /** -l: minimum relevant grade (default 1). */
  readonly relLevel?: number;
}

/** Reads both files, evaluates, and returns trec_eval's output text (newline-terminated lines). */
export function runTrecEval(options: TrecEvalOptions): string {
  const qrels = readQrelsFileSync(options.qrelsPath);
  const { runId, run } = readRunFileSync(options.runPath);
  const evaluation = evaluateRun({
    qrels,
    run,
    measures: options.measures,
    completeQueries: options.complete,
    ...(options.maxResults === undefined ? {} : { maxResults: options.maxResults }),
    ...(options.relLevel === undefined ? {} : { relLevel: options.relLevel }),
  });
  return formatTrecEval({ evaluation, runId, perQuery: options.perQuery });
}

export function formatTrecEval({ evaluation, runId, perQuery }: { evaluation: RunEvaluation; runId: string; perQuery: boolean }): string {
  const lines: string[] = [];
  if (perQuery) {
    for (const [queryId, values] of evaluation.perQuery) {
      for (const measure of evaluation.measures) {
        const value = values[measure.id];
        if (value !== undefined) lines.push(trecLine(measure.id, queryId, formatValue(measure, value)));
      }
    }
  }
  for (const measure of evaluation.measures) {
    const text = measure.family === 'runid' ? runId : formatValue(measure, evaluation.averages[measure.id] ?? 0);
    lines.push(trecLine(measure.id, 'all', text));
  }
  return lines.map((line) => `${line}\n`).join('');
}

function trecLine(measureId: string, queryId: string, value: string): string {
  return `${measureId.padEnd(22)}\t${queryId}\t${value}`;
}

function formatValue(measure: ResolvedMeasure, value: number): string {
  const definition = MEASURES[measure.family];
  const isCount = definition.kind === 'query-count' || (definition.kind === 'query' && definition.format === 'integer');
  return isCount ? String(Math.round(value)) : formatFourDecimals(value);
}

/**
 * printf("%6.4f") rounding. toFixed already rounds the exact binary value to the nearest
 * 4-decimal string; the only disagreement is an exact tie, where C rounds half to even and
 * toFixed rounds up. A double sits exactly halfway between two 4-decimal values only when it is
 * an odd multiple of 1/32 (x = (2n+1)/20000 must be a dyadic rational), which is cheap to detect.
 */
export function formatFourDecimals(value: number): string {
  const thirtySeconds = value * 32; // exact: scaling by a power of two
  if (Number.isInteger(thirtySeconds) && thirtySeconds % 2 !== 0) {
    const tenThousandths = value * 10_000; // exactly n + 0.5
    const down = Math.floor(tenThousandths);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 10_000).toFixed(4);
  }
  return value.toFixed(4);
}
