import { performance } from 'node:perf_hooks';
import type { TestItem } from '../../synthetic-data/schema.js';
import type { ProgressSink } from '../progress/progress.js';
import type { Retriever, RetrievedChunk } from '../retrieval/types.js';

export interface QueryRetrieval {
  qid: string;
  hits: RetrievedChunk[];
  latencyMs: number;
}

/**
 * Asks the retriever every question, one at a time so each latency is that query's own
 * (concurrent load is `bench-retriever`'s job).
 */
export async function retrieveAll(options: {
  retriever: Retriever;
  label: string;
  items: readonly TestItem[];
  depth: number;
  progress: ProgressSink;
}): Promise<QueryRetrieval[]> {
  const task = options.progress.start(`retrieving with ${options.label}`, options.items.length);
  const results: QueryRetrieval[] = [];
  // One untimed query first: model loading and JIT warm-up would otherwise land in the first latency.
  if (options.items[0]) await options.retriever.retrieve(options.items[0].question, options.depth);
  for (const item of options.items) {
    const started = performance.now();
    const hits = await options.retriever.retrieve(item.question, options.depth);
    results.push({ qid: item.id, hits, latencyMs: performance.now() - started });
    task.tick();
  }
  task.done();
  return results;
}

/**
 * How many chunks to ask for. Document-level judging keeps each document's best chunk, so it
 * asks deeper (5 × k) to still fill k distinct documents when documents have several chunks.
 */
export function retrievalDepth(k: number, level: 'chunk' | 'document', chunkCount: number): number {
  return Math.min(chunkCount, level === 'document' ? k * 5 : k);
}
