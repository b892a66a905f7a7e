import { z } from 'zod';
import { emptyUsage } from '../../kernel/usage.js';
import { DATA_NOT_INSTRUCTIONS, byId, judgeMessages, numbered, tagged, verdictList, type JudgePrompt } from './judge-prompt.js';
import { REASONS, noAnswerReason, type EvaluateOptions, type JudgeClient, type JudgeOutcome, type JudgeSample, type SampleEvaluator } from './judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';
import { capText } from './limits.js';

/**
 * Context precision (Ragas: LLMContextPrecisionWithReference): are the chunks that help to reach
 * the REFERENCE answer ranked high? Each of the K retrieved chunks is judged useful or not, all K
 * in ONE call; score = mean of precision@i over the ranks i of the useful chunks.
 *
 * Context utilization (Ragas: LLMContextPrecisionWithoutReference, "context utilization"): the
 * same computation judged against the GENERATED answer. It says whether the answer drew on the
 * top-ranked chunks, not whether retrieval found what a correct answer needs, so it is a
 * different metric with its own id; an item without a reference answer has no context_precision
 * (null, "no reference answer") rather than silently becoming context_utilization.
 */

export interface ContextPrecisionInput {
  question: string;
  /** The reference answer (context_precision) or the produced answer (context_utilization). */
  target: string;
  targetKind: 'reference' | 'answer';
  contexts: readonly string[];
}

const SYSTEM =
  'You judge retrieved passages. A passage is useful when it contains information that helps to arrive at the given answer ' +
  'to the question; a passage on the topic that does not help to reach that answer is not useful. Judge each passage on its own, ' +
  'and give exactly one verdict per context id, in id order. ' +
  DATA_NOT_INSTRUCTIONS;

const render = ({ question, target, targetKind, contexts }: ContextPrecisionInput) =>
  `${tagged('question', question)}\n${tagged(targetKind === 'reference' ? 'reference' : 'answer', target)}\n\n${numbered('context', contexts)}\n\n` +
  `Give one verdict for each of the ${contexts.length} contexts (ids 1 to ${contexts.length}).`;

export const CONTEXT_PRECISION_PROMPT: JudgePrompt<ContextPrecisionInput> = { id: 'context-precision', version: '2', system: SYSTEM, render };
export const CONTEXT_UTILIZATION_PROMPT: JudgePrompt<ContextPrecisionInput> = { id: 'context-utilization', version: '1', system: SYSTEM, render };

const VERDICT_FIELDS = { reason: z.string(), useful: z.boolean() };
export type ContextPrecisionVerdict = { id: number; reason: string; useful: boolean };

export const contextPrecisionVerdicts = (count: number) => verdictList<{ reason: string; useful: boolean }>(VERDICT_FIELDS, count);

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

function createUsefulnessEvaluator(options: { judge: JudgeClient; against: 'reference' | 'answer' }): SampleEvaluator {
  const { judge, against } = options;
  const prompt = against === 'reference' ? CONTEXT_PRECISION_PROMPT : CONTEXT_UTILIZATION_PROMPT;
  const stage = against === 'reference' ? 'context_precision' : 'context_utilization';
  return {
    async evaluate(sample: JudgeSample, evaluate: EvaluateOptions = {}): Promise<JudgeOutcome> {
      if (sample.contexts.length === 0) return { score: unscored(REASONS.noContexts), usage: emptyUsage() };
      const target = (against === 'reference' ? sample.referenceAnswer : sample.answer)?.trim();
      if (!target) return { score: unscored(against === 'reference' ? REASONS.noReference : noAnswerReason(sample)), usage: emptyUsage() };
      const contexts = sample.contexts.map((c) => c.text);
      const result = await judge.complete({
        promptId: prompt.id,
        promptVersion: prompt.version,
        messages: judgeMessages(prompt, { question: sample.question, target, targetKind: against, contexts }),
        schema: contextPrecisionVerdicts(contexts.length),
        schemaName: 'judge_contexts',
        stage,
        ...(evaluate.seed !== undefined ? { seed: evaluate.seed } : {}),
      });
      if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage: result.usage, details: { error: capText(result.reason) } };
      const verdicts = byId(result.value.verdicts);
      return {
        score: computeContextPrecision(verdicts.map((v) => v.useful)),
        usage: result.usage,
        details: { against, verdicts: verdicts.map((v, i) => ({ ...v, reason: capText(v.reason), contextId: sample.contexts[i]!.id })) },
      };
    },
  };
}

/** context_precision: usefulness for reaching the reference answer; null without one. */
export function createContextPrecisionEvaluator(options: { judge: JudgeClient }): SampleEvaluator {
  return createUsefulnessEvaluator({ judge: options.judge, against: 'reference' });
}

/** context_utilization: usefulness for reaching the generated (or imported) answer. */
export function createContextUtilizationEvaluator(options: { judge: JudgeClient }): SampleEvaluator {
  return createUsefulnessEvaluator({ judge: options.judge, against: 'answer' });
}
