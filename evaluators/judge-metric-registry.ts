import type { IrMetricId, JudgeMetricId } from '../kernel/metric-ids.js';
import { irMetrics, metricLabel } from './metric-registry.js';
import { ANSWER_RELEVANCE_PROMPT, createAnswerRelevanceEvaluator, type AnswerRelevanceStrategy } from './judges/answer-relevance.js';
import { createAnswerSimilarityEvaluator } from './reference/answer-similarity.js';
import { CONTEXT_PRECISION_PROMPT, CONTEXT_UTILIZATION_PROMPT, createContextPrecisionEvaluator, createContextUtilizationEvaluator } from './judges/context-precision.js';
import { CONTEXT_RECALL_PROMPT, createContextRecallEvaluator } from './judges/context-recall.js';
import { FAITHFULNESS_STATEMENTS_PROMPT, FAITHFULNESS_VERDICTS_PROMPT, createFaithfulnessEvaluator } from './judges/faithfulness.js';
import type { JudgePrompt } from './judges/judge-prompt.js';
import type { JudgeClient, JudgeEmbeddings, SampleEvaluator } from './judges/judge-types.js';
import { createReferenceContextPrecisionEvaluator } from './reference/reference-context-precision.js';
import { createReferenceContextRecallEvaluator } from './reference/reference-context-recall.js';
import { createStringContextRecallEvaluator } from './reference/string-context-recall.js';

/** What an evaluator factory may be handed; each takes only what its `needs` say. */
export interface JudgeDependencies {
  judge?: JudgeClient;
  embeddings?: JudgeEmbeddings;
  minOverlap: number;
  answerRelevance: { questions: number; strategy: AnswerRelevanceStrategy; temperature?: number };
  stringThreshold: number;
}

export interface JudgeMetricDefinition {
  label: string;
  description: string;
  needs: {
    /** A produced answer (generated or imported). */
    answer: boolean;
    /** required: null without it; preferred: used when present, else another text (see the metric); no: not used. */
    referenceAnswer: 'required' | 'preferred' | 'no';
    /** The test item's reference spans or documents. */
    references: boolean;
    embeddings: boolean;
  };
  callsLlm: boolean;
  /** LLM requests per sample and judge repetition when every reply is valid (repairs add one each). */
  callsPerSample: number;
  /** Prompt templates, for provenance and the dry-run estimate. */
  prompts: readonly JudgePrompt<never>[];
  create(deps: JudgeDependencies): SampleEvaluator;
}

function need<T>(value: T | undefined, what: string, metric: string): T {
  if (value === undefined) throw new Error(`${metric} needs ${what}; the judge stage must pass it (checked by the runner before any call)`);
  return value;
}

