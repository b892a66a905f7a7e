/**
 * Builds the vector store a retriever configuration asks for. Relative LanceDB folders resolve
 * against the config file's folder; the Milvus address comes from the config or MILVUS_ADDRESS,
 * its token only from the environment variable the config names (default MILVUS_TOKEN).
 */
import path from 'node:path';
import type { StoreConfig } from './config.js';
import { ConfigError } from '../../../kernel/errors.js';
import { LanceDbVectorStore } from './lancedb-store.js';
import { MemoryVectorStore } from './memory-store.js';
import { MilvusVectorStore } from './milvus-store.js';
import type { VectorMetric, VectorStore } from '../../../kernel/vector-store.js';

export const DEFAULT_LANCEDB_PATH = '.rag-eval/lancedb';

export function metricOf(config: Pick<StoreConfig, 'metric'>): VectorMetric {
  return config.metric === 'ip' ? 'inner-product' : 'cosine';
}

export function createVectorStore(config: StoreConfig, context: { baseDir: string; env: NodeJS.ProcessEnv }): VectorStore {
  const metric = metricOf(config);
  if (config.type === 'lancedb') return new LanceDbVectorStore({ dir: path.resolve(context.baseDir, config.path ?? DEFAULT_LANCEDB_PATH), metric });
  if (config.type === 'milvus') {
    const address = config.address ?? context.env.MILVUS_ADDRESS;
    if (!address) throw new ConfigError('store.address: no Milvus address; set store.address in the config or MILVUS_ADDRESS (e.g. 127.0.0.1:19530)');
    const token = context.env[config.tokenEnv];
    return new MilvusVectorStore({
      address,
      ...(token ? { token } : {}),
      ...(config.database ? { database: config.database } : {}),
      metric,
      index: config.index ?? { type: 'FLAT' },
      ...(config.search ? { search: config.search } : {}),
      timeoutMs: config.timeoutMs,
      connectTimeoutMs: config.connectTimeoutMs,
      collectionPrefix: config.collectionPrefix,
    });
  }
  return new MemoryVectorStore({ metric });
}

/** A short description for reports, e.g. "exact cosine search (memory)" or "Milvus HNSW M=16 … cosine". */
export function describeStore(config: StoreConfig): string {
  const metric = config.metric === 'ip' ? 'inner product' : 'cosine';
  if (config.type === 'milvus') {
    const index = config.index ?? { type: 'FLAT' as const };
    const params = Object.entries({ ...index, ...config.search }).filter(([key]) => key !== 'type').map(([key, value]) => `${key}=${value}`);
    return `Milvus ${index.type}${params.length ? ` ${params.join(' ')}` : ''}, ${metric}`;
  }
  if (config.type === 'lancedb') return `LanceDB exact ${metric} search`;
  return `exact ${metric} search`;
}
