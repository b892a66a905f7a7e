/**
 * LanceDB (embedded, on-disk) vector store: one folder on this machine, one table per dataset
 * key, so a large corpus is embedded once and reused by later runs. Search is LanceDB's flat
 * (exact) scan — no ANN index — so its rankings equal the in-memory store's up to float32 noise.
 */
import type * as lancedb from '@lancedb/lancedb';
import { ExternalServiceError, InputError } from '../../../kernel/errors.js';
import { sortHits, type PersistentVectorStore, type Vector, type VectorHit, type VectorMetric } from '../../../kernel/vector-store.js';

export interface LanceDbVectorStoreOptions {
  /** The database folder (created when missing). */
  dir: string;
  metric?: VectorMetric;
  /** Table used when open() is never called (one-off use); default "vectors", overwritten on first add. */
  table?: string;
}

/**
 * Extra rows fetched beyond k so that ties at the cut-off are broken by id like every other
 * store (LanceDB's own order among equal distances is unspecified).
 */
const TIE_MARGIN = 16;
/** Query vectors per LanceDB multi-vector query in searchMany(). */
const QUERY_GROUP = 64;

export class LanceDbVectorStore implements PersistentVectorStore {
  readonly kind = 'lancedb';
  readonly ann = null;
  readonly metric: VectorMetric;
  private readonly dir: string;
  private tableName: string;
  private connection: lancedb.Connection | undefined;
  private table: lancedb.Table | undefined;
  /** Whether the table was (re)created in this process; until then add() overwrites it. */
  private created = false;
  private dimension: number | undefined;
  private count = 0;
  private readonly ids = new Set<string>();

  constructor(options: LanceDbVectorStoreOptions) {
    this.dir = options.dir;
    this.metric = options.metric ?? 'cosine';
    this.tableName = options.table ?? 'vectors';
  }

