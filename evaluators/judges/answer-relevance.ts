import { z } from 'zod';
import type { Usage } from '../../kernel/llm-types.js';
import { emptyUsage } from '../../kernel/usage.js';
import { cosine } from './cosine.js';
import { DATA_NOT_INSTRUCTIONS, judgeMessages, tagged, type JudgePrompt } from './judge-prompt.js';
import { REASONS, type EvaluateOptions, type JudgeClient, type JudgeEmbeddings, type JudgeOutcome, type JudgeSample, type SampleEvaluator, noAnswerReason } from './judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';
import { capList, capText } from './limits.js';

/**
 * Answer relevance (Ragas: answer_relevancy / ResponseRelevancy): from the answer alone the judge
 * writes questions it answers; an answer that addresses the user's question yields questions close
 * to it. Score = mean over the N generated questions of max(0, cosine(question, generated)) with
 * the configured embedding model; 0 when the answer is noncommittal ("I don't know", evasions).
 *
 * Deliberate choices (README "Judge metrics"):
 * - A cosine below 0 means "unrelated", not "less than unrelated": each is floored at 0, so the
 *   score lies in [0, 1] like every other metric (Ragas keeps the raw cosine).
 * - Noncommittal by majority: with strategy `n` each of the N samples votes, and the answer counts
 *   as noncommittal when more than half say so (Ragas zeroes the score when ANY sample does, so
 *   one stray vote out of three decided the score).
 * - The N samples are drawn at judges.answerRelevance.temperature (default 0.7): at temperature 0
 *   they come out near-identical and N = 3 measures one question three times.
 *
 * ONE call per sample: with strategy `n` the endpoint is asked for N choices of a one-question
 * answer (`n`), with strategy `list` one answer holding N questions (for servers that ignore `n`).
 */

export const ANSWER_RELEVANCE_PROMPT: JudgePrompt<{ answer: string; count: number }> = {
  id: 'answer-relevance',
  version: '2',
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
 * Mean of max(0, cosine) between the question's vector and each generated question's vector; 0
 * when the answer is noncommittal. A zero-length vector cannot be compared: null with the reason.
 */
export function computeAnswerRelevance(input: { questionVector: readonly number[]; generatedVectors: readonly (readonly number[])[]; noncommittal: boolean }): Score {
  if (input.noncommittal) return scored(0);
  if (input.generatedVectors.length === 0) return unscored(REASONS.noQuestionsGenerated);
  let sum = 0;
  for (const vector of input.generatedVectors) {
    const similarity = cosine(input.questionVector, vector);
    if (similarity === null) return unscored(REASONS.zeroVector);
    sum += Math.max(0, similarity);
  }
  return scored(sum / input.generatedVectors.length);
}

/** Noncommittal when more than half of the votes say so (one vote: that vote). */
export function isNoncommittal(votes: readonly boolean[]): boolean {
  return votes.filter(Boolean).length * 2 > votes.length;
}

export function createAnswerRelevanceEvaluator(options: {
  judge: JudgeClient;
  embeddings: JudgeEmbeddings;
  /** Questions to generate (default 3). */
  questions?: number;
  strategy?: AnswerRelevanceStrategy;
  /** Sampling temperature for strategy `n` (default 0.7); `list` uses the llm temperature. */
  temperature?: number;
}): SampleEvaluator {
  const { judge, embeddings } = options;
  const count = options.questions ?? 3;
  const strategy = options.strategy ?? 'n';
  const temperature = options.temperature ?? 0.7;
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
      let choices: { returned: number; valid: number } | undefined;
      if (strategy === 'n') {
        const result = await judge.complete({ ...base, schema: AnswerRelevanceQuestion, schemaName: 'give_question', n: count, temperature });
        usage = result.usage;
        if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage, details: { error: capText(result.reason) } };
        generated = capList(result.values.map((v) => capText(v.question.trim())).filter((q) => q.length > 0), count).kept;
        noncommittal = isNoncommittal(result.values.map((v) => v.noncommittal));
        choices = { returned: result.choices, valid: result.values.length };
      } else {
        const result = await judge.complete({ ...base, schema: answerRelevanceQuestions(count), schemaName: 'give_questions' });
        usage = result.usage;
        if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage, details: { error: capText(result.reason) } };
        generated = result.value.questions.map((q) => capText(q.trim())).filter((q) => q.length > 0);
        noncommittal = result.value.noncommittal;
      }
      const details = { generated, noncommittal, asked: count, strategy, ...(choices ? { choices } : {}) };
      if (noncommittal) return { score: computeAnswerRelevance({ questionVector: [], generatedVectors: [], noncommittal }), usage, details };
      if (generated.length === 0) return { score: unscored(REASONS.noQuestionsGenerated), usage, details };
      const [questionVector, ...generatedVectors] = await embeddings.embedDocuments([sample.question, ...generated]);
      const score = computeAnswerRelevance({ questionVector: questionVector ?? [], generatedVectors, noncommittal });
      return { score, usage, details };
    },
  };
}
