import pLimit from 'p-limit';
import { judgeMetrics, type JudgeDependencies } from '../../../evaluators/judge-metric-registry.js';
import type { JudgeOutcome, JudgeSample } from '../../../evaluators/judges/judge-types.js';
import { scored, unscored, type Score } from '../../../kernel/score.js';
import type { JudgeMetricId } from '../../config/schema.js';
import type { Usage } from '../../../kernel/llm-types.js';
import { addUsage, emptyUsage } from '../../../kernel/usage.js';

/**
 * The judge stage: every answer-level metric on every sample of one configuration. LLM metrics
 * run `judgeSamples` times with seeds base, base+1, …; the question's score is the mean of the
 * repetitions that could be scored, and the spread (max − min) shows how noisy the judge is.
 */

export interface JudgmentRecord {
  configuration: string;
  qid: string;
  metric: JudgeMetricId;
  score: Score;
  /** One entry per repetition (one unless --judge-samples > 1). */
  samples: { seed: number | null; score: Score; details?: Record<string, unknown> }[];
  /** max − min over the scored repetitions; null with fewer than two. */
  spread: number | null;
  usage: Usage;
}

export interface JudgeNoise {
  samples: number;
  /** Questions with at least two scored repetitions. */
  questions: number;
  meanSpread: number | null;
  maxSpread: number | null;
}

export interface JudgeStageResult {
  /** qid → metric → score, merged into the per-question `scores` record. */
  scores: Map<string, Record<string, Score>>;
  records: JudgmentRecord[];
  usageByMetric: Partial<Record<JudgeMetricId, Usage>>;
  noise: Partial<Record<JudgeMetricId, JudgeNoise>>;
}

/** Mean of the scored repetitions; null (first reason) when none was scored. */
export function combineRepetitions(scores: readonly Score[]): { score: Score; spread: number | null } {
  const values = scores.flatMap((s) => (s.value === null ? [] : [s.value]));
  if (values.length === 0) return { score: scores[0] ?? unscored('not judged'), spread: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { score: scored(mean), spread: values.length >= 2 ? Math.max(...values) - Math.min(...values) : null };
}

export async function judgeSamples(options: {
  configuration: string;
  samples: readonly JudgeSample[];
  metrics: readonly JudgeMetricId[];
  deps: JudgeDependencies;
  /** Repetitions of each LLM judgment. */
  repetitions: number;
  baseSeed: number;
  /** Samples judged at once; HTTP concurrency is the LLM client's own. */
  concurrency?: number;
  onSample?: () => void;
  /** Judgments already logged by an interrupted attempt, keyed `qid \0 metric`: kept, not redone. */
  done?: ReadonlyMap<string, JudgmentRecord>;
  /** Each new judgment as it is made (the stage log). */
  onRecord?: (record: JudgmentRecord) => void;
  /** Once true, samples not yet started are skipped (their records are absent). */
  shouldStop?: () => boolean;
}): Promise<JudgeStageResult> {
  const evaluators = options.metrics.map((id) => ({ id, definition: judgeMetrics[id], evaluator: judgeMetrics[id].create(options.deps) }));
  const limit = pLimit(options.concurrency ?? 16);
  const perSample = await Promise.all(
    options.samples.map((sample) =>
      limit(async () => {
        const logged = evaluators.map(({ id }) => options.done?.get(`${sample.qid}\u0000${id}`));
        if (logged.every((r) => r !== undefined)) {
          options.onSample?.();
          return logged.filter((r): r is JudgmentRecord => r !== undefined);
        }
        if (options.shouldStop?.()) return [];
        const records = await Promise.all(
          evaluators.map(async ({ id, definition, evaluator }): Promise<JudgmentRecord> => {
            const previous = options.done?.get(`${sample.qid}\u0000${id}`);
            if (previous) return previous;
            const runs = definition.callsLlm ? options.repetitions : 1;
            const outcomes: { seed: number | null; outcome: JudgeOutcome }[] = [];
            for (let i = 0; i < runs; i++) {
              // One repetition uses the llm config's seed; several use base, base+1, … so each is a distinct sample (and cache entry).
              const seed = runs > 1 ? options.baseSeed + i : null;
              outcomes.push({ seed, outcome: await evaluator.evaluate(sample, seed === null ? {} : { seed }) });
            }
            const { score, spread } = combineRepetitions(outcomes.map((o) => o.outcome.score));
            const record: JudgmentRecord = {
              configuration: options.configuration,
              qid: sample.qid,
              metric: id,
              score,
              samples: outcomes.map(({ seed, outcome }) => ({ seed, score: outcome.score, ...(outcome.details ? { details: outcome.details } : {}) })),
              spread,
              usage: outcomes.reduce((sum, o) => addUsage(sum, o.outcome.usage), emptyUsage()),
            };
            options.onRecord?.(record);
            return record;
          }),
        );
        options.onSample?.();
        return records;
      }),
    ),
  );
  const records = perSample.flat();
  const scores = new Map<string, Record<string, Score>>();
  const usageByMetric: JudgeStageResult['usageByMetric'] = {};
  const spreads = new Map<JudgeMetricId, number[]>();
  for (const record of records) {
    const row = scores.get(record.qid) ?? {};
    row[record.metric] = record.score;
    scores.set(record.qid, row);
    if (judgeMetrics[record.metric].callsLlm) usageByMetric[record.metric] = addUsage(usageByMetric[record.metric] ?? emptyUsage(), record.usage);
    if (record.spread !== null) spreads.set(record.metric, [...(spreads.get(record.metric) ?? []), record.spread]);
  }
  const noise: JudgeStageResult['noise'] = {};
  if (options.repetitions > 1) {
    for (const { id, definition } of evaluators) {
      if (!definition.callsLlm) continue;
      const values = spreads.get(id) ?? [];
      noise[id] = {
        samples: options.repetitions,
        questions: values.length,
        meanSpread: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
        maxSpread: values.length ? Math.max(...values) : null,
      };
    }
  }
  return { scores, records, usageByMetric, noise };
}
