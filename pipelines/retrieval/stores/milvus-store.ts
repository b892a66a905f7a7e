/**
 * Milvus vector store through @zilliz/milvus2-sdk-node. One collection per dataset key (corpus,
 * chunking, embedder) and index specification, reused when it already holds the same number of
 * vectors. Every SDK call carries `timeout` (the SDK's own default is 15 s and some calls have
 * none), and connect() checks the server before anything is embedded.
 */
import { createHash } from 'node:crypto';
import type { MilvusClient, ResStatus } from '@zilliz/milvus2-sdk-node';
import { ExternalServiceError, InputError } from '../../../kernel/errors.js';
import { connectMilvus, loadSdk } from './milvus-connect.js';
import { sortHits, type AnnIndexInfo, type PersistentVectorStore, type Vector, type VectorHit, type VectorMetric } from '../../../kernel/vector-store.js';

export type MilvusIndexSpec =
  | { type: 'FLAT' }
  | { type: 'HNSW'; M: number; efConstruction: number }
  | { type: 'IVF_FLAT'; nlist: number };

export interface MilvusStoreOptions {
  /** host:port, e.g. 127.0.0.1:19530. */
  address: string;
  /** Zilliz Cloud / auth token; never logged. */
  token?: string;
  database?: string;
  metric?: VectorMetric;
  index?: MilvusIndexSpec;
  /** Search-time parameters: ef for HNSW, nprobe for IVF_FLAT. */
  search?: { ef?: number; nprobe?: number };
  /** Per-call timeout. Default 30,000 ms. */
  timeoutMs?: number;
  /** Connectivity check at start. Default 5,000 ms. */
  connectTimeoutMs?: number;
  collectionPrefix?: string;
}

const INSERT_BATCH = 1000;
const TIE_MARGIN = 16;
const MAX_ID_LENGTH = 1024;

export { connectMilvus };

function metricType(metric: VectorMetric): 'COSINE' | 'IP' {
  return metric === 'cosine' ? 'COSINE' : 'IP';
}

export class MilvusVectorStore implements PersistentVectorStore {
  readonly kind = 'milvus';
  readonly metric: VectorMetric;
  readonly ann: AnnIndexInfo | null;
  private readonly options: MilvusStoreOptions;
  private readonly index: MilvusIndexSpec;
  private readonly timeout: number;
  private client: MilvusClient | undefined;
  private collection: string;
  private created = false;
  private loaded = false;
  private dimension: number | undefined;
  private count = 0;
  private readonly ids = new Set<string>();

  constructor(options: MilvusStoreOptions) {
    this.options = options;
    this.metric = options.metric ?? 'cosine';
    this.index = options.index ?? { type: 'FLAT' };
    this.timeout = options.timeoutMs ?? 30_000;
    this.collection = `${options.collectionPrefix ?? 'rag_eval'}_adhoc_${process.pid}_${Date.now()}`;
    this.ann = this.index.type === 'FLAT' ? null : { index: this.index.type, params: { ...this.buildParams(), ...this.searchParams() } };
  }

  private buildParams(): Record<string, number> {
    if (this.index.type === 'HNSW') return { M: this.index.M, efConstruction: this.index.efConstruction };
    if (this.index.type === 'IVF_FLAT') return { nlist: this.index.nlist };
    return {};
  }

  private searchParams(): Record<string, number> {
    if (this.index.type === 'HNSW' && this.options.search?.ef !== undefined) return { ef: this.options.search.ef };
    if (this.index.type === 'IVF_FLAT' && this.options.search?.nprobe !== undefined) return { nprobe: this.options.search.nprobe };
    return {};
  }

  /** The run calls this at start, so an unreachable server stops it before any work. */
  async checkReachable(): Promise<void> {
    await this.connect();
  }

  /** Connects once (with the start-up check). */
  async connect(): Promise<MilvusClient> {
    this.client ??= await connectMilvus({
      address: this.options.address,
      ...(this.options.token ? { token: this.options.token } : {}),
      ...(this.options.database ? { database: this.options.database } : {}),
      timeoutMs: this.timeout,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 5000,
    });
    return this.client;
  }

