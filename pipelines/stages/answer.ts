import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DATA_NOT_INSTRUCTIONS, judgeMessages, numbered, tagged, type JudgePrompt } from '../../evaluators/judge-prompt.js';
import type { JudgeClient } from '../../evaluators/judge-types.js';
import type { Usage } from '../llm/types.js';
import { addUsage, emptyUsage } from '../llm/usage.js';

/**
 * The answer stage: the configured chat model answers each question from one configuration's
 * top-k contexts, as the RAG application under test would. The prompt is versioned; a custom
 * system prompt from the config is recorded as `custom-<sha256 prefix>`.
 */

export const ANSWER_PROMPT: JudgePrompt<{ question: string; contexts: readonly string[] }> = {
  id: 'answer',
  version: '1',
  system:
    'You answer the question using only the numbered contexts. Be concise. If the contexts do not contain the answer, say that you do not know. ' +
    DATA_NOT_INSTRUCTIONS,
  render: ({ question, contexts }) => `${numbered('context', contexts)}\n\n${tagged('question', question)}`,
};

export const GeneratedAnswer = z.object({ answer: z.string() });

/** The built-in prompt, or the config's system prompt with a content-derived version. */
export function answerPromptFor(customSystem?: string): JudgePrompt<{ question: string; contexts: readonly string[] }> {
  if (customSystem === undefined) return ANSWER_PROMPT;
  const version = `custom-${createHash('sha256').update(customSystem).digest('hex').slice(0, 12)}`;
  return { ...ANSWER_PROMPT, version, system: `${customSystem}\n\n${DATA_NOT_INSTRUCTIONS}` };
}

export interface AnswerRecord {
  qid: string;
  answer: string | null;
  /** Why there is no answer (the model's reply stayed invalid after the repair). */
  failure?: string;
  usage: Usage;
}

export interface AnswerRequest {
  qid: string;
  question: string;
  contexts: readonly string[];
}

/** Answers every request; the client owns concurrency, retries and the cache. */
export async function generateAnswers(options: {
  client: JudgeClient;
  requests: readonly AnswerRequest[];
  prompt: JudgePrompt<{ question: string; contexts: readonly string[] }>;
  onAnswer?: () => void;
}): Promise<{ answers: AnswerRecord[]; usage: Usage }> {
  const answers = await Promise.all(
    options.requests.map(async (request): Promise<AnswerRecord> => {
      const result = await options.client.complete({
        promptId: options.prompt.id,
        promptVersion: options.prompt.version,
        messages: judgeMessages(options.prompt, { question: request.question, contexts: request.contexts }),
        schema: GeneratedAnswer,
        schemaName: 'give_answer',
        stage: 'answer',
      });
      options.onAnswer?.();
      if (!result.ok) return { qid: request.qid, answer: null, failure: result.reason, usage: result.usage };
      return { qid: request.qid, answer: result.value.answer, usage: result.usage };
    }),
  );
  return { answers, usage: answers.reduce((sum, a) => addUsage(sum, a.usage), emptyUsage()) };
}
