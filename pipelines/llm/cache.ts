import { createHash } from 'node:crypto';
import { openCacheDatabase } from '../storage/sqlite.js';
import { z } from 'zod';
import type { RawReply } from '../../kernel/llm-types.js';

/**
 * Persistent response cache (SQLite). One row per successful HTTP exchange; failed requests are
 * never stored. Keys never contain the API key (see `cacheKey`).
 */
export interface ResponseCache {
  readonly path: string;
  get(key: string): RawReply | undefined;
  set(key: string, reply: RawReply, meta: { model: string; promptId: string }): void;
  stats(): CacheStats;
  /** Deletes every entry; returns how many there were. */
  clear(): number;
  close(): void;
}

export interface CacheStats {
  path: string;
  entries: number;
  bytes: number;
  byModel: { model: string; promptId: string; entries: number }[];
}

const StoredReply = z.object({
  choices: z.array(z.object({ text: z.string(), via: z.enum(['tool', 'content']), finishReason: z.string() })),
  inputTokens: z.number(),
  outputTokens: z.number(),
});

/** The inputs that decide an answer. The key is their canonical JSON, hashed. */
export interface CacheKeyParts {
  model: string;
  endpointHost: string;
  temperature: number;
  seed?: number;
  maxTokens?: number;
  n: number;
  messages: unknown;
  schemaName: string;
  jsonSchema: unknown;
  promptId: string;
  promptVersion: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(canonicalJson({ v: 1, ...parts }), 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level, so equal inputs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS responses (
  key TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;`;

/**
 * Opens (or creates) the cache file. A file that is not a readable SQLite database is moved
 * aside to `<file>.corrupt-<time>` and a fresh cache is created, with a warning.
 */
export function openResponseCache(file: string, warn: (message: string) => void = () => {}): ResponseCache {
  const db = openCacheDatabase({ file, schema: SCHEMA, probeTable: 'responses', label: 'response cache', warn });
  const select = db.prepare<[string], { value: string }>('SELECT value FROM responses WHERE key = ?');
  const insert = db.prepare('INSERT OR REPLACE INTO responses (key, model, prompt_id, created_at, value) VALUES (?, ?, ?, ?, ?)');
  return {
    path: file,
    get(key) {
      const row = select.get(key);
      if (!row) return undefined;
      const parsed = StoredReply.safeParse(safeJson(row.value));
      return parsed.success ? parsed.data : undefined;
    },
    set(key, reply, meta) {
      insert.run(key, meta.model, meta.promptId, Date.now(), JSON.stringify(reply));
    },
    stats() {
      const entries = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM responses').get()?.n ?? 0;
      const byModel = db
        .prepare<[], { model: string; promptId: string; entries: number }>(
          'SELECT model, prompt_id AS promptId, COUNT(*) AS entries FROM responses GROUP BY model, prompt_id ORDER BY model, prompt_id',
        )
        .all();
      const pages = db.pragma('page_count', { simple: true });
      const pageSize = db.pragma('page_size', { simple: true });
      const bytes = typeof pages === 'number' && typeof pageSize === 'number' ? pages * pageSize : 0;
      return { path: file, entries, bytes, byModel };
    },
    clear() {
      const removed = db.prepare('DELETE FROM responses').run().changes;
      db.exec('VACUUM');
      return removed;
    },
    close() {
      db.close();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
