import { z } from 'zod';
import { emptyUsage } from '../../kernel/usage.js';
import { DATA_NOT_INSTRUCTIONS, judgeMessages, numbered, tagged, type JudgePrompt } from './judge-prompt.js';
import { REASONS, type EvaluateOptions, type JudgeClient, type JudgeOutcome, type JudgeSample, type SampleEvaluator } from './judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';
import { capList, capText } from './limits.js';

/**
 * Context recall: how much of the reference answer the retrieved contexts back up. ONE call: the
 * judge splits the reference answer into claims and marks each attributable to the contexts or
 * not; score = attributed ÷ claims. The claims come from the judge itself, so there is no id list
 * to check; an empty claim list is a null with its reason.
 */

export const CONTEXT_RECALL_PROMPT: JudgePrompt<{ question: string; reference: string; contexts: readonly string[] }> = {
  id: 'context-recall',
  version: '1',
  system:
    'You check a reference answer against retrieved passages. Split the reference answer into atomic claims (one fact each, ' +
    'understandable on its own). For each claim decide whether the contexts state it or it follows directly from them ' +
    '(attributed) or not; general knowledge does not count. ' +
    DATA_NOT_INSTRUCTIONS,
  render: ({ question, reference, contexts }) =>
    `${tagged('question', question)}\n${tagged('reference', reference)}\n\n${numbered('context', contexts)}\n\n` +
    'List every claim of the reference answer with your verdict.',
};

export const ContextRecallClaim = z.object({ claim: z.string(), reason: z.string(), attributed: z.boolean() });
export const ContextRecallVerdicts = z.object({ claims: z.array(ContextRecallClaim) });
export type ContextRecallClaim = z.infer<typeof ContextRecallClaim>;

/** attributed ÷ claims. */
export function computeContextRecall(claims: readonly Pick<ContextRecallClaim, 'attributed'>[]): Score {
  if (claims.length === 0) return unscored(REASONS.noClaims);
  return scored(claims.filter((c) => c.attributed).length / claims.length);
}

export function createContextRecallEvaluator(options: { judge: JudgeClient }): SampleEvaluator {
  const { judge } = options;
  return {
    async evaluate(sample: JudgeSample, evaluate: EvaluateOptions = {}): Promise<JudgeOutcome> {
      const reference = sample.referenceAnswer?.trim();
      if (!reference) return { score: unscored(REASONS.noReference), usage: emptyUsage() };
      if (sample.contexts.length === 0) return { score: unscored(REASONS.noContexts), usage: emptyUsage() };
      const result = await judge.complete({
        promptId: CONTEXT_RECALL_PROMPT.id,
        promptVersion: CONTEXT_RECALL_PROMPT.version,
        messages: judgeMessages(CONTEXT_RECALL_PROMPT, { question: sample.question, reference, contexts: sample.contexts.map((c) => c.text) }),
        schema: ContextRecallVerdicts,
        schemaName: 'attribute_claims',
        stage: 'context_recall',
        ...(evaluate.seed !== undefined ? { seed: evaluate.seed } : {}),
      });
      if (!result.ok) return { score: unscored(REASONS.invalidAfterRepair), usage: result.usage, details: { error: capText(result.reason) } };
      const listed = capList(result.value.claims.filter((c) => c.claim.trim().length > 0).map((c) => ({ ...c, claim: capText(c.claim), reason: capText(c.reason) })));
      const claims = listed.kept;
      return { score: computeContextRecall(claims), usage: result.usage, details: { claims, ...(listed.cut ? { claimsCut: listed.cut } : {}) } };
    },
  };
}
