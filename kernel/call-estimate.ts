import { costOf, priceFor, type ModelPrice } from './usage.js';

/**
 * Token estimate without a tokenizer: characters / 4, rounded up. That is OpenAI's rule of thumb
 * for English text; it undercounts Chinese/Japanese (about one token per character), so dry-run
 * figures are an order of magnitude, not an invoice.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface PlannedCall {
  /** All prompt text of the call (system + user messages). */
  promptText: string;
  /** Expected answer length in tokens. */
  outputTokens: number;
}

export interface DryRunEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** null when the model has no known price. */
  costUsd: number | null;
}

export function estimateCalls(calls: readonly PlannedCall[], model: string, prices?: Record<string, ModelPrice>): DryRunEstimate {
  const inputTokens = calls.reduce((sum, call) => sum + estimateTokens(call.promptText), 0);
  const outputTokens = calls.reduce((sum, call) => sum + call.outputTokens, 0);
  return { calls: calls.length, inputTokens, outputTokens, costUsd: costOf({ inputTokens, outputTokens }, priceFor(model, prices)) };
}

export function formatEstimate(estimate: DryRunEstimate, model: string): string {
  const cost = estimate.costUsd === null ? `cost unknown (no price for ${model}; set llm.prices)` : `about $${estimate.costUsd.toFixed(4)}`;
  return `${estimate.calls} LLM calls to ${model}, about ${estimate.inputTokens} input + ${estimate.outputTokens} output tokens (chars/4 estimate), ${cost}`;
}
