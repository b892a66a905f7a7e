import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, ExternalServiceError } from '../../../kernel/errors.js';
import { LlmConfig } from '../../../pipelines/llm/config.js';
import { createLlmRuntime, type LlmRuntime } from '../../../pipelines/llm/factory.js';
import { loopbackRuntime, TEST_API_KEY } from '../../support/llm-client.js';
import { reply, startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const Answer = z.object({ answer: z.string().min(1), confidence: z.number().min(0).max(1) });
const request = (content = 'What is 2+2?') => ({
  promptId: 'test-prompt',
  promptVersion: '1',
  messages: [
    { role: 'system' as const, content: 'Answer.' },
    { role: 'user' as const, content },
  ],
  schema: Answer,
  schemaName: 'give_answer',
});
const good = { answer: 'four', confidence: 0.9 };

const tempDir = useTempDirs();
let server: OpenAiServer;
const runtimes: LlmRuntime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) runtime.close();
  await server?.close();
});

async function setup(overrides: Partial<LlmConfig> = {}, serverOptions: Parameters<typeof startOpenAiServer>[0] = {}) {
  server = await startOpenAiServer(serverOptions);
  const dir = tempDir();
  const warnings: string[] = [];
  const runtime = loopbackRuntime(server, dir, overrides, warnings);
  runtimes.push(runtime);
  return { runtime, client: runtime.client, dir, warnings };
}