  private check(status: ResStatus, what: string): void {
    if (status.error_code !== 'Success' && status.code !== 0) {
      throw new ExternalServiceError(`Milvus at ${this.options.address}: ${what} failed: ${status.reason || status.detail || String(status.error_code)}`);
    }
  }

  /** The collection for a dataset key: the index is part of the name (Milvus keeps one index per vector field). */
  private bind(datasetKey: string): void {
    const spec = JSON.stringify({ datasetKey, metric: this.metric, index: this.index });
    this.collection = `${this.options.collectionPrefix ?? 'rag_eval'}_${createHash('sha256').update(spec).digest('hex').slice(0, 32)}`;
    this.created = false;
    this.loaded = false;
    this.count = 0;
  }

  /** Keeps the dataset's collection as it is (a resumed build appends to it); its entity count. */
  async resume(datasetKey: string): Promise<{ target: string; held: number }> {
    const client = await this.connect();
    this.bind(datasetKey);
    const exists = await client.hasCollection({ collection_name: this.collection, timeout: this.timeout });
    this.check(exists.status, `hasCollection ${this.collection}`);
    if (!exists.value) return { target: this.collection, held: 0 };
    await this.load(client);
    this.created = true;
    this.count = await this.countEntities(client);
    return { target: this.collection, held: this.count };
  }

  /** count(*) at Strong consistency, so inserts and deletes acknowledged before it are counted. */
  private async countEntities(client: MilvusClient): Promise<number> {
    const { ConsistencyLevelEnum } = await loadSdk();
    const result = await client.query({
      collection_name: this.collection,
      filter: '',
      output_fields: ['count(*)'],
      consistency_level: ConsistencyLevelEnum.Strong,
      timeout: this.timeout,
    });
    this.check(result.status, `count ${this.collection}`);
    return Number(result.data[0]?.['count(*)'] ?? 0);
  }

  /** Deletes these ids from the bound collection (a batch a crash left half stored); the count after. */
  async remove(ids: readonly string[]): Promise<number> {
    const client = await this.connect();
    if (!this.created) return 0;
    for (let start = 0; start < ids.length; start += INSERT_BATCH) {
      const result = await client.delete({ collection_name: this.collection, ids: ids.slice(start, start + INSERT_BATCH), timeout: this.timeout });
      this.check(result.status, `delete from ${this.collection}`);
    }
    const flushed = await client.flushSync({ collection_names: [this.collection], timeout: this.timeout });
    this.check(flushed.status, `flush ${this.collection}`);
    this.count = await this.countEntities(client);
    return this.count;
  }

  async open(datasetKey: string, expectedCount: number): Promise<boolean> {
    const client = await this.connect();
    this.bind(datasetKey);
    const exists = await client.hasCollection({ collection_name: this.collection, timeout: this.timeout });
    this.check(exists.status, `hasCollection ${this.collection}`);
    if (!exists.value) return false;
    await this.load(client);
    const counted = await client.count({ collection_name: this.collection, timeout: this.timeout });
    this.check(counted.status, `count ${this.collection}`);
    if (counted.data === expectedCount && expectedCount > 0) {
      this.created = true;
      this.count = counted.data;
      return true;
    }
    this.check(await client.dropCollection({ collection_name: this.collection, timeout: this.timeout }), `dropCollection ${this.collection}`);
    this.loaded = false;
    return false;
  }

  private async createCollection(client: MilvusClient, dimension: number): Promise<void> {
    const { DataType } = await loadSdk();
    this.check(
      await client.createCollection({
        collection_name: this.collection,
        fields: [
          { name: 'id', data_type: DataType.VarChar, is_primary_key: true, max_length: MAX_ID_LENGTH },
          { name: 'vector', data_type: DataType.FloatVector, dim: dimension },
        ],
        timeout: this.timeout,
      }),
      `createCollection ${this.collection}`,
    );
    this.check(
      await client.createIndex({
        collection_name: this.collection,
        field_name: 'vector',
        index_type: this.index.type,
        metric_type: metricType(this.metric),
        params: this.buildParams(),
        timeout: this.timeout,
      }),
      `createIndex ${this.index.type} on ${this.collection}`,
    );
    this.created = true;
  }

