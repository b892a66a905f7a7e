import { emptyUsage } from '../../kernel/usage.js';
import type { Reference } from '../../kernel/test-item.js';
import { computeContextPrecision } from '../judges/context-precision.js';
import { REASONS, type JudgeOutcome, type JudgeSample, type SampleContext, type SampleEvaluator } from '../judges/judge-types.js';
import { chunkMatchesReference } from '../ir/relevance.js';
import { unscored } from '../../kernel/score.js';

/**
 * Context precision without a model: a retrieved chunk is useful when it matches one of the
 * question's reference spans (or documents) under the run's relevance rule (evaluators/ir/relevance.ts);
 * the score is the same mean of precision@i over useful ranks as the LLM metric, so the two are
 * directly comparable and the reference variant works offline.
 */
export function usefulByReferences(contexts: readonly SampleContext[], references: readonly Reference[], minOverlap: number): boolean[] {
  return contexts.map((context) => {
    if (context.docId === undefined || context.start === undefined || context.end === undefined) return false;
    const chunk = { id: context.id, docId: context.docId, index: 0, start: context.start, end: context.end, text: context.text };
    return references.some((ref) => chunkMatchesReference(chunk, ref, minOverlap));
  });
}

export function createReferenceContextPrecisionEvaluator(options: { minOverlap: number }): SampleEvaluator {
  return {
    async evaluate(sample: JudgeSample): Promise<JudgeOutcome> {
      if (sample.references.length === 0) return { score: unscored(REASONS.noReferences), usage: emptyUsage() };
      if (sample.contexts.length === 0) return { score: unscored(REASONS.noContexts), usage: emptyUsage() };
      // Imported contexts are bare text: matching them would score a silent 0.
      if (sample.contexts.length > 0 && sample.contexts.every((c) => c.docId === undefined)) return { score: unscored(REASONS.contextsNotLocated), usage: emptyUsage() };
      const useful = usefulByReferences(sample.contexts, sample.references, options.minOverlap);
      return { score: computeContextPrecision(useful), usage: emptyUsage(), details: { useful } };
    },
  };
}