describe('LlmClient.complete against the loopback server', () => {
  it('sends a forced tool call with the zod schema and returns the parsed value and usage', async () => {
    const { client } = await setup({ seed: 7, maxTokens: 300 });
    server.enqueue(reply.tool(good, { usage: { promptTokens: 120, completionTokens: 30 } }));
    const result = await client.complete(request());
    expect(result).toEqual({ ok: true, value: good, values: [good], fromCache: false, choices: 1, usage: { requests: 1, cacheHits: 0, inputTokens: 120, outputTokens: 30, costUsd: null } });
    const body = server.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body.model).toBe('test-model');
    expect(body.seed).toBe(7);
    expect(body.max_tokens).toBe(300);
    expect(body.temperature).toBe(0);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'give_answer' } });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'give_answer',
          parameters: {
            type: 'object',
            // strict mode rejects minLength: it travels as description text
            properties: { answer: { type: 'string', description: 'at least 1 character' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
            required: ['answer', 'confidence'],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    ]);
    expect(client.usage().byStage).toEqual({ 'test-prompt': { requests: 1, cacheHits: 0, inputTokens: 120, outputTokens: 30, costUsd: null } });
  });

  it('prices known models: gpt-4o-mini at $0.15 / $0.60 per million tokens', async () => {
    const { client } = await setup({ model: 'gpt-4o-mini' });
    server.enqueue(reply.tool(good, { usage: { promptTokens: 1_000_000, completionTokens: 500_000 } }));
    const result = await client.complete(request());
    expect(result.usage.costUsd).toBeCloseTo(0.45, 12);
  });

  it('429 with Retry-After, then success: exactly 2 requests', async () => {
    const { client, warnings } = await setup({ concurrency: 8 });
    server.enqueue(reply.status(429, { retryAfter: '0' }), reply.tool(good));
    const result = await client.complete(request());
    expect(result.ok).toBe(true);
    expect(result.usage.requests).toBe(2);
    expect(server.chatRequests()).toHaveLength(2);
    expect(warnings).toEqual([expect.stringContaining('HTTP 429')]);
  });

  it('waits for Retry-After before retrying', async () => {
    const { client } = await setup();
    server.enqueue(reply.status(429, { retryAfter: '0.3' }), reply.tool(good));
    const started = Date.now();
    await client.complete(request());
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('500 twice, then success: exactly 3 requests', async () => {
    const { client } = await setup();
    server.enqueue(reply.status(500), reply.status(503), reply.tool(good));
    const result = await client.complete(request());
    expect(result.ok && result.value).toEqual(good);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('a reply slower than timeoutMs is retried: 2 requests', async () => {
    // The first reply takes 6x the limit, so it is abandoned whatever the load; the limit itself is
    // wide, so the immediate second reply is not also abandoned on a busy machine.
    const { client } = await setup({ timeoutMs: 5_000 });
    server.enqueue(reply.slow(30_000, reply.tool(good)), reply.tool(good));
    const result = await client.complete(request());
    expect(result.ok).toBe(true);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('a reset connection is retried: 2 requests', async () => {
    const { client } = await setup();
    server.enqueue({ resetConnection: true }, reply.tool(good));
    expect((await client.complete(request())).ok).toBe(true);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('gives up after maxRetries with an ExternalServiceError naming the last failure', async () => {
    const { client } = await setup({ maxRetries: 2 });
    server.setChatHandler(() => reply.status(502, { message: 'bad gateway' }));
    await expect(client.complete(request())).rejects.toThrow(
      new ExternalServiceError(`${server.host}: gave up after 3 requests (llm.maxRetries is 2); last failure: HTTP 502: bad gateway`),
    );
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('malformed tool arguments get one repair request that shows the error: 2 requests', async () => {
    const { client } = await setup();
    server.enqueue(reply.tool('{"answer": "four", "confidence": '), reply.tool(good));
    const result = await client.complete(request());
    expect(result).toMatchObject({ ok: true, value: good, usage: { requests: 2 } });
    const repair = server.chatRequests()[1]!.body as { messages: { role: string; content: string }[] };
    expect(repair.messages).toHaveLength(4);
    expect(repair.messages[2]).toEqual({ role: 'assistant', content: '{"answer": "four", "confidence": ' });
    expect(repair.messages[3]!.content).toMatch(/^That answer was rejected: the answer is not valid JSON \(/);
  });

  it('truncated output (finish_reason length) is repaired: 2 requests', async () => {
    const { client } = await setup();
    server.enqueue(reply.truncated('{"answer": "fo'), reply.tool(good));
    const result = await client.complete(request());
    expect(result.ok).toBe(true);
    expect(server.chatRequests()).toHaveLength(2);
    const repair = server.chatRequests()[1]!.body as { messages: { content: string }[] };
    expect(repair.messages[3]!.content).toContain('keep the answer shorter');
  });

  it('schema failure twice: ok:false with the reason after exactly 2 requests, never throws', async () => {
    const { client } = await setup();
    server.enqueue(reply.tool({ answer: '', confidence: 2 }), reply.tool({ answer: 'four' }));
    const result = await client.complete(request());
    expect(result).toEqual({
      ok: false,
      reason:
        'test-prompt: the answer does not match the schema: answer: Too small: expected string to have >=1 characters; confidence: Too big: expected number to be <=1; ' +
        'after one repair request: the answer does not match the schema: confidence: Invalid input: expected number, received undefined',
      usage: { requests: 2, cacheHits: 0, inputTokens: expect.any(Number), outputTokens: expect.any(Number), costUsd: null },
    });
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('accepts JSON in the message content when a server ignores tool_choice', async () => {
    const { client } = await setup();
    server.enqueue(reply.content('```json\n{"answer":"four","confidence":1}\n```'));
    const result = await client.complete(request());
    expect(result.ok && result.value).toEqual({ answer: 'four', confidence: 1 });
  });

  it('401: one request, no retry, the message names the key variable and the host', async () => {
    const { client } = await setup({}, { apiKey: 'another-key' });
    const error = await client.complete(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as ExternalServiceError).message).toBe(
      `the API key in OPENAI_API_KEY was rejected by ${server.host} (HTTP 401: Incorrect API key provided.)`,
    );
    expect((error as ExternalServiceError).exitCode).toBe(3);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('404: one request, the message names the model and the base URL', async () => {
    const { client } = await setup({ model: 'gpt-x' }, { models: ['test-model'] });
    const error = await client.complete(request()).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `model gpt-x not found at ${server.baseURL} (HTTP 404: The model \`gpt-x\` does not exist or you do not have access to it.); check llm.model and llm.baseURL`,
    );
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('a missing key variable is a ConfigError before any request', async () => {
    server = await startOpenAiServer();
    const config = LlmConfig.parse({ model: 'm', baseURL: server.baseURL, apiKeyEnv: 'MY_LLM_KEY' });
    expect(() => createLlmRuntime({ config, baseDir: tempDir(), env: {} })).toThrow(ConfigError);
    expect(() => createLlmRuntime({ config, baseDir: tempDir(), env: {} })).toThrow(/the environment variable MY_LLM_KEY is not set/);
    expect(server.requests).toHaveLength(0);
  });

  it('RAG_EVAL_LLM_BASE_URL and RAG_EVAL_LLM_MODEL override the config', async () => {
    server = await startOpenAiServer();
    const config = LlmConfig.parse({ model: 'configured', baseURL: 'http://192.0.2.1:9/v1', cache: false });
    const runtime = createLlmRuntime({ config, baseDir: tempDir(), env: { OPENAI_API_KEY: 'k', RAG_EVAL_LLM_BASE_URL: server.baseURL, RAG_EVAL_LLM_MODEL: 'overridden' } });
    server.enqueue(reply.tool(good));
    await runtime.client.complete(request());
    expect((server.chatRequests()[0]!.body as { model: string }).model).toBe('overridden');
    expect(runtime.client.model).toBe('overridden');
  });
});

describe('response cache', () => {
  it('a second identical run sends zero HTTP requests, also from a new client on the same file', async () => {
    const { client, dir } = await setup();
    server.setChatHandler(() => reply.tool(good, { usage: { promptTokens: 10, completionTokens: 5 } }));
    await client.complete(request('a'));
    await client.complete(request('b'));
    expect(server.chatRequests()).toHaveLength(2);
    const again = await client.complete(request('a'));
    expect(again).toEqual({ ok: true, value: good, values: [good], fromCache: true, choices: 1, usage: { requests: 0, cacheHits: 1, inputTokens: 0, outputTokens: 0, costUsd: null } });
    const second = loopbackRuntime(server, dir);
    runtimes.push(second);
    await second.client.complete(request('a'));
    await second.client.complete(request('b'));
    expect(server.chatRequests()).toHaveLength(2);
    expect(second.client.usage().total).toEqual({ requests: 0, cacheHits: 2, inputTokens: 0, outputTokens: 0, costUsd: null });
  });

  it('a different prompt version, schema or seed misses the cache', async () => {
    const { client } = await setup();
    server.setChatHandler(() => reply.tool(good));
    await client.complete(request());
    await client.complete({ ...request(), promptVersion: '2' });
    await client.complete({ ...request(), seed: 3 });
    await client.complete({ ...request(), schema: Answer.extend({ extra: z.string().optional() }) });
    expect(server.chatRequests()).toHaveLength(4);
  });

  it('errors are not cached', async () => {
    const { client } = await setup({ maxRetries: 0 });
    server.enqueue(reply.status(500));
    await expect(client.complete(request())).rejects.toThrow(ExternalServiceError);
    server.enqueue(reply.tool(good));
    expect((await client.complete(request())).ok).toBe(true);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('identical concurrent requests are merged into one HTTP request', async () => {
    const { client } = await setup();
    server.setChatHandler(() => reply.slow(100, reply.tool(good)));
    const results = await Promise.all([client.complete(request()), client.complete(request()), client.complete(request())]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(server.chatRequests()).toHaveLength(1);
    expect(client.usage().total.requests).toBe(1);
    expect(client.usage().total.cacheHits).toBe(2);
  });

  it('never writes the API key into the cache file', async () => {
    const { client, dir } = await setup();
    server.setChatHandler(() => reply.tool(good));
    await client.complete(request());
    for (const runtime of runtimes.splice(0)) runtime.close();
    const files = readdirSync(dir);
    expect(files).toEqual(['cache.sqlite']);
    const bytes = readFileSync(path.join(dir, 'cache.sqlite'));
    expect(bytes.includes(Buffer.from('SECRET'))).toBe(false);
    expect(bytes.includes(Buffer.from(TEST_API_KEY))).toBe(false);
    // The stored answer is there, so the scan looks at real content.
    expect(bytes.includes(Buffer.from('{\\"answer\\":\\"four\\",\\"confidence\\":0.9}'))).toBe(true);
  });

  it('a corrupted cache file is moved aside with a warning and rebuilt', async () => {
    server = await startOpenAiServer();
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cache.sqlite'), 'this is not a database, just text '.repeat(200));
    const warnings: string[] = [];
    const runtime = loopbackRuntime(server, dir, {}, warnings);
    runtimes.push(runtime);
    expect(warnings).toEqual([expect.stringMatching(/^response cache .*cache\.sqlite is unreadable \(.*\); moved it to .*cache\.sqlite\.corrupt-\d+ and started an empty cache$/)]);
    server.setChatHandler(() => reply.tool(good));
    await runtime.client.complete(request());
    await runtime.client.complete(request());
    expect(server.chatRequests()).toHaveLength(1);
  });
});
