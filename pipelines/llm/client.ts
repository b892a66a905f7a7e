import type { z } from 'zod';
import { ExternalServiceError } from '../../kernel/errors.js';
import { redactSecrets } from '../../kernel/secrets.js';
import type { ModelPrice } from './config.js';
import { cacheKey, type ResponseCache } from './cache.js';
import { estimateTokens } from '../../kernel/call-estimate.js';
import { AdaptiveLimiter, MinuteBudget } from './rate-limit.js';
import { backoffMs, classifyFailure, ContextWindowExceededError } from './retry.js';
import { checkChoice, repairMessages, toToolSchema } from './structured.js';
import type { ChatTransport, CompleteRequest, CompleteResult, LlmClient, RawReply, TransportRequest, Usage } from '../../kernel/llm-types.js';
import { addUsage, priceFor, UsageLedger } from '../../kernel/usage.js';

export interface LlmClientOptions {
  transport: ChatTransport;
  /** Omit to disable caching. */
  cache?: ResponseCache;
  /** Name of the key's environment variable, for error messages only. */
  apiKeyEnv: string;
  temperature: number;
  seed?: number;
  maxTokens?: number;
  concurrency: number;
  maxRetries: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  prices?: Record<string, ModelPrice>;
  /** Backoff base and cap (ms); tests shrink them. Default 500 and 30,000. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Successes before adaptive concurrency grows by one. Default 10. */
  growAfter?: number;
  warn?: (message: string) => void;
  /** Told about every request just before it is sent and when it returns (the run's llm-requests.jsonl). */
  journal?: SentRequestJournal;
}

/** Journal lines of embedding requests have the stage `embeddings:<model>`; chat requests their prompt's stage. */
export const EMBEDDINGS_STAGE = 'embeddings:';

/** Where sent requests are recorded, so requests in flight at a crash can be counted on resume. */
export interface SentRequestJournal {
  sent(request: { key: string; stage: string }): number;
  done(id: number, tokens: { inputTokens: number; outputTokens: number }): void;
  failed(id: number): void;
}

interface Exchange {
  reply: RawReply;
  usage: Usage;
}

