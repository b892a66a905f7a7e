import { z } from 'zod';
import { emptyUsage } from '../../kernel/usage.js';
import { DATA_NOT_INSTRUCTIONS, byId, judgeMessages, numbered, tagged, verdictList, type JudgePrompt } from './judge-prompt.js';
import { REASONS, type EvaluateOptions, type JudgeClient, type JudgeOutcome, type JudgeSample, type SampleEvaluator } from './judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';

/**
 * Context precision: are the useful chunks ranked high? Each of the K retrieved chunks is judged
 * useful or not for reaching the reference answer (or, without one, the produced answer), all K
 * in ONE call; score = mean of precision@i over the ranks i of the useful chunks.
 */

export interface ContextPrecisionInput {
  question: string;
  /** The reference answer, or the produced answer when there is no reference. */
  target: string;
  targetKind: 'reference' | 'answer';
  contexts: readonly string[];
}

export const CONTEXT_PRECISION_PROMPT: JudgePrompt<ContextPrecisionInput> = {
  id: 'context-precision',
  version: '1',
  system:
    'You judge retrieved passages. A passage is useful when it contains information that helps to arrive at the given answer ' +
    'to the question; a passage on the topic that does not help to reach that answer is not useful. Judge each passage on its own, ' +
    'and give exactly one verdict per context id, in id order. ' +
    DATA_NOT_INSTRUCTIONS,
  render: ({ question, target, targetKind, contexts }) =>
    `${tagged('question', question)}\n${tagged(targetKind === 'reference' ? 'reference' : 'answer', target)}\n\n${numbered('context', contexts)}\n\n` +
    `Give one verdict for each of the ${contexts.length} contexts (ids 1 to ${contexts.length}).`,
};

export const ContextPrecisionVerdict = z.object({ id: z.number().int(), reason: z.string(), useful: z.boolean() });
export type ContextPrecisionVerdict = z.infer<typeof ContextPrecisionVerdict>;

export const contextPrecisionVerdicts = (count: number) => verdictList(ContextPrecisionVerdict, count);

/**
 * Σ over useful ranks i of precision@i, divided by the number of useful chunks. No useful chunk
 * scores 0: the judge looked at every chunk and none helped (a measured 0, not a missing value).
 */
export function computeContextPrecision(usefulByRank: readonly boolean[]): Score {
  if (usefulByRank.length === 0) return unscored(REASONS.noContexts);
  let useful = 0;
  let sum = 0;
  usefulByRank.forEach((isUseful, index) => {
    if (!isUseful) return;
    useful += 1;
    sum += useful / (index + 1);
  });
  return scored(useful === 0 ? 0 : sum / useful);
}

export function createContextPrecisionEvaluator(options: { judge: JudgeClient }): SampleEvaluator {
  const { judge } = options;
  return {
    async evaluate(sample: JudgeSample, evaluate: EvaluateOptions = {}): Promise<JudgeOutcome> {
      if (sample.contexts.length === 0) return { score: unscored(REASONS.noContexts), usage: emptyUsage() };
      const reference = sample.referenceAnswer?.trim();
      const answer = sample.answer?.trim();
      const target = reference || answer;
      if (!target) return { score: unscored(REASONS.noReferenceOrAnswer), usage: emptyUsage() };
      const contexts = sample.contexts.map((c) => c.text);
      const result = await judge.complete({
        promptId: CONTEXT_PRECISION_PROMPT.id,
        promptVersion: CONTEXT_PRECISION_PROMPT.version,
        messages: judgeMessages(CONTEXT_PRECISION_PROMPT, { question: sample.question, target, targetKind: reference ? 'reference' : 'answer', contexts }),
        schema: contextPrecisionVerdicts(contexts.length),
        schemaName: 'judge_contexts',
        stage: 'context_precision',
        ...(evaluate.seed !== undefined ? { seed: evaluate.seed } : {}),
      });
      if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage: result.usage, details: { error: result.reason } };
      const verdicts = byId(result.value.verdicts);
      return {
        score: computeContextPrecision(verdicts.map((v) => v.useful)),
        usage: result.usage,
        details: { against: reference ? 'reference' : 'answer', verdicts: verdicts.map((v, i) => ({ ...v, contextId: sample.contexts[i]!.id })) },
      };
    },
  };
}
