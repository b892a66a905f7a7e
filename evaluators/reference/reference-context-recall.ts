import { emptyUsage } from '../../kernel/usage.js';
import type { Reference } from '../../kernel/test-item.js';
import { REASONS, type JudgeOutcome, type JudgeSample, type SampleContext, type SampleEvaluator } from '../judges/judge-types.js';
import { chunkMatchesReference } from '../ir/relevance.js';
import { scored, unscored, type Score } from '../../kernel/score.js';

/**
 * Context recall without a model: the share of the question's reference spans (or documents)
 * that at least one retrieved context matches under the relevance rule. Unlike IR recall it counts
 * reference pieces, not relevant chunks, so it does not depend on how finely the corpus was chunked.
 */
export function computeReferenceContextRecall(found: readonly boolean[]): Score {
  if (found.length === 0) return unscored(REASONS.noReferences);
  return scored(found.filter(Boolean).length / found.length);
}

export function referencesFound(contexts: readonly SampleContext[], references: readonly Reference[], minOverlap: number): boolean[] {
  const chunks = contexts.flatMap((c) =>
    c.docId !== undefined && c.start !== undefined && c.end !== undefined ? [{ id: c.id, docId: c.docId, index: 0, start: c.start, end: c.end, text: c.text }] : [],
  );
  return references.map((ref) => chunks.some((chunk) => chunkMatchesReference(chunk, ref, minOverlap)));
}

export function createReferenceContextRecallEvaluator(options: { minOverlap: number }): SampleEvaluator {
  return {
    async evaluate(sample: JudgeSample): Promise<JudgeOutcome> {
      if (sample.references.length === 0) return { score: unscored(REASONS.noReferences), usage: emptyUsage() };
      // Imported contexts are bare text: matching them would score a silent 0.
      if (sample.contexts.length > 0 && sample.contexts.every((c) => c.docId === undefined)) return { score: unscored(REASONS.contextsNotLocated), usage: emptyUsage() };
      const found = referencesFound(sample.contexts, sample.references, options.minOverlap);
      return { score: computeReferenceContextRecall(found), usage: emptyUsage(), details: { found } };
    },
  };
}
