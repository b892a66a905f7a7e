import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../../kernel/errors.js';

export interface HistoryMetric {
  configuration: string;
  metric: string;
  mean: number | null;
  scored: number;
  total: number;
}

export interface HistoryRun {
  id: number;
  runAt: string;
  gitCommit: string | null;
  configFile: string;
  configHash: string;
  corpusHash: string;
  testSetHash: string;
  outDir: string;
  metrics: HistoryMetric[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_at TEXT NOT NULL,
  git_commit TEXT,
  config_file TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  corpus_hash TEXT NOT NULL,
  testset_hash TEXT NOT NULL,
  out_dir TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_config ON runs (config_file, run_at);
CREATE TABLE IF NOT EXISTS metrics (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  configuration TEXT NOT NULL,
  metric TEXT NOT NULL,
  mean REAL,
  scored INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (run_id, configuration, metric)
);
PRAGMA user_version = 1;
`;

/**
 * The nightly history: one row per `rag-eval run` and its per configuration × metric means.
 * SQLite (better-sqlite3, synchronous) in WAL mode with a busy timeout, so two runs finishing
 * at once wait for each other instead of failing.
 */
export class HistoryStore {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  static open(file: string): HistoryStore {
    mkdirSync(path.dirname(file), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
    } catch (error) {
      throw new InputError(`history.path: ${file} is not a usable SQLite history file (${error instanceof Error ? error.message : String(error)})`, undefined, { cause: error });
    }
    return new HistoryStore(db, file);
  }

  /** Opens an existing history file read-only; null when there is none yet. */
  static openExisting(file: string): HistoryStore | null {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      return new HistoryStore(db, file);
    } catch {
      return null;
    }
  }

  /**
   * Records a run once: a run is its directory and start time, so a resumed run (or a finished
   * one resumed again) replaces its earlier row instead of adding one.
   */
  record(run: Omit<HistoryRun, 'id'>): number {
    const findRun = this.db.prepare('SELECT id FROM runs WHERE out_dir = ? AND run_at = ? ORDER BY id LIMIT 1');
    const insertRun = this.db.prepare(
      'INSERT INTO runs (run_at, git_commit, config_file, config_hash, corpus_hash, testset_hash, out_dir) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const updateRun = this.db.prepare('UPDATE runs SET git_commit = ?, config_file = ?, config_hash = ?, corpus_hash = ?, testset_hash = ? WHERE id = ?');
    const deleteMetrics = this.db.prepare('DELETE FROM metrics WHERE run_id = ?');
    const insertMetric = this.db.prepare('INSERT INTO metrics (run_id, configuration, metric, mean, scored, total) VALUES (?, ?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      const existing = findRun.get(run.outDir, run.runAt) as { id: number } | undefined;
      let id: number;
      if (existing) {
        id = existing.id;
        updateRun.run(run.gitCommit, run.configFile, run.configHash, run.corpusHash, run.testSetHash, id);
        deleteMetrics.run(id);
      } else {
        id = Number(insertRun.run(run.runAt, run.gitCommit, run.configFile, run.configHash, run.corpusHash, run.testSetHash, run.outDir).lastInsertRowid);
      }
      for (const m of run.metrics) insertMetric.run(id, m.configuration, m.metric, m.mean, m.scored, m.total);
      return id;
    })();
  }

  /** The most recent `limit` runs of one config file, oldest first. */
  recent(configFile: string, limit: number): HistoryRun[] {
    const rows = this.db
      .prepare('SELECT * FROM runs WHERE config_file = ? ORDER BY run_at DESC, id DESC LIMIT ?')
      .all(configFile, limit) as { id: number; run_at: string; git_commit: string | null; config_file: string; config_hash: string; corpus_hash: string; testset_hash: string; out_dir: string }[];
    const metrics = this.db.prepare('SELECT configuration, metric, mean, scored, total FROM metrics WHERE run_id = ? ORDER BY rowid');
    return rows.reverse().map((r) => ({
      id: r.id,
      runAt: r.run_at,
      gitCommit: r.git_commit,
      configFile: r.config_file,
      configHash: r.config_hash,
      corpusHash: r.corpus_hash,
      testSetHash: r.testset_hash,
      outDir: r.out_dir,
      metrics: metrics.all(r.id) as HistoryMetric[],
    }));
  }

  close(): void {
    this.db.close();
  }
}
