import { beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../../../kernel/errors.js';
import { LanceDbVectorStore } from '../../../../pipelines/retrieval/stores/lancedb-store.js';
import { MemoryVectorStore } from '../../../../pipelines/retrieval/stores/memory-store.js';
import { MilvusVectorStore, connectMilvus } from '../../../../pipelines/retrieval/stores/milvus-store.js';
import { useTempDirs } from '../../../support/temp-dir.js';
import { describeVectorStoreConformance } from './vector-store-conformance.js';

describeVectorStoreConformance('memory (wasm kernel)', ({ metric }) => new MemoryVectorStore({ metric }));
describeVectorStoreConformance('memory (js kernel)', ({ metric }) => new MemoryVectorStore({ metric, kernel: 'js' }));
// Blocks of 4 queries and no threshold: every searchMany of ≥ 5 queries runs on the 2 worker threads.
describeVectorStoreConformance('memory (2 workers)', ({ metric }) => new MemoryVectorStore({ metric, workers: 2, queryBlockSize: 4, parallelMinWork: 0 }));

describe('LanceDB', () => {
  const tempDir = useTempDirs();
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
  });
  describeVectorStoreConformance('lancedb (temp folder)', ({ metric }) => new LanceDbVectorStore({ dir, metric }));
});

const milvusAddress = process.env.MILVUS_ADDRESS;
if (milvusAddress) {
  describeVectorStoreConformance('milvus FLAT', ({ metric }) =>
    new MilvusVectorStore({
      address: milvusAddress,
      ...(process.env.MILVUS_TOKEN ? { token: process.env.MILVUS_TOKEN } : {}),
      metric,
      index: { type: 'FLAT' },
      collectionPrefix: 'rag_eval_test',
      timeoutMs: 30_000,
    }),
  );
} else {
  describe('VectorStore conformance: milvus', () => {
    it.skip('skipped: MILVUS_ADDRESS not set (start Milvus standalone with its official docker compose file, see README)', () => {});
  });
  process.stdout.write('skipped: MILVUS_ADDRESS not set (start Milvus standalone with its official docker compose file, see README)\n');
}

describe('Milvus connectivity check', () => {
  it('an unreachable address fails at start with "cannot reach Milvus at HOST:PORT within N s"', async () => {
    // Port 1 on loopback: nothing listens there, so the check fails fast without any network.
    const error = await connectMilvus({ address: '127.0.0.1:1', timeoutMs: 2000, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as Error).message).toMatch(/^cannot reach Milvus at 127\.0\.0\.1:1 within 2 s \(/);
    expect((error as ExternalServiceError).exitCode).toBe(3);
  });

  it('the store reports its ANN index and parameters', () => {
    const hnsw = new MilvusVectorStore({ address: '127.0.0.1:1', index: { type: 'HNSW', M: 16, efConstruction: 200 }, search: { ef: 64 } });
    expect(hnsw.ann).toEqual({ index: 'HNSW', params: { M: 16, efConstruction: 200, ef: 64 } });
    expect(new MilvusVectorStore({ address: '127.0.0.1:1', index: { type: 'IVF_FLAT', nlist: 128 }, search: { nprobe: 8 } }).ann).toEqual({ index: 'IVF_FLAT', params: { nlist: 128, nprobe: 8 } });
    expect(new MilvusVectorStore({ address: '127.0.0.1:1' }).ann).toBeNull();
  });
});
