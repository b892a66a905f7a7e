import { z } from 'zod';

/** IR metrics a run can report. The registry in evaluators/metric-registry.ts is keyed by this enum. */
export const IrMetricId = z.enum(['precision', 'recall', 'f1', 'hit_rate', 'mrr', 'map', 'ndcg', 'ndcg_full', 'rprec']);
export type IrMetricId = z.infer<typeof IrMetricId>;

/** Answer-level metrics (LLM judges and their non-LLM variants); evaluators/judge-metric-registry.ts is keyed by this enum. */
export const JudgeMetricId = z.enum([
  'faithfulness',
  'answer_relevance',
  'context_precision',
  'context_utilization',
  'context_recall',
  'reference_context_precision',
  'reference_context_recall',
  'string_context_recall',
  'answer_similarity',
]);
export type JudgeMetricId = z.infer<typeof JudgeMetricId>;

/** Every metric id `metrics:` may name. */
export const MetricId = z.enum([...IrMetricId.options, ...JudgeMetricId.options]);
export type MetricId = z.infer<typeof MetricId>;
