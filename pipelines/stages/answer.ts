import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { z } from 'zod';
import { DATA_NOT_INSTRUCTIONS, judgeMessages, numbered, tagged, type JudgePrompt } from '../../evaluators/judges/judge-prompt.js';
import type { JudgeClient } from '../../evaluators/judges/judge-types.js';
import type { Usage } from '../../kernel/llm-types.js';
import { addUsage, emptyUsage } from '../../kernel/usage.js';

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

/**
 * Answers every request; the client owns HTTP concurrency, retries and the cache. Each answer is
 * handed to `onRecord` as it arrives (the stage log); once `shouldStop()` holds no new request is
 * started, and the answers not started are simply absent from the result.
 */
export async function generateAnswers(options: {
  client: JudgeClient;
  requests: readonly AnswerRequest[];
  prompt: JudgePrompt<{ question: string; contexts: readonly string[] }>;
  onAnswer?: () => void;
  onRecord?: (record: AnswerRecord) => void;
  shouldStop?: () => boolean;
  /** Requests started at once; bounds what is in flight when a stop is requested. */
  concurrency?: number;
}): Promise<{ answers: AnswerRecord[]; usage: Usage }> {
  const limit = pLimit(options.concurrency ?? 32);
  const settled = await Promise.all(
    options.requests.map((request) =>
      limit(async (): Promise<AnswerRecord | undefined> => {
        if (options.shouldStop?.()) return undefined;
        const result = await options.client.complete({
          promptId: options.prompt.id,
          promptVersion: options.prompt.version,
          messages: judgeMessages(options.prompt, { question: request.question, contexts: request.contexts }),
          schema: GeneratedAnswer,
          schemaName: 'give_answer',
          stage: 'answer',
        });
        const record: AnswerRecord = result.ok
          ? { qid: request.qid, answer: result.value.answer, usage: result.usage }
          : { qid: request.qid, answer: null, failure: result.reason, usage: result.usage };
        options.onRecord?.(record);
        options.onAnswer?.();
        return record;
      }),
    ),
  );
  const answers = settled.filter((a): a is AnswerRecord => a !== undefined);
  return { answers, usage: answers.reduce((sum, a) => addUsage(sum, a.usage), emptyUsage()) };
}
