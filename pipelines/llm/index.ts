/** The LLM access layer: one client per endpoint, structured output only. See README in the report / docs. */
export type { ChatMessage, CompleteRequest, CompleteResult, LlmClient, Usage, UsageReport, ChatTransport, RawReply, RawChoice, TransportRequest } from '../../kernel/llm-types.js';
export { LlmConfig, ModelPrice, resolveLlmSettings, DEFAULT_CACHE_PATH, type LlmSettings } from './config.js';
export { createLlmClient, type LlmClientOptions } from './client.js';
export { createLlmRuntime, cachePathFor, type LlmRuntime } from './factory.js';
export { createOpenAiTransport } from './openai-transport.js';
export { openResponseCache, cacheKey, type ResponseCache, type CacheStats } from './cache.js';
export { DEFAULT_PRICES, priceFor, costOf, addUsage, emptyUsage, formatUsage, UsageLedger } from '../../kernel/usage.js';
export { estimateTokens, estimateCalls, formatEstimate, type PlannedCall, type DryRunEstimate } from '../../kernel/call-estimate.js';
