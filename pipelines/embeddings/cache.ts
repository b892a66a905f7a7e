/**
 * Persistent embedding cache (SQLite via better-sqlite3). One row per (model id, dimensions,
 * prefix, sha256 of the text); the vector is stored as little-endian float32, the precision
 * embedding APIs return, so a cached vector equals the fetched one bit for bit. A nightly run
 * over a mostly unchanged corpus embeds only the changed chunks.
 */
import { createHash } from 'node:crypto';
import { openCacheDatabase } from '../storage/sqlite.js';

export interface EmbeddingKeyParts {
  modelId: string;
  /** Requested output dimensions; null when the model has one fixed size. */
  dimensions: number | null;
  /** The query or document prefix the text was embedded with ("" when none). */
  prefix: string;
  text: string;
  /** The whole endpoint URL without credentials (endpointIdOf); absent for local models. */
  endpoint?: string;
}

export function embeddingCacheKey(parts: EmbeddingKeyParts): string {
  const textHash = createHash('sha256').update(parts.text, 'utf8').digest('hex');
  return createHash('sha256')
    .update(
      JSON.stringify(
        parts.endpoint === undefined
          ? ['v1', parts.modelId, parts.dimensions, parts.prefix, textHash]
          : ['v2', parts.endpoint, parts.modelId, parts.dimensions, parts.prefix, textHash],
      ),
      'utf8',
    )
    .digest('hex');
}

export interface EmbeddingCache {
  readonly path: string;
  /** Vectors for the keys found, by key. */
  getMany(keys: readonly string[]): Map<string, number[]>;
  setMany(entries: readonly { key: string; modelId: string; vector: readonly number[] }[]): void;
  stats(): { entries: number; byModel: { modelId: string; entries: number }[] };
  clear(): number;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS embeddings (
  key TEXT PRIMARY KEY,
  model_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  vector BLOB NOT NULL
) WITHOUT ROWID;`;

export function toFloat32Blob(vector: readonly number[]): Buffer {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer;
}

export function fromFloat32Blob(blob: Buffer): number[] {
  const values: number[] = new Array<number>(blob.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = blob.readFloatLE(i * 4);
  return values;
}

/** SQLite limits bound parameters per statement; look keys up in slices of this size. */
const LOOKUP_SLICE = 500;

/** Opens or creates the cache; an unreadable file is moved aside and a fresh cache started. */
export function openEmbeddingCache(file: string, warn: (message: string) => void = () => {}): EmbeddingCache {
  const db = openCacheDatabase({ file, schema: SCHEMA, probeTable: 'embeddings', label: 'embedding cache', warn });
  const insert = db.prepare('INSERT OR REPLACE INTO embeddings (key, model_id, created_at, vector) VALUES (?, ?, ?, ?)');
  const insertMany = db.transaction((entries: readonly { key: string; modelId: string; vector: readonly number[] }[]) => {
    const now = Date.now();
    for (const entry of entries) insert.run(entry.key, entry.modelId, now, toFloat32Blob(entry.vector));
  });
  return {
    path: file,
    getMany(keys) {
      const found = new Map<string, number[]>();
      for (let start = 0; start < keys.length; start += LOOKUP_SLICE) {
        const slice = keys.slice(start, start + LOOKUP_SLICE);
        const rows = db
          .prepare<string[], { key: string; vector: Buffer }>(`SELECT key, vector FROM embeddings WHERE key IN (${slice.map(() => '?').join(',')})`)
          .all(...slice);
        for (const row of rows) found.set(row.key, fromFloat32Blob(row.vector));
      }
      return found;
    },
    setMany(entries) {
      if (entries.length) insertMany(entries);
    },
    stats() {
      const byModel = db.prepare<[], { modelId: string; entries: number }>('SELECT model_id AS modelId, COUNT(*) AS entries FROM embeddings GROUP BY model_id ORDER BY model_id').all();
      return { entries: byModel.reduce((sum, row) => sum + row.entries, 0), byModel };
    },
    clear() {
      const removed = db.prepare('DELETE FROM embeddings').run().changes;
      db.exec('VACUUM');
      return removed;
    },
    close() {
      db.close();
    },
  };
}
