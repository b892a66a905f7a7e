import { ANSWER_RELEVANCE_PROMPT } from '../../../evaluators/judges/answer-relevance.js';
import { CONTEXT_PRECISION_PROMPT, CONTEXT_UTILIZATION_PROMPT } from '../../../evaluators/judges/context-precision.js';
import { CONTEXT_RECALL_PROMPT } from '../../../evaluators/judges/context-recall.js';
import { FAITHFULNESS_STATEMENTS_PROMPT, FAITHFULNESS_VERDICTS_PROMPT } from '../../../evaluators/judges/faithfulness.js';
import { judgeMetrics } from '../../../evaluators/judge-metric-registry.js';
import type { JudgePrompt } from '../../../evaluators/judges/judge-prompt.js';
import type { TestItem } from '../../../kernel/test-item.js';
import { JudgesConfig, type RagEvalConfig } from '../../config/schema.js';
import { estimateCalls, formatEstimate, type DryRunEstimate, type PlannedCall } from '../../../kernel/call-estimate.js';
import { judgeMetricIds } from './judge-requirements.js';
import { answerPromptFor } from '../answer.js';

/** Assumed sizes where the run would know them only after retrieval and answering (chars / tokens). */
const ASSUMED = { answerChars: 320, statements: 4, statementChars: 60, claims: 4, tokensPerVerdict: 30, answerTokens: 80, questionTokens: 25 };

const call = <I>(prompt: JudgePrompt<I>, input: I, outputTokens: number): PlannedCall => ({ promptText: `${prompt.system}\n${prompt.render(input)}`, outputTokens });

/**
 * `rag-eval run --dry-run` for the answer-level metrics: the calls a run would make with every
 * reply valid first time (no repairs, no cache hits), prompts rendered with the real templates
 * over k contexts of the chunk size. An estimate of the order of magnitude, not an invoice.
 */
export function planJudges(options: {
  config: RagEvalConfig;
  items: readonly TestItem[];
  configurations: readonly { k: number; chunkSize: number }[];
  judgeSamples?: number;
  env?: NodeJS.ProcessEnv;
}): { estimate: DryRunEstimate; lines: string[] } | undefined {
  const { config } = options;
  const ids = judgeMetricIds(config).filter((id) => judgeMetrics[id].callsLlm);
  if (ids.length === 0 || !config.llm) return undefined;
  const judges = JudgesConfig.parse(config.judges ?? {});
  const repetitions = options.judgeSamples ?? judges.samples;
  const answerPrompt = answerPromptFor(config.answers?.prompt);
  const answer = 'a'.repeat(ASSUMED.answerChars);
  const calls: PlannedCall[] = [];
  for (const configuration of options.configurations) {
    const contexts = Array.from({ length: configuration.k }, () => 'c'.repeat(configuration.chunkSize));
    for (const item of options.items) {
      calls.push(call(answerPrompt, { question: item.question, contexts }, ASSUMED.answerTokens));
      for (let r = 0; r < repetitions; r++) {
        for (const id of ids) {
          if (id === 'faithfulness') {
            calls.push(call(FAITHFULNESS_STATEMENTS_PROMPT, { question: item.question, answer }, (ASSUMED.statements * ASSUMED.statementChars) / 4));
            const statements = Array.from({ length: ASSUMED.statements }, () => 's'.repeat(ASSUMED.statementChars));
            calls.push(call(FAITHFULNESS_VERDICTS_PROMPT, { contexts, statements }, ASSUMED.statements * ASSUMED.tokensPerVerdict));
          } else if (id === 'answer_relevance') {
            calls.push(
              call(
                ANSWER_RELEVANCE_PROMPT,
                { answer, count: judges.answerRelevance.strategy === 'n' ? 1 : judges.answerRelevance.questions },
                judges.answerRelevance.questions * ASSUMED.questionTokens,
              ),
            );
          } else if (id === 'context_precision' && item.referenceAnswer?.trim()) {
            const target = item.referenceAnswer;
            calls.push(call(CONTEXT_PRECISION_PROMPT, { question: item.question, target, targetKind: 'reference', contexts }, configuration.k * ASSUMED.tokensPerVerdict));
          } else if (id === 'context_utilization') {
            calls.push(call(CONTEXT_UTILIZATION_PROMPT, { question: item.question, target: answer, targetKind: 'answer', contexts }, configuration.k * ASSUMED.tokensPerVerdict));
          } else if (id === 'context_recall' && item.referenceAnswer?.trim()) {
            calls.push(call(CONTEXT_RECALL_PROMPT, { question: item.question, reference: item.referenceAnswer, contexts }, ASSUMED.claims * ASSUMED.tokensPerVerdict));
          }
        }
      }
    }
  }
  const model = options.env?.RAG_EVAL_LLM_MODEL || config.llm.model;
  const estimate = estimateCalls(calls, model, config.llm.prices);
  const questions = options.items.length * options.configurations.length;
  return {
    estimate,
    lines: [
      `answers and judges (${ids.join(', ')}${repetitions > 1 ? `, ${repetitions} repetitions` : ''}): ${formatEstimate(estimate, model)}, not counting repairs or cache hits`,
      `  per question and configuration: ${(estimate.calls / Math.max(questions, 1)).toFixed(2)} calls, ` +
        `about ${Math.round((estimate.inputTokens + estimate.outputTokens) / Math.max(questions, 1))} tokens`,
    ],
  };
}
