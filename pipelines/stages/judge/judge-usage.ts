import type { JudgeUsageSummary } from '../../../reports/summary-schema.js';
import type { Usage } from '../../../kernel/llm-types.js';
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

