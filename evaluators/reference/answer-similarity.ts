import { emptyUsage } from '../../kernel/usage.js';
import { cosine } from '../judges/cosine.js';
import { REASONS, type JudgeEmbeddings, type JudgeOutcome, type JudgeSample, type SampleEvaluator, noAnswerReason } from '../judges/judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';

/**
 * Answer similarity: cosine between the embeddings of the answer and of the reference answer,
 * floored at 0 (a negative cosine means unrelated, and every score lies in [0, 1]). No LLM.
 */
export function computeAnswerSimilarity(answerVector: readonly number[], referenceVector: readonly number[]): Score {
  const similarity = cosine(answerVector, referenceVector);
  return similarity === null ? unscored(REASONS.zeroVector) : scored(Math.max(0, similarity));
}

export function createAnswerSimilarityEvaluator(options: { embeddings: JudgeEmbeddings }): SampleEvaluator {
  return {
    async evaluate(sample: JudgeSample): Promise<JudgeOutcome> {
      const answer = sample.answer?.trim();
      const reference = sample.referenceAnswer?.trim();
      if (!reference) return { score: unscored(REASONS.noReference), usage: emptyUsage() };
      if (!answer) return { score: unscored(noAnswerReason(sample)), usage: emptyUsage() };
      const [a, r] = await options.embeddings.embedDocuments([answer, reference]);
      return { score: computeAnswerSimilarity(a ?? [], r ?? []), usage: emptyUsage() };
    },
  };
}
