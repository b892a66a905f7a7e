import { isJudgeMetric, judgeMetrics } from '../../../evaluators/judge-metric-registry.js';
import { ConfigError } from '../../../kernel/errors.js';
import type { JudgeMetricId, RagEvalConfig } from '../../config/schema.js';

/** The judge metrics named in `metrics:`, in config order. */
export function judgeMetricIds(config: Pick<RagEvalConfig, 'metrics'>): JudgeMetricId[] {
  return config.metrics.filter(isJudgeMetric);
}

/** Checks before any retrieval that the named metrics can run with what the config provides. */
export function checkJudgeRequirements(config: RagEvalConfig, file: string): void {
  const ids = judgeMetricIds(config);
  const llmNeeded = ids.filter((id) => judgeMetrics[id].callsLlm);
  if (llmNeeded.length && !config.llm) {
    throw new ConfigError(
      `${file}: metrics: ${llmNeeded.join(', ')} call an LLM judge; add an llm section ({ model, baseURL, apiKeyEnv }) ` +
        'or use the non-LLM variants (reference_context_precision, reference_context_recall, string_context_recall)',
    );
  }
  const answerNeeded = ids.filter((id) => judgeMetrics[id].needs.answer);
  if (answerNeeded.length && (config.answers?.source ?? 'generate') === 'generate' && !config.llm) {
    throw new ConfigError(`${file}: metrics: ${answerNeeded.join(', ')} need answers; add an llm section to generate them, or answers: { source: import, path: … }`);
  }
}
