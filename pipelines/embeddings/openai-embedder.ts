/**
 * OpenAI and OpenAI-compatible embedding servers (Hugging Face TEI, vLLM, Ollama, LocalAI) through
 * @langchain/openai's OpenAIEmbeddings. LangChain's own retries are off (maxRetries 0): this
 * class is the single owner of retries and concurrency for the path, reusing the LLM layer's
 * failure classification, full-jitter backoff honouring Retry-After, and adaptive p-limit.
 * It also counts requests and billed tokens (the `usage.prompt_tokens` of each reply), which
 * LangChain's class drops.
 * The OpenAI SDK asks for `encoding_format: "base64"` by default and decodes it.
 */
import { createHash } from 'node:crypto';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { OpenAI } from 'openai';
import { ExternalServiceError } from '../../kernel/errors.js';
import { AdaptiveLimiter } from '../llm/rate-limit.js';
import { backoffMs, classifyFailure } from '../llm/retry.js';
import { EMBEDDINGS_STAGE, type SentRequestJournal } from '../llm/client.js';
import { endpointHostOf } from './endpoint-host.js';

export interface OpenAiEmbedderOptions {
  model: string;
  /** text-embedding-3 models can shorten their output; others ignore or reject it. */
  dimensions?: number;
  /** Default: api.openai.com. */
  baseURL?: string;
  apiKey: string;
  /** Name of the key's variable, for error messages only. */
  apiKeyEnv: string;
  /** Texts per request. */
  batchSize: number;
  /** Requests in flight at most (halved on 429, grown back after successes). */
  concurrency: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and connection failures. */
  maxRetries: number;
  timeoutMs: number;
  /** Backoff base and cap (ms); tests shrink them. Default 500 and 30,000. */
  retryBaseMs?: number;
  retryCapMs?: number;
  warn?: (message: string) => void;
  /** The run's journal of sent requests, once the run directory exists (pipelines/run-state/request-journal.ts). */
  journal?: () => SentRequestJournal | undefined;
}

export interface EmbeddingRequestUsage {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Billed input tokens, summed from the replies. */
  inputTokens: number;
  /** Texts embedded by successful requests. */
  texts: number;
  /** Replies that were retried because of a 429. */
  rateLimited: number;
}

export { endpointHostOf } from './endpoint-host.js';

export class OpenAiCompatibleEmbeddings extends OpenAIEmbeddings {
  private readonly limiter: AdaptiveLimiter;
  private readonly settings: OpenAiEmbedderOptions;
  private readonly counts: EmbeddingRequestUsage = { requests: 0, inputTokens: 0, texts: 0, rateLimited: 0 };
  /** A query is one input of the same /embeddings request, so queries may be batched. */
  readonly queryBatchIsExact = true;

  constructor(options: OpenAiEmbedderOptions) {
    super({
      model: options.model,
      ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
      batchSize: options.batchSize,
      apiKey: options.apiKey,
      timeout: options.timeoutMs,
      maxRetries: 0,
      // Concurrency is the limiter's job; LangChain's caller must not queue behind it.
      maxConcurrency: Infinity,
      ...(options.baseURL ? { configuration: { baseURL: options.baseURL } } : {}),
    });
    this.settings = options;
    this.limiter = new AdaptiveLimiter(options.concurrency);
  }

  usage(): EmbeddingRequestUsage {
    return { ...this.counts };
  }

  /** One HTTP request, journaled inside its concurrency slot (a `sent` line before it leaves, `done`/`failed` after). */
  private async sendJournaled(request: OpenAI.EmbeddingCreateParams): Promise<OpenAI.CreateEmbeddingResponse & { _request_id?: string | null }> {
    const journal = this.settings.journal?.();
    if (!journal) return super.embeddingWithRetry(request);
    const key = createHash('sha256').update(JSON.stringify([this.settings.model, this.settings.dimensions ?? null, request.input])).digest('hex');
    const id = journal.sent({ key, stage: `${EMBEDDINGS_STAGE}${this.settings.model}` });
    let response: OpenAI.CreateEmbeddingResponse & { _request_id?: string | null };
    try {
      response = await super.embeddingWithRetry(request);
    } catch (error) {
      journal.failed(id);
      throw error;
    }
    journal.done(id, { inputTokens: response.usage?.prompt_tokens ?? 0, outputTokens: 0 });
    return response;
  }

  protected override async embeddingWithRetry(request: OpenAI.EmbeddingCreateParams): Promise<OpenAI.CreateEmbeddingResponse & { _request_id?: string | null }> {
    const host = endpointHostOf(this.settings.baseURL);
    const context = { apiKeyEnv: this.settings.apiKeyEnv, endpointHost: host, baseURL: this.settings.baseURL ?? 'https://api.openai.com/v1', model: this.settings.model };
    const texts = Array.isArray(request.input) ? request.input.length : 1;
    for (let attempt = 0; ; attempt += 1) {
      this.counts.requests += 1;
      try {
        const response = await this.limiter.run(() => this.sendJournaled(request));
        this.limiter.onSuccess();
        if (response.data.length !== texts) {
          throw new ExternalServiceError(`${host}: embeddings reply has ${response.data.length} vectors for ${texts} texts`);
        }
        this.counts.inputTokens += response.usage?.prompt_tokens ?? 0;
        this.counts.texts += texts;
        return response;
      } catch (error) {
        if (error instanceof ExternalServiceError) throw error;
        const failure = classifyFailure(error, context);
        if (!failure.retryable) {
          throw failure.error instanceof ExternalServiceError
            ? failure.error
            : new ExternalServiceError(`${host}: embedding request failed: ${failure.error.message}`, { cause: failure.error });
        }
        if (failure.rateLimited) {
          this.counts.rateLimited += 1;
          this.limiter.onRateLimited();
        }
        if (attempt >= this.settings.maxRetries) {
          throw new ExternalServiceError(
            `${host}: embedding model ${this.settings.model} gave up after ${attempt + 1} requests (embedder.maxRetries is ${this.settings.maxRetries}); last failure: ${failure.reason}`,
            { cause: error },
          );
        }
        const wait = backoffMs(attempt, {
          baseMs: this.settings.retryBaseMs ?? 500,
          capMs: this.settings.retryCapMs ?? 30_000,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        });
        this.settings.warn?.(`${host}: ${failure.reason}; retry ${attempt + 1}/${this.settings.maxRetries} in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}