  private async connect(): Promise<lancedb.Connection> {
    if (this.connection) return this.connection;
    try {
      // Loaded here, so a run without a LanceDB store never loads LanceDB and Arrow.
      const { connect } = await import('@lancedb/lancedb');
      this.connection = await connect(this.dir);
      return this.connection;
    } catch (error) {
      throw new ExternalServiceError(`cannot open the LanceDB folder ${this.dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private async bind(datasetKey: string): Promise<{ db: lancedb.Connection; table: lancedb.Table | undefined }> {
    const db = await this.connect();
    this.tableName = `v_${datasetKey.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 48)}`;
    this.table = undefined;
    this.created = false;
    this.count = 0;
    return { db, table: (await db.tableNames()).includes(this.tableName) ? await db.openTable(this.tableName) : undefined };
  }

  /** Makes `table` the one add() appends to and search() reads; returns its row count. */
  private async adopt(table: lancedb.Table): Promise<number> {
    const rows = await table.countRows();
    this.table = table;
    this.created = true;
    this.count = rows;
    const schemaField = (await table.schema()).fields.find((f) => f.name === 'vector');
    this.dimension = schemaField && 'listSize' in schemaField.type ? Number(schemaField.type.listSize) : undefined;
    return rows;
  }

  /** Keeps the dataset's table as it is (a resumed build appends to it); its row count. */
  async resume(datasetKey: string): Promise<{ target: string; held: number }> {
    const { table } = await this.bind(datasetKey);
    return { target: this.tableName, held: table ? await this.adopt(table) : 0 };
  }

  /** Deletes these ids from the bound table (a batch a crash left half stored); the row count after. */
  async remove(ids: readonly string[]): Promise<number> {
    if (!this.table) return 0;
    const quoted = (id: string) => `'${id.replaceAll("'", "''")}'`;
    for (let start = 0; start < ids.length; start += 1000) {
      await this.table.delete(`id IN (${ids.slice(start, start + 1000).map(quoted).join(', ')})`);
    }
    for (const id of ids) this.ids.delete(id);
    this.count = await this.table.countRows();
    return this.count;
  }

  async open(datasetKey: string, expectedCount: number): Promise<boolean> {
    const { db, table } = await this.bind(datasetKey);
    if (table) {
      const rows = await table.countRows();
      if (rows === expectedCount && rows > 0) {
        await this.adopt(table);
        return true;
      }
      // A partial table (an interrupted run) or different data under the same key: rebuild it.
      await db.dropTable(this.tableName);
    }
    return false;
  }

  async add(ids: readonly string[], vectors: readonly Vector[]): Promise<void> {
    if (ids.length !== vectors.length) throw new InputError(`LanceDbVectorStore.add: got ${ids.length} ids but ${vectors.length} vectors`);
    if (ids.length === 0) return;
    const dimension = this.dimension ?? vectors[0]!.length;
    const batch = new Set<string>();
    ids.forEach((id, i) => {
      if (vectors[i]!.length !== dimension) {
        throw new InputError(`LanceDbVectorStore.add: vector for id "${id}" has ${vectors[i]!.length} dimensions, expected ${dimension}`);
      }
      if (this.ids.has(id) || batch.has(id)) throw new InputError(`LanceDbVectorStore.add: id "${id}" is already stored; ids must be unique`);
      batch.add(id);
    });
    const rows = ids.map((id, i) => ({ id, vector: Array.from(vectors[i]!) }));
    const db = await this.connect();
    if (!this.created) {
      // 'overwrite' on a missing table makes LanceDB log a warning; only use it when one exists.
      const exists = (await db.tableNames()).includes(this.tableName);
      this.table = await db.createTable(this.tableName, rows, { mode: exists ? 'overwrite' : 'create' });
      this.created = true;
    } else {
      await this.table!.add(rows);
    }
    this.dimension = dimension;
    this.count += ids.length;
    for (const id of ids) this.ids.add(id);
  }

  async search(vector: Vector, k: number): Promise<VectorHit[]> {
    const limit = Math.min(Math.max(Math.floor(k), 0), this.count);
    if (!this.table || limit === 0) return [];
    if (this.dimension !== undefined && vector.length !== this.dimension) {
      throw new InputError(`LanceDbVectorStore.search: query has ${vector.length} dimensions, expected ${this.dimension}`);
    }
    const rows = await this.table
      .vectorSearch(Array.from(vector))
      .distanceType(this.metric === 'cosine' ? 'cosine' : 'dot')
      .select(['id', '_distance'])
      .limit(limit + TIE_MARGIN)
      .toArray();
    // LanceDB reports distances: cosine distance = 1 − cosine, dot distance = 1 − dot product.
    const hits = rows.map((row: { id: string; _distance: number }) => ({ id: row.id, score: 1 - row._distance }));
    return sortHits(hits).slice(0, limit);
  }

  /** One LanceDB query per QUERY_GROUP vectors (addQueryVector); rows come back tagged with query_index. */
  async searchMany(vectors: readonly Vector[], k: number): Promise<VectorHit[][]> {
    const limit = Math.min(Math.max(Math.floor(k), 0), this.count);
    if (!this.table || limit === 0 || vectors.length === 0) return vectors.map(() => []);
    vectors.forEach((vector, q) => {
      if (this.dimension !== undefined && vector.length !== this.dimension) {
        throw new InputError(`LanceDbVectorStore.searchMany: query ${q} has ${vector.length} dimensions, expected ${this.dimension}`);
      }
    });
    if (vectors.length === 1) return [await this.search(vectors[0]!, k)];
    const results: VectorHit[][] = vectors.map(() => []);
    for (let start = 0; start < vectors.length; start += QUERY_GROUP) {
      const group = vectors.slice(start, start + QUERY_GROUP);
      let query = this.table.vectorSearch(Array.from(group[0]!));
      for (const vector of group.slice(1)) query = query.addQueryVector(Array.from(vector));
      const rows = await query
        .distanceType(this.metric === 'cosine' ? 'cosine' : 'dot')
        .select(['id', '_distance'])
        .limit(limit + TIE_MARGIN)
        .toArray();
      for (const row of rows as { query_index: number; id: string; _distance: number }[]) {
        results[start + Number(row.query_index)]!.push({ id: row.id, score: 1 - row._distance });
      }
    }
    return results.map((hits) => sortHits(hits).slice(0, limit));
  }

  async close(): Promise<void> {
    this.connection?.close();
    this.connection = undefined;
    this.table = undefined;
  }
}
