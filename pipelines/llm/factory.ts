import path from 'node:path';
import { openResponseCache, type ResponseCache } from './cache.js';
import { createLlmClient, type SentRequestJournal } from './client.js';
import { DEFAULT_CACHE_PATH, resolveLlmSettings, type LlmConfig, type LlmSettings } from './config.js';
import { createOpenAiTransport } from './openai-transport.js';
import type { ChatTransport, LlmClient } from '../../kernel/llm-types.js';

export interface LlmRuntime {
  client: LlmClient;
  settings: LlmSettings;
  cache?: ResponseCache;
  /** Closes the cache database. */
  close(): void;
}

export function cachePathFor(config: Pick<LlmConfig, 'cachePath'>, baseDir: string): string {
  return path.resolve(baseDir, config.cachePath ?? DEFAULT_CACHE_PATH);
}

/**
 * Builds the LLM client the CLI hands to stages: environment overrides, key check (before any
 * request), ChatOpenAI transport, SQLite cache next to the config. Tests and library users may
 * pass their own transport.
 */
export function createLlmRuntime(options: {
  config: LlmConfig;
  /** The config file's folder: a relative cachePath resolves against it. */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
  transport?: ChatTransport;
  /** Test knobs for backoff timing. */
  retryBaseMs?: number;
  /** The run's journal of sent requests (pipelines/run-state/request-journal.ts). */
  journal?: SentRequestJournal;
}): LlmRuntime {
  const settings = resolveLlmSettings(options.config, options.env);
  const cache = settings.cache ? openResponseCache(cachePathFor(settings, options.baseDir), options.warn) : undefined;
  const client = createLlmClient({
    transport: options.transport ?? createOpenAiTransport(settings),
    ...(cache ? { cache } : {}),
    apiKeyEnv: settings.apiKeyEnv,
    temperature: settings.temperature,
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
    concurrency: settings.concurrency,
    maxRetries: settings.maxRetries,
    ...(settings.requestsPerMinute !== undefined ? { requestsPerMinute: settings.requestsPerMinute } : {}),
    ...(settings.tokensPerMinute !== undefined ? { tokensPerMinute: settings.tokensPerMinute } : {}),
    ...(settings.prices ? { prices: settings.prices } : {}),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
    ...(options.journal ? { journal: options.journal } : {}),
  });
  return { client, settings, ...(cache ? { cache } : {}), close: () => cache?.close() };
}
