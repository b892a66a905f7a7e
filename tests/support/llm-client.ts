import path from 'node:path';
import { LlmConfig, type LlmConfig as LlmConfigType } from '../../pipelines/llm/config.js';
import { createLlmRuntime, type LlmRuntime } from '../../pipelines/llm/factory.js';
import type { OpenAiServer } from './openai-server.js';

export const TEST_API_KEY = 'sk-test-SECRET-0123456789';

/** An LLM runtime pointed at the loopback server, with a cache file in `dir` and 1 ms backoff. */
export function loopbackRuntime(server: OpenAiServer, dir: string, overrides: Partial<LlmConfigType> = {}, warnings: string[] = []): LlmRuntime {
  const config = LlmConfig.parse({ model: 'test-model', baseURL: server.baseURL, cachePath: path.join(dir, 'cache.sqlite'), timeoutMs: 2000, ...overrides });
  return createLlmRuntime({ config, baseDir: dir, env: { OPENAI_API_KEY: TEST_API_KEY }, retryBaseMs: 1, warn: (m) => warnings.push(m) });
}
