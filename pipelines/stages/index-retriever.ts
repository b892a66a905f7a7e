import { performance } from 'node:perf_hooks';
import type { Chunk } from '../../kernel/corpus.js';
import type { IndexOptions } from '../../kernel/retriever.js';
import type { BuiltRetriever } from './built-retriever.js';
import type { ProgressSink } from '../progress/progress.js';

/**
 * Indexes one retriever over its chunks; returns the wall time in milliseconds. `beforeBatch`
 * runs before each batch of work (embedding requests) and may throw to stop there. Retrievers
 * that report progress (dense: per embedding batch) move the progress line and its ETA.
 */
export async function indexRetriever(
  built: BuiltRetriever,
  chunks: readonly Chunk[],
  progress: ProgressSink,
  beforeBatch?: () => void,
  /** Resumable persistent stores: what the index log says is stored, and where each new batch is logged. */
  resumable?: Pick<IndexOptions, 'storedBefore' | 'onStored' | 'warn'>,
): Promise<number> {
  beforeBatch?.();
  const task = progress.start(`indexing ${built.config.name}`, chunks.length);
  const started = performance.now();
  let reported = 0;
  const onProgress = (indexed: number): void => {
    reported += indexed;
    task.tick(indexed);
  };
  await built.retriever.index(chunks, { ...resumable, ...(beforeBatch ? { beforeBatch } : {}), onProgress });
  if (reported < chunks.length) task.tick(chunks.length - reported);
  const elapsed = performance.now() - started;
  task.done();
  return elapsed;
}
