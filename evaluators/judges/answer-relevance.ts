import { z } from 'zod';
import type { Usage } from '../../kernel/llm-types.js';
import { emptyUsage } from '../../kernel/usage.js';
import { cosine } from '../cosine.js';
import { DATA_NOT_INSTRUCTIONS, judgeMessages, tagged, type JudgePrompt } from './judge-prompt.js';
import { REASONS, type EvaluateOptions, type JudgeClient, type JudgeEmbeddings, type JudgeOutcome, type JudgeSample, type SampleEvaluator, noAnswerReason } from './judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';

/**
 * Answer relevance: from the answer alone the judge writes questions it answers; an answer that
 * addresses the user's question yields questions close to it. Score = mean cosine similarity
 * (configured embedding model) between the user question and the N generated questions; 0 when
 * the judge flags the answer as noncommittal ("I don't know", evasions).
 *
 * ONE call per sample: with strategy `n` the endpoint is asked for N choices of a one-question
 * answer (`n`), with strategy `list` one answer holding N questions (for servers that ignore `n`).
 */

export const ANSWER_RELEVANCE_PROMPT: JudgePrompt<{ answer: string; count: number }> = {
  id: 'answer-relevance',
  version: '1',
  system:
    'You read an answer and write the question that the answer responds to, as the user would have asked it. ' +
    'Also say whether the answer is noncommittal: evasive, vague, or saying it does not know instead of answering. ' +
    DATA_NOT_INSTRUCTIONS,
  render: ({ answer, count }) =>
    `${tagged('answer', answer)}\n\n` + (count === 1 ? 'Write the question this answer responds to.' : `Write ${count} different questions this answer responds to.`),
};

/** One generated question per choice (strategy `n`). */
export const AnswerRelevanceQuestion = z.object({ question: z.string(), noncommittal: z.boolean() });
/** N questions in one answer (strategy `list`). */
export const answerRelevanceQuestions = (count: number) => z.object({ questions: z.array(z.string()).length(count), noncommittal: z.boolean() });

export type AnswerRelevanceStrategy = 'n' | 'list';

/**
 * Mean cosine between the question's vector and each generated question's vector; 0 when the
 * answer is noncommittal. A zero-length vector cannot be compared: null with the reason.
 */
export function computeAnswerRelevance(input: { questionVector: readonly number[]; generatedVectors: readonly (readonly number[])[]; noncommittal: boolean }): Score {
  if (input.noncommittal) return scored(0);
  if (input.generatedVectors.length === 0) return unscored(REASONS.noQuestionsGenerated);
  let sum = 0;
  for (const vector of input.generatedVectors) {
    const similarity = cosine(input.questionVector, vector);
    if (similarity === null) return unscored(REASONS.zeroVector);
    sum += similarity;
  }
  return scored(sum / input.generatedVectors.length);
}

export function createAnswerRelevanceEvaluator(options: {
  judge: JudgeClient;
  embeddings: JudgeEmbeddings;
  /** Questions to generate (default 3). */
  questions?: number;
  strategy?: AnswerRelevanceStrategy;
}): SampleEvaluator {
  const { judge, embeddings } = options;
  const count = options.questions ?? 3;
  const strategy = options.strategy ?? 'n';
  return {
    async evaluate(sample: JudgeSample, evaluate: EvaluateOptions = {}): Promise<JudgeOutcome> {
      const answer = sample.answer?.trim();
      if (!answer) return { score: unscored(noAnswerReason(sample)), usage: emptyUsage() };
      const base = {
        promptId: ANSWER_RELEVANCE_PROMPT.id,
        promptVersion: ANSWER_RELEVANCE_PROMPT.version,
        messages: judgeMessages(ANSWER_RELEVANCE_PROMPT, { answer, count: strategy === 'n' ? 1 : count }),
        stage: 'answer_relevance',
        ...(evaluate.seed !== undefined ? { seed: evaluate.seed } : {}),
      };
      let generated: string[];
      let noncommittal: boolean;
      let usage: Usage;
      if (strategy === 'n') {
        const result = await judge.complete({ ...base, schema: AnswerRelevanceQuestion, schemaName: 'give_question', n: count });
        usage = result.usage;
        if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage, details: { error: result.reason } };
        generated = result.values.map((v) => v.question.trim()).filter((q) => q.length > 0);
        // Noncommittal when any sample says so: one judge seeing an evasion is enough to distrust the cosine.
        noncommittal = result.values.some((v) => v.noncommittal);
      } else {
        const result = await judge.complete({ ...base, schema: answerRelevanceQuestions(count), schemaName: 'give_questions' });
        usage = result.usage;
        if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage, details: { error: result.reason } };
        generated = result.value.questions.map((q) => q.trim()).filter((q) => q.length > 0);
        noncommittal = result.value.noncommittal;
      }
      const details = { generated, noncommittal, asked: count, strategy };
      if (noncommittal) return { score: computeAnswerRelevance({ questionVector: [], generatedVectors: [], noncommittal }), usage, details };
      if (generated.length === 0) return { score: unscored(REASONS.noQuestionsGenerated), usage, details };
      const [questionVector, ...generatedVectors] = await embeddings.embedDocuments([sample.question, ...generated]);
      const score = computeAnswerRelevance({ questionVector: questionVector ?? [], generatedVectors, noncommittal });
      return { score, usage, details };
    },
  };
}
