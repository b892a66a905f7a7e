import type { z } from 'zod';

/**
 * The LLM access layer's public contract. Stages (generators, judges) receive an `LlmClient`
 * and never build one: `createLlmClient` (client.ts) wires a transport, the cache, retries,
 * rate limits and usage accounting behind this one method.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteRequest<T> {
  /** Stable prompt name, e.g. "generate-single-hop"; part of the cache key and of usage reports. */
  promptId: string;
  /** Bump when the prompt text or schema meaning changes: old cache entries stop matching. */
  promptVersion: string;
  messages: ChatMessage[];
  /** The answer's shape. Sent as a forced tool call's parameters; replies are checked with `schema.parse`. */
  schema: z.ZodType<T>;
  /** Tool/function name the model must call: letters, digits, "_" or "-". */
  schemaName: string;
  /** Several samples of the same prompt (`n`); `value` then holds the first, `values` all valid ones. */
  n?: number;
  /** Overrides the config seed for this request. */
  seed?: number;
  /** Overrides the config temperature for this request (answer relevance samples its N questions above 0). */
  temperature?: number;
  /** Usage is summed per stage; default: the promptId. */
  stage?: string;
}

/** Tokens and money. `costUsd` is null when the model has no known price (never a made-up 0). */
export interface Usage {
  /** HTTP requests sent (retries and repairs included). */
  requests: number;
  /** Answers served from the response cache (no request sent). */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export type CompleteResult<T> =
  | {
      ok: true;
      value: T;
      values: T[];
      usage: Usage;
      fromCache: boolean;
      /** Choices the endpoint returned in the first reply, valid or not (`values` holds the valid ones). */
      choices: number;
    }
  | { ok: false; reason: string; usage: Usage };

export interface UsageReport {
  model: string;
  total: Usage;
  byStage: Record<string, Usage>;
  /** Why costUsd is null, when it is. */
  costNote?: string;
}

export interface LlmClient {
  /** The model id after environment overrides (goes into provenance). */
  readonly model: string;
  /**
   * Asks for a structured answer. Bad model output (malformed JSON, schema failure, truncation)
   * gets one repair request and then `ok: false` with the reason; it never throws for that.
   * It throws `ExternalServiceError` for a rejected key (401/403), an unknown model (404), a bad
   * request (400) and when retries on 429/5xx/timeouts are exhausted.
   */
  complete<T>(request: CompleteRequest<T>): Promise<CompleteResult<T>>;
  /** Usage so far, total and per stage. */
  usage(): UsageReport;
}

/** One raw chat-completions exchange, as stored in the cache. */
export interface RawChoice {
  /** Tool-call arguments as sent by the model (may be malformed JSON), or the text content when no tool was called. */
  text: string;
  /** 'tool' when the model called the tool, 'content' when it answered in text. */
  via: 'tool' | 'content';
  finishReason: string;
}

export interface RawReply {
  choices: RawChoice[];
  inputTokens: number;
  outputTokens: number;
}

export interface TransportRequest {
  messages: ChatMessage[];
  /** JSON schema of the tool parameters. */
  jsonSchema: Record<string, unknown>;
  schemaName: string;
  n: number;
  seed?: number;
  /** Absent: the transport's configured temperature. */
  temperature?: number;
}

/** Sends exactly one HTTP request; no retries (the client owns the single retry layer). */
export interface ChatTransport {
  readonly model: string;
  /** `host:port`, for messages and cache keys. */
  readonly endpointHost: string;
  readonly baseURL: string;
  send(request: TransportRequest): Promise<RawReply>;
}
