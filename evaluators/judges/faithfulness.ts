import { z } from 'zod';
import { addUsage, emptyUsage } from '../../kernel/usage.js';
import { DATA_NOT_INSTRUCTIONS, byId, judgeMessages, numbered, tagged, verdictList, type JudgePrompt } from './judge-prompt.js';
import { REASONS, type EvaluateOptions, type JudgeClient, type JudgeOutcome, type JudgeSample, type SampleEvaluator, noAnswerReason } from './judge-types.js';
import { scored, unscored, type Score } from '../../kernel/score.js';
import { capList, capText } from './limits.js';

/**
 * Faithfulness: the share of the answer's atomic statements that the retrieved contexts support.
 * Two judge calls per sample: (1) break the answer into statements, (2) one verdict per statement,
 * all statements in one call.
 */

export const FAITHFULNESS_STATEMENTS_PROMPT: JudgePrompt<{ question: string; answer: string }> = {
  id: 'faithfulness-statements',
  version: '1',
  system:
    'You break an answer into atomic statements. Each statement states exactly one fact or claim made by the answer, ' +
    'is understandable on its own (replace pronouns with the names they stand for) and adds nothing the answer does not say. ' +
    'Greetings, hedges and questions are not statements; an answer that only declines or says it does not know has no statements. ' +
    DATA_NOT_INSTRUCTIONS,
  render: ({ question, answer }) => `${tagged('question', question)}\n${tagged('answer', answer)}\n\nList the atomic statements of the answer.`,
};

export const FaithfulnessStatements = z.object({ statements: z.array(z.string()) });
export type FaithfulnessStatements = z.infer<typeof FaithfulnessStatements>;

export const FAITHFULNESS_VERDICTS_PROMPT: JudgePrompt<{ contexts: readonly string[]; statements: readonly string[] }> = {
  id: 'faithfulness-verdicts',
  version: '1',
  system:
    'You check statements against context passages. A statement is supported only when the contexts state it or it follows ' +
    'directly from them; general knowledge does not count. Give exactly one verdict per statement id, in id order. ' +
    DATA_NOT_INSTRUCTIONS,
  render: ({ contexts, statements }) =>
    `${numbered('context', contexts)}\n\n${numbered('statement', statements)}\n\n` +
    `Give one verdict for each of the ${statements.length} statements (ids 1 to ${statements.length}).`,
};

/** A short reason first: the judge decides after saying why. */
const VERDICT_FIELDS = { reason: z.string(), supported: z.boolean() };
export type FaithfulnessVerdict = { id: number; reason: string; supported: boolean };

/** The verdict schema for `count` statements: exactly one verdict per id 1..count. */
export const faithfulnessVerdicts = (count: number) => verdictList<{ reason: string; supported: boolean }>(VERDICT_FIELDS, count);

/** supported ÷ statements; null when there is nothing to divide by. */
export function computeFaithfulness(verdicts: readonly Pick<FaithfulnessVerdict, 'supported'>[]): Score {
  if (verdicts.length === 0) return unscored(REASONS.noStatements);
  return scored(verdicts.filter((v) => v.supported).length / verdicts.length);
}

export function createFaithfulnessEvaluator(options: { judge: JudgeClient }): SampleEvaluator {
  const { judge } = options;
  return {
    async evaluate(sample: JudgeSample, evaluate: EvaluateOptions = {}): Promise<JudgeOutcome> {
      const seed = evaluate.seed !== undefined ? { seed: evaluate.seed } : {};
      if (!sample.answer?.trim()) return { score: unscored(noAnswerReason(sample)), usage: emptyUsage() };
      // Without contexts nothing can be supported; that is "not measurable", not a 0.
      if (sample.contexts.length === 0) return { score: unscored(REASONS.noContexts), usage: emptyUsage() };

      const extracted = await judge.complete({
        promptId: FAITHFULNESS_STATEMENTS_PROMPT.id,
        promptVersion: FAITHFULNESS_STATEMENTS_PROMPT.version,
        messages: judgeMessages(FAITHFULNESS_STATEMENTS_PROMPT, { question: sample.question, answer: sample.answer }),
        schema: FaithfulnessStatements,
        schemaName: 'list_statements',
        stage: 'faithfulness',
        ...seed,
      });
      let usage = extracted.usage;
      if (!extracted.ok) return { score: unscored(REASONS.invalidAfterRepair), usage, details: { step: 'statements', error: capText(extracted.reason) } };
      // A one-line answer cannot hold thousands of statements: judge the first MAX_STATEMENTS and say so.
      const listed = capList(extracted.value.statements.map((s) => capText(s.trim())).filter((s) => s.length > 0));
      const statements = listed.kept;
      const cut = listed.cut ? { statementsCut: listed.cut } : {};
      if (statements.length === 0) return { score: unscored(REASONS.noStatements), usage, details: { statements } };

      const judged = await judge.complete({
        promptId: FAITHFULNESS_VERDICTS_PROMPT.id,
        promptVersion: FAITHFULNESS_VERDICTS_PROMPT.version,
        messages: judgeMessages(FAITHFULNESS_VERDICTS_PROMPT, { contexts: sample.contexts.map((c) => c.text), statements }),
        schema: faithfulnessVerdicts(statements.length),
        schemaName: 'judge_statements',
        stage: 'faithfulness',
        ...seed,
      });
      usage = addUsage(usage, judged.usage);
      if (!judged.ok) return { score: unscored(REASONS.invalidAfterRepair), usage, details: { step: 'verdicts', statements, ...cut, error: capText(judged.reason) } };
      const verdicts = byId(judged.value.verdicts).map((v) => ({ ...v, reason: capText(v.reason) }));
      return { score: computeFaithfulness(verdicts), usage, details: { statements, ...cut, verdicts } };
    },
  };
}