/** Every answer-level metric the config may name; `satisfies` keeps it exhaustive over the enum. */
export const judgeMetrics = {
  faithfulness: {
    label: 'Faithfulness',
    description: 'share of the answer’s statements supported by the retrieved contexts (LLM judge; Ragas faithfulness)',
    needs: { answer: true, referenceAnswer: 'no', references: false, embeddings: false },
    callsLlm: true,
    callsPerSample: 2,
    prompts: [FAITHFULNESS_STATEMENTS_PROMPT, FAITHFULNESS_VERDICTS_PROMPT],
    create: (d) => createFaithfulnessEvaluator({ judge: need(d.judge, 'an LLM judge', 'faithfulness') }),
  },
  answer_relevance: {
    label: 'Answer rel.',
    description:
      'mean of max(0, cosine) between the question and questions the judge writes from the answer; 0 when most samples call the answer noncommittal (LLM judge + embeddings; Ragas answer_relevancy)',
    needs: { answer: true, referenceAnswer: 'no', references: false, embeddings: true },
    callsLlm: true,
    callsPerSample: 1,
    prompts: [ANSWER_RELEVANCE_PROMPT],
    create: (d) =>
      createAnswerRelevanceEvaluator({
        judge: need(d.judge, 'an LLM judge', 'answer_relevance'),
        embeddings: need(d.embeddings, 'embeddings', 'answer_relevance'),
        ...d.answerRelevance,
      }),
  },
  context_precision: {
    label: 'Ctx precision',
    description:
      'mean precision@i over the ranks of chunks the judge finds useful for reaching the reference answer; all K in one call (LLM judge; Ragas context precision with reference)',
    needs: { answer: false, referenceAnswer: 'required', references: false, embeddings: false },
    callsLlm: true,
    callsPerSample: 1,
    prompts: [CONTEXT_PRECISION_PROMPT],
    create: (d) => createContextPrecisionEvaluator({ judge: need(d.judge, 'an LLM judge', 'context_precision') }),
  },
  context_utilization: {
    label: 'Ctx utilization',
    description:
      'context precision judged against the generated answer instead of a reference: were the chunks the answer needed ranked high (LLM judge; Ragas context utilization)',
    needs: { answer: true, referenceAnswer: 'no', references: false, embeddings: false },
    callsLlm: true,
    callsPerSample: 1,
    prompts: [CONTEXT_UTILIZATION_PROMPT],
    create: (d) => createContextUtilizationEvaluator({ judge: need(d.judge, 'an LLM judge', 'context_utilization') }),
  },
  context_recall: {
    label: 'Ctx recall',
    description: 'share of the reference answer’s claims attributable to the retrieved contexts (LLM judge; Ragas context_recall)',
    needs: { answer: false, referenceAnswer: 'required', references: false, embeddings: false },
    callsLlm: true,
    callsPerSample: 1,
    prompts: [CONTEXT_RECALL_PROMPT],
    create: (d) => createContextRecallEvaluator({ judge: need(d.judge, 'an LLM judge', 'context_recall') }),
  },
  reference_context_precision: {
    label: 'Ref ctx precision',
    description: 'context precision with chunks useful when they match a reference span under the relevance rule (no LLM)',
    needs: { answer: false, referenceAnswer: 'no', references: true, embeddings: false },
    callsLlm: false,
    callsPerSample: 0,
    prompts: [],
    create: (d) => createReferenceContextPrecisionEvaluator({ minOverlap: d.minOverlap }),
  },
  reference_context_recall: {
    label: 'Ref ctx recall',
    description: 'share of the reference spans matched by a retrieved chunk (no LLM)',
    needs: { answer: false, referenceAnswer: 'no', references: true, embeddings: false },
    callsLlm: false,
    callsPerSample: 0,
    prompts: [],
    create: (d) => createReferenceContextRecallEvaluator({ minOverlap: d.minOverlap }),
  },
  string_context_recall: {
    label: 'String ctx recall',
    description: 'share of reference-answer sentences (else span texts) whose content words appear in one context (no LLM)',
    needs: { answer: false, referenceAnswer: 'preferred', references: false, embeddings: false },
    callsLlm: false,
    callsPerSample: 0,
    prompts: [],
    create: (d) => createStringContextRecallEvaluator({ threshold: d.stringThreshold }),
  },
  answer_similarity: {
    label: 'Answer sim.',
    description: 'max(0, cosine) between the embeddings of the answer and the reference answer (no LLM; Ragas semantic similarity)',
    needs: { answer: true, referenceAnswer: 'required', references: false, embeddings: true },
    callsLlm: false,
    callsPerSample: 0,
    prompts: [],
    create: (d) => createAnswerSimilarityEvaluator({ embeddings: need(d.embeddings, 'embeddings', 'answer_similarity') }),
  },
} satisfies Record<JudgeMetricId, JudgeMetricDefinition>;

export function isJudgeMetric(id: string): id is JudgeMetricId {
  return Object.hasOwn(judgeMetrics, id);
}

/** A column label for any metric id of `metrics:` (IR labels fill in k). */
export function anyMetricLabel(id: string, k: number): string {
  if (isJudgeMetric(id)) return judgeMetrics[id].label;
  return Object.hasOwn(irMetrics, id) ? metricLabel(id as IrMetricId, k) : id;
}

/** The legend line of any metric id. */
export function anyMetricDescription(id: string): string {
  if (isJudgeMetric(id)) return `${judgeMetrics[id].label}: ${judgeMetrics[id].description}`;
  return Object.hasOwn(irMetrics, id) ? `${irMetrics[id as IrMetricId].label}: ${irMetrics[id as IrMetricId].description}` : id;
}
