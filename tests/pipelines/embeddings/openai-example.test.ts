import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../pipelines/config/load.js';
import { defaultClients } from '../../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../../pipelines/progress/progress.js';
import { runPipeline } from '../../../pipelines/runner/run-pipeline.js';
import { RunSummary } from '../../../reports/summary-schema.js';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const CONFIG = path.resolve(import.meta.dirname, '../../../examples/programming-languages/rag-eval.openai.yaml');
const MODELS = ['text-embedding-3-small', 'text-embedding-3-large'];

/**
 * The second example config against the loopback OpenAI-compatible server (the env override
 * points it there), with its cache in a temp folder. With OPENAI_API_KEY set, the live test
 * at the end runs it against OpenAI itself.
 */
describe('examples/programming-languages/rag-eval.openai.yaml', () => {
  let server: OpenAiServer;
  const tempDir = useTempDirs();
  beforeAll(async () => {
    server = await startOpenAiServer({ models: MODELS, apiKey: 'loopback-key' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('compares small and large at k = 4 with per-query tables, Models and cost tables; a re-run is served from the cache', async () => {
    const loaded = await loadConfig(CONFIG);
    const cacheDir = tempDir();
    const env = { OPENAI_API_KEY: 'loopback-key', RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL };
    const run = async () => {
      // baseDir is the temp folder, so the cache is written there and not into examples/.
      const clients = defaultClients({ baseDir: cacheDir, env });
      try {
        return await runPipeline({ loaded, outDir: tempDir(), clients, progress: silentProgress });
      } finally {
        await clients.close?.();
      }
    };
    const first = await run();
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(first.outDir, 'summary.json'), 'utf8')));
    expect(summary.configurations.map((c) => [c.name, c.k])).toEqual([['openai-3-small', 4], ['openai-3-large', 4]]);
    const requests = server.requests.filter((r) => r.path === '/v1/embeddings');
    // Per model: one request for the 12 chunks (batch 64) + one per question (13); the untimed
    // warm-up query repeats the first question, which the cache then answers.
    expect(requests).toHaveLength(2 * (1 + 13));
    expect(new Set(requests.map((r) => (r.body as { model: string }).model))).toEqual(new Set(MODELS));
    expect(requests.every((r) => (r.body as { encoding_format: string }).encoding_format === 'base64')).toBe(true);

    const small = summary.configurations[0]!.embeddingCost!;
    const large = summary.configurations[1]!.embeddingCost!;
    // The warm-up question asked again is served by the retriever's shared query vectors, not the cache.
    expect(small).toMatchObject({ requests: 14, cacheHits: 0, cacheMisses: 25 });
    expect(small.inputTokens).toBe(large.inputTokens);
    expect(small.costUsd).toBeCloseTo((small.inputTokens * 0.02) / 1e6, 15);
    expect(large.costUsd).toBeCloseTo((large.inputTokens * 0.13) / 1e6, 15);
    expect(summary.embeddingModels.map((m) => [m.model, m.dimensions, m.pricePerMillionTokens, m.hosting])).toEqual([
      ['text-embedding-3-small', 1536, 0.02, 'api'],
      ['text-embedding-3-large', 3072, 0.13, 'api'],
    ]);
    expect(summary.configurations.every((c) => c.ann === null)).toBe(true);

    const report = readFileSync(first.reportPath, 'utf8');
    expect(report).toContain('### `gc`:');
    expect(report).toContain('### `web-backend`:');
    expect(report).toContain('| Rank | openai-3-small | openai-3-large |');
    expect(report).toContain('## Models');
    expect(report).toContain('| text-embedding-3-large | openai-3-large | 3072 | 8191 | proprietary (OpenAI terms) | api | 0.13 | — |');
    expect(report).toContain('## Embedding cost');

    server.requests.length = 0;
    const second = await run();
    expect(server.requests).toHaveLength(0);
    const again = RunSummary.parse(JSON.parse(readFileSync(path.join(second.outDir, 'summary.json'), 'utf8')));
    expect(again.configurations.map((c) => c.metrics)).toEqual(summary.configurations.map((c) => c.metrics));
    // Every chunk (12) and every query (13 + the untimed warm-up query) comes from the cache.
    expect(summary.configurations[0]!.chunks).toBe(12);
    expect(again.configurations[0]!.embeddingCost).toMatchObject({ requests: 0, inputTokens: 0, cacheHits: 25, cacheMisses: 0, costUsd: 0 });
  });

  it.runIf(Boolean(process.env.OPENAI_API_KEY))('live: runs against OpenAI when OPENAI_API_KEY is set', async () => {
    const loaded = await loadConfig(CONFIG);
    const clients = defaultClients({ baseDir: tempDir() });
    try {
      const result = await runPipeline({ loaded, outDir: tempDir(), clients, progress: silentProgress });
      expect(result.summary.configurations.map((c) => c.metrics.mrr!.scored)).toEqual([13, 13]);
    } finally {
      await clients.close?.();
    }
  });
});
