import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingCacheKey } from '../../../pipelines/embeddings/cache.js';
import type { CachedEmbeddings } from '../../../pipelines/embeddings/cached-embeddings.js';
import { endpointIdOf } from '../../../pipelines/embeddings/endpoint-host.js';
import { defaultClients } from '../../../pipelines/runner/default-clients.js';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

describe('the embedding cache is keyed on the whole endpoint, without credentials', () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer();
  });
  afterAll(async () => server.close());

  it('endpointIdOf keeps scheme, host, port and path; drops user:password, query and a trailing slash', () => {
    expect(endpointIdOf(undefined)).toBe('https://api.openai.com/v1');
    expect(endpointIdOf('http://user:secret@10.0.0.5:8080/team-a/v1/?api-key=sk-123#x')).toBe('http://10.0.0.5:8080/team-a/v1');
    expect(endpointIdOf('http://10.0.0.5:8080/team-b/v1')).toBe('http://10.0.0.5:8080/team-b/v1');
    const key = (endpoint?: string) => embeddingCacheKey({ modelId: 'openai:10.0.0.5:8080:m', dimensions: null, prefix: '', text: 't', ...(endpoint ? { endpoint } : {}) });
    expect(key('http://10.0.0.5:8080/team-a/v1')).not.toBe(key('http://10.0.0.5:8080/team-b/v1'));
  });

  it('a second endpoint on the same host and port does not get the first one\'s cached vectors', async () => {
    const dir = tempDir();
    const clients = defaultClients({ baseDir: dir, env: { OPENAI_API_KEY: 'k' } });
    const cachePath = path.join(dir, 'embeddings.sqlite');
    const first = clients.embeddingsFor({ provider: 'openai', model: 'test-embed', baseURL: server.baseURL, cachePath, maxRetries: 0 }) as CachedEmbeddings;
    await first.embedQuery('the same text');
    expect(server.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(1);

    // Same host:port, another path (another model server behind one gateway): a cache miss, so it
    // asks its own endpoint, which this test server does not serve (404) — never the first's vector.
    const other = clients.embeddingsFor({ provider: 'openai', model: 'test-embed', baseURL: server.baseURL.replace(/\/v1$/, '/other/v1'), cachePath, maxRetries: 0 }) as CachedEmbeddings;
    expect(other.identity.modelId).toBe(first.identity.modelId);
    await expect(other.embedQuery('the same text')).rejects.toThrow();
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/other/v1/embeddings']);
    await clients.close?.();
  });
});
