import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddingCache } from '../../../pipelines/embeddings/cache.js';
import { CachedEmbeddings } from '../../../pipelines/embeddings/cached-embeddings.js';
import { OpenAiCompatibleEmbeddings, type OpenAiEmbedderOptions } from '../../../pipelines/embeddings/openai-embedder.js';
import { ExternalServiceError } from '../../../kernel/errors.js';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';
import { hashEmbedding, startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const MODEL = 'text-embedding-3-small';

describe('OpenAI-compatible embeddings against the loopback server', () => {
  let server: OpenAiServer;
  let proxy: FaultProxy;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    server = await startOpenAiServer({ models: [MODEL], apiKey: 'test-key' });
    proxy = await startFaultProxy(server.baseURL);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    proxy.requests.length = 0;
  });

  const embedder = (overrides: Partial<OpenAiEmbedderOptions> = {}) =>
    new OpenAiCompatibleEmbeddings({
      model: MODEL,
      dimensions: 4,
      baseURL: server.baseURL,
      apiKey: 'test-key',
      apiKeyEnv: 'TEST_KEY',
      batchSize: 2,
      concurrency: 2,
      maxRetries: 2,
      timeoutMs: 5000,
      retryBaseMs: 1,
      ...overrides,
    });
  const embeddingRequests = () => server.requests.filter((r) => r.path === '/v1/embeddings');
  const expected = (text: string) => hashEmbedding(text, 4).map((v) => Math.fround(v));

  it('asks for base64, passes dimensions, batches 5 texts into exactly 3 requests and counts tokens', async () => {
    const e = embedder();
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    expect(await e.embedDocuments(texts)).toEqual(texts.map(expected));
    const bodies = embeddingRequests().map((r) => r.body as { input: string[]; dimensions: number; encoding_format: string; model: string });
    expect(bodies.map((b) => b.input)).toEqual([['alpha', 'beta'], ['gamma', 'delta'], ['epsilon']]);
    expect(bodies.every((b) => b.encoding_format === 'base64' && b.dimensions === 4 && b.model === MODEL)).toBe(true);
    // The server bills ceil(chars / 4) per text: 2+1+2+2+2.
    expect(e.usage()).toEqual({ requests: 3, inputTokens: 9, texts: 5, rateLimited: 0 });
  });

  it('retries a 429 after its Retry-After and succeeds, counting both requests', async () => {
    proxy.fail({ status: 429, headers: { 'retry-after': '0' } });
    const e = embedder({ baseURL: proxy.baseURL });
    expect(await e.embedQuery('zeta')).toEqual(expected('zeta'));
    expect(proxy.requests.map((r) => r.failedWith ?? 200)).toEqual([429, 200]);
    expect(e.usage()).toEqual({ requests: 2, inputTokens: 1, texts: 1, rateLimited: 1 });
  });

  it('gives up after maxRetries with an ExternalServiceError naming the last failure', async () => {
    proxy.fail({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, { status: 500 });
    const e = embedder({ baseURL: proxy.baseURL, maxRetries: 2 });
    const error = await e.embedQuery('eta').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as Error).message).toMatch(/gave up after 3 requests \(embedder\.maxRetries is 2\); last failure: HTTP 500/);
    expect(proxy.requests).toHaveLength(3);
  });

  it('a rejected key stops at once and names the variable', async () => {
    const error = await embedder({ apiKey: 'wrong' }).embedQuery('x').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as Error).message).toContain('the API key in TEST_KEY was rejected');
    expect(embeddingRequests()).toHaveLength(1);
  });

  it('with the cache, a re-run sends zero requests and returns identical vectors; a changed text costs one', async () => {
    const file = path.join(tempDir(), 'embeddings.sqlite');
    const identity = { modelId: `openai:${server.host}:${MODEL}`, dimensions: 4, queryPrefix: 'query: ', documentPrefix: 'passage: ' };
    const texts = ['one', 'two', 'three', 'two'];

    const cache1 = openEmbeddingCache(file);
    const first = new CachedEmbeddings(embedder(), identity, cache1);
    const vectors = await first.embedDocuments(texts);
    // "two" appears twice but is embedded once; the document prefix is sent.
    expect(embeddingRequests().map((r) => (r.body as { input: string[] }).input)).toEqual([['passage: one', 'passage: two'], ['passage: three']]);
    expect(vectors).toEqual(['passage: one', 'passage: two', 'passage: three', 'passage: two'].map(expected));
    await first.embedQuery('hello');
    expect((embeddingRequests()[2]!.body as { input: string }).input).toBe('query: hello');
    cache1.close();

    server.requests.length = 0;
    const cache2 = openEmbeddingCache(file);
    const inner = embedder();
    const second = new CachedEmbeddings(inner, identity, cache2, () => inner.usage());
    expect(await second.embedDocuments(texts)).toEqual(vectors);
    expect(await second.embedQuery('hello')).toEqual(expected('query: hello'));
    expect(embeddingRequests()).toHaveLength(0);
    expect(second.usage()).toEqual({ modelId: identity.modelId, requests: 0, inputTokens: 0, cacheHits: 5, cacheMisses: 0 });

    await second.embedDocuments(['one', 'two', 'three changed']);
    expect(embeddingRequests().map((r) => (r.body as { input: string[] }).input)).toEqual([['passage: three changed']]);
    // Another dimension is another cache entry.
    const otherDims = new CachedEmbeddings(embedder({ dimensions: 3 }), { ...identity, dimensions: 3 }, cache2);
    await otherDims.embedDocuments(['one']);
    expect(embeddingRequests()).toHaveLength(2);
    cache2.close();
  });
});
