/**
 * The multilingual configs of the Chinese example: the server config runs against the loopback
 * OpenAI-compatible server (as it would against TEI, vLLM or Ollama); the transformers.js config
 * is checked to load, and names the model folder it needs when the folder is missing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { startOpenAiServer, type OpenAiServer } from '../support/openai-server.js';
import { useTempDirs } from '../support/temp-dir.js';

const DIR = path.resolve(import.meta.dirname, '../../examples/zh-policies');

describe('examples/zh-policies multilingual configs', () => {
  let server: OpenAiServer;
  const tempDir = useTempDirs();
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['BAAI/bge-m3'], apiKey: 'loopback-key' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('rag-eval.server.yaml: bge-m3 over an OpenAI-compatible endpoint, multilingual, so no language warning', async () => {
    const loaded = await loadConfig(path.join(DIR, 'rag-eval.server.yaml'));
    const clients = defaultClients({ baseDir: tempDir(), env: { EMBEDDINGS_KEY: 'loopback-key', RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL } });
    try {
      const result = await runPipeline({ loaded, outDir: tempDir(), clients, progress: silentProgress });
      const s = result.summary;
      expect(s.configurations.map((c) => c.name)).toEqual(['bm25', 'bge-m3', 'hybrid-bge-m3']);
      expect(s.embeddingModels.map((m) => [m.model, m.languages, m.dimensions])).toEqual([['BAAI/bge-m3', 'multilingual', 1024]]);
      expect(s.languages?.gaps).toEqual([]);
      expect(s.robustness?.results).toHaveLength(3 * 10);
      const embedded = server.requests.filter((r) => r.path === '/v1/embeddings').map((r) => (r.body as { model: string }).model);
      expect(new Set(embedded)).toEqual(new Set(['BAAI/bge-m3']));
    } finally {
      await clients.close?.();
    }
  });

  it('rag-eval.local.yaml loads: multilingual-e5-small from a local folder with the registry\'s E5 prefixes', async () => {
    const loaded = await loadConfig(path.join(DIR, 'rag-eval.local.yaml'));
    const dense = loaded.config.retrievers.find((r) => r.name === 'me5-small')!;
    expect(dense.embedder).toMatchObject({ provider: 'transformers', model: 'Xenova/multilingual-e5-small', modelDir: './models', allowRemoteModels: false });
  });
});
