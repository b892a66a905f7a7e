import type { JudgeUsageSummary, RunEmbeddingUsage, RunLlmUsage } from '../../../reports/summary-schema.js';
import type { Usage } from '../../../kernel/llm-types.js';
import { costOf, type ModelPrice } from '../../../kernel/usage.js';
import { journalStages, tallyJournal, type JournalTally, type RequestJournal } from '../../run-state/request-journal.js';
import { EMBEDDINGS_STAGE } from '../../llm/client.js';
import type { ConfigurationJudging } from './run-judges.js';

/** Usage divided over the questions a configuration answered (at least one). */
function perQuestion(usage: Usage, questions: number) {
  const n = Math.max(questions, 1);
  return { requests: usage.requests / n, inputTokens: usage.inputTokens / n, outputTokens: usage.outputTokens / n, costUsd: usage.costUsd === null ? null : usage.costUsd / n };
}

/** summary.json's `usage` of one configuration: totals, per question and per metric. */
export function judgeUsageSummary(judging: ConfigurationJudging): JudgeUsageSummary {
  const byMetric: JudgeUsageSummary['byMetric'] = {};
  for (const [metric, usage] of Object.entries(judging.usageByMetric)) {
    if (usage) byMetric[metric] = { ...usage, perQuestion: perQuestion(usage, judging.questions) };
  }
  return { ...judging.usage, questions: judging.questions, perQuestion: perQuestion(judging.usage, judging.questions), byMetric };
}


function lostReason(lost: number): string {
  const them = lost === 1 ? 'it' : 'them';
  return (
    `${lost} request${lost === 1 ? ' was' : 's were'} in flight when an earlier attempt ended abruptly (crash, kill -9, a second Ctrl-C): ` +
    `the endpoint received ${them} and may charge for ${them}, but the reply was lost, so tokens and cost are unknown`
  );
}

/** summary.json's `embeddingRequests`: the journal's embedding requests, per model. */
export function runEmbeddingUsage(journal: Pick<RequestJournal, 'file' | 'attempt'>): RunEmbeddingUsage[] {
  return journalStages(journal.file)
    .filter((stage) => stage.startsWith(EMBEDDINGS_STAGE))
    .map((stage) => {
      const tally = tallyJournal(journal.file, journal.attempt, (s) => s === stage);
      const lost = tally.inFlightAtCrash;
      return {
        model: stage.slice(EMBEDDINGS_STAGE.length),
        attempts: tally.attempts,
        requests: tally.sent,
        failed: tally.failed,
        inputTokens: tally.inputTokens,
        inFlightAtCrash: lost > 0 ? { requests: lost, inputTokens: null, reason: `${lostReason(lost)} (not in inputTokens)` } : null,
      };
    });
}

/** summary.json's `llmUsage`: the journal's count of every request sent, over all attempts. */
export function runLlmUsage(tally: JournalTally, model: string, price: ModelPrice | undefined): RunLlmUsage {
  const lost = tally.inFlightAtCrash;
  return {
    attempts: tally.attempts,
    requests: tally.sent,
    failed: tally.failed,
    inputTokens: tally.inputTokens,
    outputTokens: tally.outputTokens,
    costUsd: costOf(tally, price),
    ...(price ? {} : { costNote: `no price known for model "${model}"; add it under llm.prices (USD per million tokens)` }),
    inFlightAtCrash:
      lost > 0
        ? {
            requests: lost,
            inputTokens: null,
            outputTokens: null,
            costUsd: null,
            reason: `${lostReason(lost)} (not in inputTokens, outputTokens or costUsd)`,
          }
        : null,
  };
}