/**
 * The single owner of retries, concurrency, budgets, caching and usage for one chat endpoint.
 * Each HTTP exchange: cache lookup -> merge with an identical in-flight request -> budget ->
 * adaptive p-limit slot -> transport.send, retried on 429/5xx/timeouts with full-jitter backoff.
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const { transport, cache } = options;
  const limiter = new AdaptiveLimiter(options.concurrency, options.growAfter ?? 10);
  const budget = new MinuteBudget({
    ...(options.requestsPerMinute !== undefined ? { rpm: options.requestsPerMinute } : {}),
    ...(options.tokensPerMinute !== undefined ? { tpm: options.tokensPerMinute } : {}),
  });
  const ledger = new UsageLedger(transport.model, priceFor(transport.model, options.prices));
  const inFlight = new Map<string, Promise<RawReply>>();
  const context = { apiKeyEnv: options.apiKeyEnv, endpointHost: transport.endpointHost, baseURL: transport.baseURL, model: transport.model };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /** One HTTP request, journaled inside its concurrency slot: a request waiting for a slot was not sent. */
  async function sendOnce(request: TransportRequest, meta: { key: string; stage: string }): Promise<RawReply> {
    const journal = options.journal;
    if (!journal) return transport.send(request);
    const id = journal.sent(meta);
    let reply: RawReply;
    try {
      reply = await transport.send(request);
    } catch (error) {
      journal.failed(id);
      throw error;
    }
    journal.done(id, { inputTokens: reply.inputTokens, outputTokens: reply.outputTokens });
    return reply;
  }

  async function sendWithRetries(request: TransportRequest, meta: { key: string; stage: string }): Promise<{ reply: RawReply; requests: number }> {
    const estimated = estimateTokens(request.messages.map((m) => m.content).join('\n')) + (options.maxTokens ?? 0);
    let requests = 0;
    for (let attempt = 0; ; attempt += 1) {
      await budget.acquire(estimated);
      requests += 1;
      try {
        const reply = redactReply(await limiter.run(() => sendOnce(request, meta)));
        limiter.onSuccess();
        return { reply, requests };
      } catch (error) {
        const failure = classifyFailure(error, context);
        if (!failure.retryable) throw failure.error;
        if (failure.rateLimited) limiter.onRateLimited();
        if (attempt >= options.maxRetries) {
          throw new ExternalServiceError(
            `${transport.endpointHost}: gave up after ${requests} requests (llm.maxRetries is ${options.maxRetries}); last failure: ${failure.reason}`,
            { cause: error },
          );
        }
        const wait = backoffMs(attempt, {
          baseMs: options.retryBaseMs ?? 500,
          capMs: options.retryCapMs ?? 30_000,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        });
        options.warn?.(`${transport.endpointHost}: ${failure.reason}; retry ${attempt + 1}/${options.maxRetries} in ${wait} ms`);
        await sleep(wait);
      }
    }
  }

  async function exchange(request: TransportRequest, meta: { promptId: string; promptVersion: string; stage: string }): Promise<Exchange> {
    const key = cacheKey({
      model: transport.model,
      endpointHost: transport.endpointHost,
      temperature: request.temperature ?? options.temperature,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      n: request.n,
      messages: request.messages,
      schemaName: request.schemaName,
      jsonSchema: request.jsonSchema,
      promptId: meta.promptId,
      promptVersion: meta.promptVersion,
    });
    const cached = cache?.get(key);
    if (cached) return { reply: cached, usage: ledger.usageOf({ requests: 0, cacheHits: 1, inputTokens: 0, outputTokens: 0 }) };
    const pending = inFlight.get(key);
    if (pending) {
      // Merged with an identical request already on the wire: it pays, we count a cache hit.
      return { reply: await pending, usage: ledger.usageOf({ requests: 0, cacheHits: 1, inputTokens: 0, outputTokens: 0 }) };
    }
    let sent = 0;
    const promise = sendWithRetries(request, { key, stage: meta.stage }).then(({ reply, requests }) => {
      sent = requests;
      cache?.set(key, reply, { model: transport.model, promptId: meta.promptId });
      return reply;
    });
    inFlight.set(key, promise);
    try {
      const reply = await promise;
      return { reply, usage: ledger.usageOf({ requests: sent, cacheHits: 0, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens }) };
    } finally {
      inFlight.delete(key);
    }
  }

  return {
    model: transport.model,
    usage: () => ledger.report(),
    async complete<T>(request: CompleteRequest<T>): Promise<CompleteResult<T>> {
      const stage = request.stage ?? request.promptId;
      const meta = { promptId: request.promptId, promptVersion: request.promptVersion, stage };
      const jsonSchema = toToolSchema(request.schema as z.ZodType);
      const seed = request.seed ?? options.seed;
      const base = {
        jsonSchema,
        schemaName: request.schemaName,
        ...(seed !== undefined ? { seed } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      };
      let usage = ledger.usageOf({ requests: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0 });
      const finish = (result: CompleteResult<T>): CompleteResult<T> => {
        ledger.record(stage, result.usage);
        return result;
      };

      let first: Exchange;
      try {
        first = await exchange({ ...base, messages: request.messages, n: request.n ?? 1 }, meta);
      } catch (error) {
        if (!(error instanceof ContextWindowExceededError)) throw error;
        return finish({ ok: false, reason: error.message, usage: addUsage(usage, ledger.usageOf({ requests: 1, cacheHits: 0, inputTokens: 0, outputTokens: 0 })) });
      }
      usage = addUsage(usage, first.usage);
      const checked = first.reply.choices.map((choice) => ({ choice, result: checkChoice(choice, request.schema) }));
      const values = checked.flatMap(({ result }) => (result.ok ? [result.value] : []));
      if (values.length > 0) return finish({ ok: true, value: values[0]!, values, usage, fromCache: first.usage.requests === 0, choices: checked.length });

      const bad = checked[0];
      if (!bad) return finish({ ok: false, reason: `${request.promptId}: the reply had no choices`, usage });
      const firstReason = bad.result.ok ? 'unknown' : bad.result.reason;
      const repair = await exchange({ ...base, messages: repairMessages(request.messages, bad.choice, firstReason, request.schemaName), n: 1 }, meta);
      usage = addUsage(usage, repair.usage);
      const repaired = repair.reply.choices[0] ? checkChoice(repair.reply.choices[0], request.schema) : ({ ok: false, reason: 'the reply had no choices' } as const);
      if (repaired.ok) return finish({
          ok: true,
          value: repaired.value,
          values: [repaired.value],
          usage,
          fromCache: first.usage.requests + repair.usage.requests === 0,
          choices: checked.length,
        });
      return finish({ ok: false, reason: `${request.promptId}: ${firstReason}; after one repair request: ${repaired.reason}`, usage });
    },
  };
}

/** A model told to repeat its instructions, or a proxy, may echo a key: it never reaches the cache, the logs or a report. */
function redactReply(reply: RawReply): RawReply {
  return { ...reply, choices: reply.choices.map((choice) => ({ ...choice, text: redactSecrets(choice.text) })) };
}
