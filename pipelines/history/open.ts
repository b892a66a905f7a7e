import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { gitCommit } from './git.js';
import { HistoryStore } from './store.js';

/** `history.path` from the config, else `.rag-eval/history.sqlite` next to the config file. */
export function historyPath(loaded: LoadedConfig): string {
  return path.resolve(loaded.baseDir, loaded.config.history?.path ?? '.rag-eval/history.sqlite');
}

/** Opens the config's history store for the duration of `fn` (the CLI's `run`), with the git commit of the config's folder. */
export async function withHistory<T>(loaded: LoadedConfig, fn: (history: { store: HistoryStore; gitCommit: string | null }) => Promise<T>): Promise<T> {
  const store = HistoryStore.open(historyPath(loaded));
  try {
    return await fn({ store, gitCommit: gitCommit(loaded.baseDir) });
  } finally {
    store.close();
  }
}
