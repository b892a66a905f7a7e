import { ExternalServiceError, RagEvalError } from '../../kernel/errors.js';
import { redactSecrets } from '../../kernel/secrets.js';

/** The request did not fit the model's context window: a per-item failure, not a run failure. */
export class ContextWindowExceededError extends RagEvalError {}

/** OpenAI says `context_length_exceeded`; vLLM, Ollama and others only say it in the message. */
export function isContextOverflow(code: string, message: string): boolean {
  return code === 'context_length_exceeded' || /context length|context window|maximum context|too many tokens|prompt is too long/i.test(message);
}

/** What the client needs to know about a failed request. */
export type FailureClass =
  | { retryable: true; reason: string; rateLimited: boolean; retryAfterMs?: number }
  | { retryable: false; error: Error };

export interface EndpointContext {
  apiKeyEnv: string;
  endpointHost: string;
  baseURL: string;
  model: string;
}

/**
 * Sorts an error from the SDK into "try again" (429, 408, 409, 5xx, timeouts, connection resets,
 * unparseable bodies) and "stop" (400, 401, 403, 404, 422 and anything unknown). Stops become
 * ExternalServiceError with a message that says what to fix.
 */
export function classifyFailure(error: unknown, context: EndpointContext): FailureClass {
  const status = statusOf(error) ?? statusOf(field(error, 'cause'));
  const detail = messageOf(error);
  // LangChain re-wraps the SDK's 400 as ContextOverflowError (no status on it).
  if (error instanceof Error && error.name === 'ContextOverflowError') {
    return { retryable: false, error: new ContextWindowExceededError(`the prompt is longer than ${context.model}'s context window (${detail})`, { cause: error }) };
  }
  if (status !== undefined) {
    if (status === 429) return { retryable: true, rateLimited: true, reason: `HTTP 429 (rate limited): ${detail}`, ...retryAfter(error) };
    if (status === 408 || status === 409 || status >= 500) return { retryable: true, rateLimited: false, reason: `HTTP ${status}: ${detail}`, ...retryAfter(error) };
    if (status === 401 || status === 403) {
      return {
        retryable: false,
        error: new ExternalServiceError(`the API key in ${context.apiKeyEnv} was rejected by ${context.endpointHost} (HTTP ${status}: ${detail})`, { cause: error }),
      };
    }
    if (status === 404) {
      return {
        retryable: false,
        error: new ExternalServiceError(`model ${context.model} not found at ${context.baseURL} (HTTP 404: ${detail}); check llm.model and llm.baseURL`, { cause: error }),
      };
    }
    if (status === 400 && isContextOverflow(codeOf(error), detail)) {
      // One oversized item (a long document, many contexts) must not stop the run: it gets null.
      return { retryable: false, error: new ContextWindowExceededError(`the prompt is longer than ${context.model}'s context window (HTTP 400: ${detail})`, { cause: error }) };
    }
    return { retryable: false, error: new ExternalServiceError(`${context.endpointHost} rejected the request (HTTP ${status}: ${detail})`, { cause: error }) };
  }
  const name = error instanceof Error ? `${error.name} ${error.constructor.name}` : '';
  if (/Timeout/i.test(name) || /timed? ?out/i.test(detail)) return { retryable: true, rateLimited: false, reason: `timeout: ${detail}` };
  if (/Connection|ECONNRESET|ECONNREFUSED|socket hang up|fetch failed/i.test(`${name} ${detail} ${codeOf(error)}`)) {
    return { retryable: true, rateLimited: false, reason: `connection failed: ${detail}` };
  }
  if (error instanceof SyntaxError) return { retryable: true, rateLimited: false, reason: `unparseable response body: ${detail}` };
  return { retryable: false, error: error instanceof Error ? error : new Error(String(error)) };
}

/**
 * Delay before retry `attempt` (0-based): the server's Retry-After when given, else "full
 * jitter" (a uniform draw in [0, min(cap, base * 2^attempt)]), which spreads clients that
 * failed together so they do not retry together.
 */
export function backoffMs(attempt: number, options: { baseMs: number; capMs: number; retryAfterMs?: number; random?: () => number }): number {
  if (options.retryAfterMs !== undefined) return Math.min(options.retryAfterMs, options.capMs);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/** Retry-After (seconds or an HTTP date) or OpenAI's retry-after-ms, in milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function retryAfter(error: unknown): { retryAfterMs?: number } {
  const ms = headerOf(error, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return { retryAfterMs: Math.max(0, Number(ms)) };
  const parsed = parseRetryAfter(headerOf(error, 'retry-after'));
  return parsed === undefined ? {} : { retryAfterMs: parsed };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function statusOf(error: unknown): number | undefined {
  const status = field(error, 'status');
  return typeof status === 'number' ? status : undefined;
}

function codeOf(error: unknown): string {
  const code = field(error, 'code') ?? field(field(error, 'cause'), 'code');
  return typeof code === 'string' ? code : '';
}

/**
 * The server's message without LangChain's troubleshooting link or the SDK's leading status code,
 * with keys redacted (a proxy may echo the Authorization header into its error text).
 */
function messageOf(error: unknown): string {
  const status = statusOf(error);
  let message = redactSecrets((error instanceof Error ? error.message : String(error)).split(/\n+Troubleshooting URL:/)[0]!.trim());
  if (status !== undefined && message.startsWith(`${status} `)) message = message.slice(String(status).length + 1);
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = field(error, 'headers');
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = field(headers, name);
  return typeof value === 'string' ? value : undefined;
}
