import { OpenAIEmbeddings } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFloat32Base64, hashEmbedding, startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';

let server: OpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('loopback OpenAI server', () => {
  it('serves base64 embeddings that the SDK decodes to the exact float32 values', async () => {
    server = await startOpenAiServer({ dimensions: 6 });
    const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small', apiKey: 'sk-test', configuration: { baseURL: server.baseURL }, maxRetries: 0 });
    const vectors = await embeddings.embedDocuments(['alpha', 'beta']);
    expect(vectors).toEqual([hashEmbedding('alpha', 6), hashEmbedding('beta', 6)]);
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body as { encoding_format?: string; input: string[] };
    expect(body.encoding_format).toBe('base64');
    expect(body.input).toEqual(['alpha', 'beta']);
    expect(server.requests[0]!.headers.authorization).toBe('<redacted>');
  });

  it('encodes little-endian float32', () => {
    expect(encodeFloat32Base64([1, -2])).toBe(Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]).toString('base64'));
  });

  it('lists models and answers 401 for a wrong key', async () => {
    server = await startOpenAiServer({ apiKey: 'right', models: ['m1'] });
    const ok = await fetch(`${server.baseURL}/models`, { headers: { authorization: 'Bearer right' } });
    expect(((await ok.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(['m1']);
    const denied = await fetch(`${server.baseURL}/models`, { headers: { authorization: 'Bearer wrong' } });
    expect(denied.status).toBe(401);
    expect(server.requests).toHaveLength(2);
  });
});
