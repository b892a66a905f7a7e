import { loadCorpus, pathInside } from '../../corpora/load.js';
import type { Corpus } from '../../kernel/corpus.js';
import type { ProgressSink } from '../progress/progress.js';

/** A file or folder rag-eval itself writes: a run or output folder, a cache, the history, the test set. */
export interface OwnPath {
  /** Absolute. */
  path: string;
  /** The option that puts it there, e.g. "output.dir", "--out", "llm.cachePath". */
  option: string;
  /** An SQLite database: its -wal, -shm and -journal files go with it. */
  sqlite?: boolean;
}

const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * Loads a folder corpus without rag-eval's own paths that lie inside it (by path, so before the
 * first run wrote anything there and whether or not a run folder still holds its run-state.json),
 * and says in one line which ones those are. Hidden ones (.rag-eval/) are skipped as hidden anyway.
 */
export async function loadCorpusWithoutOwnPaths(corpusPath: string, own: readonly OwnPath[], progress: ProgressSink): Promise<Corpus> {
  const inside = own.filter((p) => pathInside(corpusPath, p.path) !== undefined);
  const excludePaths = inside.flatMap((p) => (p.sqlite ? [p.path, ...SQLITE_COMPANIONS.map((suffix) => `${p.path}${suffix}`)] : [p.path]));
  const line = ownPathsLine(corpusPath, inside);
  if (line) progress.info(line);
  return loadCorpus(corpusPath, { excludePaths });
}

/** "corpus: left out …: runs (output.dir), cache/llm.sqlite (llm.cachePath)"; one entry per path, its options joined. */
export function ownPathsLine(corpusPath: string, own: readonly OwnPath[]): string | undefined {
  const byPath = new Map<string, string[]>();
  for (const p of own) {
    const relative = pathInside(corpusPath, p.path);
    if (relative === undefined || relative.split('/').some((part) => part.startsWith('.'))) continue;
    byPath.set(relative, [...(byPath.get(relative) ?? []), p.option]);
  }
  if (byPath.size === 0) return undefined;
  const listed = [...byPath].map(([relative, options]) => `${relative} (${[...new Set(options)].join(', ')})`);
  return `corpus: left out rag-eval's own paths inside the corpus folder: ${listed.join(', ')}`;
}
