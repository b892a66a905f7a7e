/**
 * Connecting to Milvus: the SDK (and its gRPC stack) is loaded on first use, and a new client
 * must pass a health check within the connect timeout before anything is embedded.
 */
import type { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { ExternalServiceError } from '../../../kernel/errors.js';

type MilvusSdk = typeof import('@zilliz/milvus2-sdk-node');
let sdk: MilvusSdk | undefined;

/** The SDK (and its gRPC stack), loaded on first connect, so runs without Milvus never load it. */
export async function loadSdk(): Promise<MilvusSdk> {
  sdk ??= await import('@zilliz/milvus2-sdk-node');
  return sdk;
}

/** Connects and checks health within `connectTimeoutMs`; an unreachable server is an ExternalServiceError naming HOST:PORT. */
export async function connectMilvus(options: { address: string; token?: string; database?: string; timeoutMs: number; connectTimeoutMs: number }): Promise<MilvusClient> {
  const seconds = options.connectTimeoutMs / 1000;
  const unreachable = (detail: string, cause?: unknown) =>
    new ExternalServiceError(`cannot reach Milvus at ${options.address} within ${seconds} s (${detail}); check MILVUS_ADDRESS or store.address`, { cause });
  const { MilvusClient } = await loadSdk();
  const client = new MilvusClient({
    address: options.address,
    ...(options.token ? { token: options.token } : {}),
    ...(options.database ? { database: options.database } : {}),
    timeout: options.timeoutMs,
    logLevel: 'error',
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const health = await Promise.race([
      client.checkHealth(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), options.connectTimeoutMs);
      }),
    ]);
    if (!health.isHealthy) throw unreachable(`server reports unhealthy: ${health.reasons.join('; ') || 'no reason given'}`);
    return client;
  } catch (error) {
    await client.closeConnection().catch(() => undefined);
    if (error instanceof ExternalServiceError) throw error;
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
    throw unreachable(detail, error);
  } finally {
    clearTimeout(timer);
  }
}
