import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';

/**
 * Opens (or creates) a SQLite file for a cache: WAL journal, a busy timeout, the schema, and a
 * probe query so a damaged file fails here rather than on the first lookup. A cache is
 * disposable, so a file that cannot be opened is moved aside (with its WAL and shared-memory
 * files) to `<file>.corrupt-<time>` and a fresh one is created, with a warning naming both.
 */
export function openCacheDatabase(options: {
  file: string;
  schema: string;
  /** A table the schema creates; counting its rows proves the file is readable. */
  probeTable: string;
  /** What the file is, for the warning ("response cache", "embedding cache"). */
  label: string;
  warn: (message: string) => void;
}): Database.Database {
  const { file } = options;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    return openWithSchema(file, options.schema, options.probeTable);
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    options.warn(`${options.label} ${file} is unreadable (${error instanceof Error ? error.message : String(error)}); moved it to ${aside} and started an empty cache`);
    if (existsSync(file)) renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    return openWithSchema(file, options.schema, options.probeTable);
  }
}

function openWithSchema(file: string, schema: string, probeTable: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(schema);
    db.prepare(`SELECT COUNT(*) FROM ${probeTable}`).get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
