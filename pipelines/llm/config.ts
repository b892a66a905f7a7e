import { z } from 'zod';
import { ConfigError } from '../../kernel/errors.js';
import { registerSecret } from '../../kernel/secrets.js';
import { ModelPrice } from '../../kernel/usage.js';

export { ModelPrice };

/**
 * The `llm` section of the config: one OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI,
 * vLLM, Ollama, llama.cpp server, LM Studio). The key is never in the file: `apiKeyEnv` names
 * the environment variable that holds it.
 */
export const LlmConfig = z
  .object({
    model: z.string().min(1),
    /** OpenAI-compatible base URL, e.g. http://localhost:11434/v1 (Ollama). Default: api.openai.com. */
    baseURL: z.url().optional(),
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('OPENAI_API_KEY'),
    temperature: z.number().min(0).max(2).default(0),
    seed: z.number().int().optional(),
    maxTokens: z.number().int().positive().optional(),
    /** Send tools with `strict: true` (OpenAI strict structured outputs); false for servers that reject the field. */
    strict: z.boolean().default(true),
    timeoutMs: z.number().int().positive().default(60_000),
    concurrency: z.number().int().positive().default(8),
    requestsPerMinute: z.number().int().positive().optional(),
    tokensPerMinute: z.number().int().positive().optional(),
    /** Retries after the first attempt on 429, 5xx, timeouts and connection resets. */
    maxRetries: z.number().int().nonnegative().default(5),
    /** Overrides or extends the built-in price table (USD per million tokens). */
    prices: z.record(z.string(), ModelPrice).optional(),
    /** Response cache file; relative to the config file. Default `.rag-eval/cache.sqlite`. */
    cachePath: z.string().min(1).optional(),
    cache: z.boolean().default(true),
    /** Embedding model at the same endpoint (near-duplicate removal); default: the bundled sentence encoder. */
    embeddingModel: z.string().min(1).optional(),
  })
  .strict();
export type LlmConfig = z.infer<typeof LlmConfig>;

export const DEFAULT_CACHE_PATH = '.rag-eval/cache.sqlite';

/** LlmConfig with environment overrides applied and the key resolved. */
export interface LlmSettings extends LlmConfig {
  apiKey: string;
  /** `host:port` of the endpoint, part of cache keys (never the key). */
  endpointHost: string;
}

/**
 * Applies RAG_EVAL_LLM_BASE_URL / RAG_EVAL_LLM_MODEL and reads the key from `apiKeyEnv`.
 * A missing key is a ConfigError before any request is sent.
 */
export function resolveLlmSettings(config: LlmConfig, env: NodeJS.ProcessEnv = process.env): LlmSettings {
  const baseURL = env.RAG_EVAL_LLM_BASE_URL || config.baseURL;
  const model = env.RAG_EVAL_LLM_MODEL || config.model;
  const apiKey = env[config.apiKeyEnv];
  if (!apiKey) {
    throw new ConfigError(
      `llm.apiKeyEnv: the environment variable ${config.apiKeyEnv} is not set; export the API key in it ` +
        `(local servers such as Ollama or vLLM accept any value, e.g. ${config.apiKeyEnv}=local)`,
    );
  }
  registerSecret(apiKey);
  return { ...config, model, ...(baseURL ? { baseURL } : {}), apiKey, endpointHost: endpointHost(baseURL) };
}

export function endpointHost(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com';
  try {
    return new URL(baseURL).host;
  } catch {
    throw new ConfigError(`llm.baseURL: "${baseURL}" is not a URL; expected e.g. http://localhost:8000/v1`);
  }
}
