import { splitSentences } from '../../corpora/text.js';
import { emptyUsage } from '../../kernel/usage.js';
import { createTokenizer } from '../../corpora/tokenize.js';
import { isSpanReference } from '../../kernel/test-item.js';
import { REASONS, type JudgeOutcome, type JudgeSample, type SampleEvaluator } from '../judges/judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';

/**
 * Context recall by string overlap, no model: the claims are the sentences of the reference
 * answer (or, without one, the texts of the reference spans); a claim counts as attributed when at
 * least `threshold` of its distinct content words (stemmed, stop words removed) occur in ONE
 * retrieved context. Cheap and deterministic, blind to paraphrase: use it as a floor, not a verdict.
 */
const words = createTokenizer({ stem: true, stopWords: true });

/** Share of the claim's distinct words found in the context; null when the claim has no content words. */
export function wordCoverage(claim: string, context: string): number | null {
  const claimWords = new Set(words(claim));
  if (claimWords.size === 0) return null;
  const contextWords = new Set(words(context));
  let found = 0;
  for (const word of claimWords) if (contextWords.has(word)) found += 1;
  return found / claimWords.size;
}

export function computeStringContextRecall(claims: readonly string[], contexts: readonly string[], threshold: number): { score: Score; attributed: boolean[] } {
  const measurable = claims.filter((claim) => new Set(words(claim)).size > 0);
  if (measurable.length === 0) return { score: unscored(REASONS.noClaims), attributed: [] };
  const attributed = measurable.map((claim) => contexts.some((context) => (wordCoverage(claim, context) ?? 0) >= threshold));
  return { score: scored(attributed.filter(Boolean).length / attributed.length), attributed };
}

export function createStringContextRecallEvaluator(options: { threshold?: number } = {}): SampleEvaluator {
  const threshold = options.threshold ?? 0.5;
  return {
    async evaluate(sample: JudgeSample): Promise<JudgeOutcome> {
      const reference = sample.referenceAnswer?.trim();
      const spanTexts = sample.references.flatMap((ref) => (isSpanReference(ref) && ref.text.trim() ? [ref.text] : []));
      const claims = reference ? splitSentences(reference).map((s) => s.text) : spanTexts;
      if (claims.length === 0) return { score: unscored(reference === undefined && spanTexts.length === 0 ? REASONS.noReference : REASONS.noClaims), usage: emptyUsage() };
      if (sample.contexts.length === 0) return { score: unscored(REASONS.noContexts), usage: emptyUsage() };
      const { score, attributed } = computeStringContextRecall(claims, sample.contexts.map((c) => c.text), threshold);
      return { score, usage: emptyUsage(), details: { claimsFrom: reference ? 'reference answer' : 'reference spans', attributed } };
    },
  };
}
