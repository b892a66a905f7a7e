import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbeddingCache } from '../../../pipelines/embeddings/cache.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { runCli } from './run-cli.js';

describe('rag-eval cache --embeddings', () => {
  const tempDir = useTempDirs();

  it('counts the vectors per model and clears them', async () => {
    const file = path.join(tempDir(), 'embeddings.sqlite');
    const cache = openEmbeddingCache(file);
    cache.setMany([
      { key: 'k1', modelId: 'openai:text-embedding-3-small@api.openai.com', vector: [0.5, 0.25] },
      { key: 'k2', modelId: 'openai:text-embedding-3-small@api.openai.com', vector: [1, 0] },
      { key: 'k3', modelId: 'tei:bge@localhost:8080', vector: [0, 1] },
    ]);
    cache.close();

    const stats = await runCli(['cache', 'stats', '--embeddings', '--path', file]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toBe(`${file}: 3 vectors\n  openai:text-embedding-3-small@api.openai.com  2\n  tei:bge@localhost:8080  1\n`);
    const cleared = await runCli(['cache', 'clear', '--embeddings', '--path', file]);
    expect(cleared.stdout).toBe(`cleared 3 cached vectors from ${file}\n`);
    expect((await runCli(['cache', 'stats', '--embeddings', '--path', file])).stdout).toBe(`${file}: 0 vectors\n`);
  });

  it('says when there is no cache yet', async () => {
    const file = path.join(tempDir(), 'none.sqlite');
    expect((await runCli(['cache', 'stats', '--embeddings', '--path', file])).stdout).toBe(`no embedding cache at ${file} (0 entries)\n`);
  });
});
