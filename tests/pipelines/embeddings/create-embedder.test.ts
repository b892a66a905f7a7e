import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbedderConfig, StoreConfig } from '../../../pipelines/config/schema.js';
import { defaultClients } from '../../../pipelines/runner/default-clients.js';
import { CachedEmbeddings } from '../../../pipelines/embeddings/cached-embeddings.js';
import { embeddingCost, modelFacts } from '../../../pipelines/embeddings/registry.js';
import { missingModelFiles, TransformersEmbeddings } from '../../../pipelines/embeddings/transformers-embedder.js';
import { ConfigError, InputError } from '../../../kernel/errors.js';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

describe('local transformers.js models', () => {
  const tempDir = useTempDirs();

  it('a missing model folder is an InputError saying where it looked and how to get the model', () => {
    const dir = tempDir();
    const folder = path.join(dir, 'models', 'Xenova', 'e5-small-v2');
    let error: unknown;
    try {
      new TransformersEmbeddings({ model: 'Xenova/e5-small-v2', modelDir: path.join(dir, 'models'), pooling: 'mean', normalize: true, batchSize: 8 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `local embedding model "Xenova/e5-small-v2" not found: looked in ${folder} (missing config.json, tokenizer.json, onnx/model.onnx). ` +
        `Put an ONNX export of the model there, for example with \`huggingface-cli download Xenova/e5-small-v2 --local-dir ${folder}\` ` +
        `or \`git clone https://huggingface.co/Xenova/e5-small-v2 ${folder}\` (git-lfs needed); ` +
        `the folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx. ` +
        `Set embedder.modelDir to use another folder, or embedder.allowRemoteModels: true to let transformers.js download it.`,
    );
  });

  it('names only the files that are missing; any .onnx file in onnx/ counts as weights', () => {
    const folder = tempDir();
    writeFileSync(path.join(folder, 'config.json'), '{}');
    expect(missingModelFiles(folder)).toEqual(['tokenizer.json', 'onnx/model.onnx']);
    mkdirSync(path.join(folder, 'onnx'));
    writeFileSync(path.join(folder, 'onnx', 'model_quantized.onnx'), '');
    writeFileSync(path.join(folder, 'tokenizer.json'), '{}');
    expect(missingModelFiles(folder)).toEqual([]);
  });

  it('through defaultClients, a relative modelDir resolves against the config folder', () => {
    const dir = tempDir();
    const clients = defaultClients({ baseDir: dir, env: {} });
    expect(() => clients.embeddingsFor({ provider: 'transformers', model: 'intfloat/e5-small-v2' })).toThrow(
      `looked in ${path.join(dir, 'models', 'intfloat', 'e5-small-v2')} (missing`,
    );
  });
});

describe('createEmbedder through defaultClients', () => {
  let server: OpenAiServer;
  const tempDir = useTempDirs();
  beforeAll(async () => {
    server = await startOpenAiServer({ models: ['text-embedding-3-large'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('a missing key is a ConfigError naming the variable, before any request', () => {
    const clients = defaultClients({ baseDir: tempDir(), env: {} });
    expect(() => clients.embeddingsFor({ provider: 'openai', model: 'text-embedding-3-large', apiKeyEnv: 'MY_KEY' })).toThrow(ConfigError);
    expect(() => clients.embeddingsFor({ provider: 'openai', model: 'text-embedding-3-large', apiKeyEnv: 'MY_KEY' })).toThrow(/MY_KEY is not set/);
    expect(server.requests).toHaveLength(0);
  });

  it('RAG_EVAL_EMBEDDINGS_BASE_URL overrides baseURL; the cache file lands next to the config', async () => {
    const dir = tempDir();
    const clients = defaultClients({ baseDir: dir, env: { OPENAI_API_KEY: 'k', RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL } });
    const embeddings = clients.embeddingsFor({ provider: 'openai', model: 'text-embedding-3-large', baseURL: 'http://127.0.0.1:9/v1', dimensions: 6 });
    expect(embeddings).toBeInstanceOf(CachedEmbeddings);
    expect((await embeddings.embedQuery('q')).length).toBe(6);
    expect(server.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(1);
    expect((embeddings as CachedEmbeddings).identity.modelId).toBe(`openai:${server.host}:text-embedding-3-large`);
    await clients.close?.();
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(dir, '.rag-eval', 'embeddings.sqlite'))).toBe(true);
  });
});

describe('model registry and config', () => {
  it('finds facts by exact name or last path segment, config entries first', () => {
    expect(modelFacts('text-embedding-3-small')?.pricePerMillionTokens).toBe(0.02);
    expect(modelFacts('Xenova/e5-small-v2')?.queryPrefix).toBe('query: ');
    expect(modelFacts('intfloat/e5-small-v2')?.documentPrefix).toBe('passage: ');
    expect(modelFacts('acme/embed-1')).toBeUndefined();
    const extra = {
      'acme/embed-1': {
        dimensions: 256,
        maxInputTokens: 1024,
        licence: 'proprietary',
        hosting: 'api' as const,
        pricePerMillionTokens: 0.5,
        memoryMB: null,
        languages: null,
        queryPrefix: '',
        documentPrefix: '',
      },
    };
    expect(modelFacts('acme/embed-1', extra)?.dimensions).toBe(256);
  });

  it('cost is tokens × price per million; null without a price', () => {
    expect(embeddingCost(1_500_000, modelFacts('text-embedding-3-large'))).toBeCloseTo(0.195, 12);
    expect(embeddingCost(2_000, modelFacts('text-embedding-3-small'))).toBeCloseTo(0.00004, 12);
    expect(embeddingCost(100, modelFacts('e5-small-v2'))).toBeNull();
    expect(embeddingCost(100, undefined)).toBeNull();
  });

  it('the schema requires a model for API and local providers and keeps Milvus options on Milvus', () => {
    expect(EmbedderConfig.safeParse({ provider: 'openai' }).success).toBe(false);
    expect(EmbedderConfig.parse({}).provider).toBe('use');
    expect(StoreConfig.safeParse({ type: 'lancedb', index: { type: 'HNSW' } }).success).toBe(false);
    expect(StoreConfig.safeParse({ type: 'milvus', index: { type: 'IVF_FLAT' }, search: { ef: 10 } }).success).toBe(false);
    expect(StoreConfig.parse({ type: 'milvus', index: { type: 'HNSW' }, search: { ef: 64 } }).index).toEqual({ type: 'HNSW', M: 16, efConstruction: 200 });
  });
});