  private async load(client: MilvusClient): Promise<void> {
    if (this.loaded) return;
    this.check(await client.loadCollection({ collection_name: this.collection, timeout: this.timeout }), `loadCollection ${this.collection}`);
    this.loaded = true;
  }

  async add(ids: readonly string[], vectors: readonly Vector[]): Promise<void> {
    if (ids.length !== vectors.length) throw new InputError(`MilvusVectorStore.add: got ${ids.length} ids but ${vectors.length} vectors`);
    if (ids.length === 0) return;
    const dimension = this.dimension ?? vectors[0]!.length;
    const batch = new Set<string>();
    ids.forEach((id, i) => {
      if (vectors[i]!.length !== dimension) throw new InputError(`MilvusVectorStore.add: vector for id "${id}" has ${vectors[i]!.length} dimensions, expected ${dimension}`);
      if (this.ids.has(id) || batch.has(id)) throw new InputError(`MilvusVectorStore.add: id "${id}" is already stored; ids must be unique`);
      if (id.length > MAX_ID_LENGTH) throw new InputError(`MilvusVectorStore.add: id "${id.slice(0, 40)}…" is longer than ${MAX_ID_LENGTH} characters`);
      batch.add(id);
    });
    const client = await this.connect();
    if (!this.created) await this.createCollection(client, dimension);
    this.dimension = dimension;
    for (let start = 0; start < ids.length; start += INSERT_BATCH) {
      const data = ids.slice(start, start + INSERT_BATCH).map((id, i) => ({ id, vector: Array.from(vectors[start + i]!) }));
      const result = await client.insert({ collection_name: this.collection, data, timeout: this.timeout });
      this.check(result.status, `insert into ${this.collection}`);
    }
    // Sealed segments get the index; growing ones are searched by brute force until then.
    const flushed = await client.flushSync({ collection_names: [this.collection], timeout: this.timeout });
    this.check(flushed.status, `flush ${this.collection}`);
    this.count += ids.length;
    for (const id of ids) this.ids.add(id);
  }

  async search(vector: Vector, k: number): Promise<VectorHit[]> {
    return (await this.searchMany([vector], k))[0]!;
  }

  async searchMany(vectors: readonly Vector[], k: number): Promise<VectorHit[][]> {
    const limit = Math.min(Math.max(Math.floor(k), 0), this.count);
    if (!this.created || limit === 0 || vectors.length === 0) return vectors.map(() => []);
    vectors.forEach((v, q) => {
      if (this.dimension !== undefined && v.length !== this.dimension) throw new InputError(`MilvusVectorStore.search: query ${q} has ${v.length} dimensions, expected ${this.dimension}`);
    });
    const client = await this.connect();
    await this.load(client);
    const { ConsistencyLevelEnum } = await loadSdk();
    const result = await client.search({
      collection_name: this.collection,
      data: vectors.map((v) => Array.from(v)),
      anns_field: 'vector',
      limit: Math.min(limit + TIE_MARGIN, this.count),
      metric_type: metricType(this.metric),
      params: this.searchParams(),
      output_fields: ['id'],
      consistency_level: ConsistencyLevelEnum.Strong,
      timeout: this.timeout,
    });
    this.check(result.status, `search ${this.collection}`);
    // One query answers with a flat list, several with one list per query.
    const lists = (vectors.length === 1 ? [result.results] : result.results) as { id: string; score: number }[][];
    return lists.map((list) => sortHits(list.map((hit) => ({ id: String(hit.id), score: hit.score }))).slice(0, limit));
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.closeConnection();
  }
}
