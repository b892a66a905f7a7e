import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Chunk } from '../../kernel/corpus.js';
import type { TestItem } from '../../kernel/test-item.js';
import type { ProgressSink } from '../progress/progress.js';
import type { AppendLog } from '../run-state/append-log.js';
import { throwIfStopped, type StopSignal } from '../run-state/stop-signal.js';
import type { Retriever, RetrievedChunk } from '../../kernel/retriever.js';

export interface QueryRetrieval {
  qid: string;
  hits: RetrievedChunk[];
  latencyMs: number;
}

/** One line of retrieval.jsonl: a configuration's ranking for one question. */
export const RetrievalRecord = z.object({
  configuration: z.string(),
  qid: z.string(),
  latencyMs: z.number(),
  hits: z.array(z.object({ rank: z.number().int(), chunkId: z.string(), docId: z.string(), score: z.number() })),
});
export type RetrievalRecord = z.infer<typeof RetrievalRecord>;

/** Records are flushed (one write + fsync) per batch: a crash loses at most one batch. */
const BATCH = 32;

export function toRecord(configuration: string, retrieval: QueryRetrieval): RetrievalRecord {
  return {
    configuration,
    qid: retrieval.qid,
    latencyMs: retrieval.latencyMs,
    hits: retrieval.hits.map((hit, index) => ({ rank: index + 1, chunkId: hit.chunk.id, docId: hit.chunk.docId, score: hit.score })),
  };
}

/** Rebuilds a logged retrieval against the chunks of this run (same corpus and chunking, checked by hash). */
export function fromRecord(record: RetrievalRecord, chunksById: ReadonlyMap<string, Chunk>): QueryRetrieval {
  return {
    qid: record.qid,
    latencyMs: record.latencyMs,
    hits: record.hits.map((hit) => {
      const chunk = chunksById.get(hit.chunkId);
      if (!chunk) throw new Error(`retrieval.jsonl names chunk "${hit.chunkId}", which this run's chunking does not have`);
      return { chunk, score: hit.score };
    }),
  };
}

/**
 * Asks the retriever the given questions, one at a time so each latency is that query's own
 * (concurrent load is `bench-retriever`'s job). Each result is appended to the stage log.
 */
export async function retrieveAll(options: {
  retriever: Retriever;
  label: string;
  items: readonly TestItem[];
  depth: number;
  progress: ProgressSink;
  log?: AppendLog<RetrievalRecord>;
  stop?: StopSignal;
  resumeHint?: string;
}): Promise<QueryRetrieval[]> {
  const stopIfAsked = () => {
    if (options.stop) throwIfStopped(options.stop, options.resumeHint ?? 'rag-eval run CONFIG --resume RUN_DIR');
  };
  stopIfAsked();
  const task = options.progress.start(`retrieving with ${options.label}`, options.items.length);
  const results: QueryRetrieval[] = [];
  // One untimed query first: model loading and JIT warm-up would otherwise land in the first latency.
  if (options.items[0]) await options.retriever.retrieve(options.items[0].question, options.depth);
  for (const item of options.items) {
    const started = performance.now();
    const hits = await options.retriever.retrieve(item.question, options.depth);
    const retrieval = { qid: item.id, hits, latencyMs: performance.now() - started };
    results.push(retrieval);
    options.log?.add(toRecord(options.label, retrieval));
    task.tick();
    if (results.length % BATCH === 0) {
      options.log?.flush();
      // In-process retrievers resolve in microtasks; yield so signal handlers (Ctrl-C) can run.
      await new Promise((resolve) => setImmediate(resolve));
      stopIfAsked();
    }
  }
  options.log?.flush();
  task.done();
  // The last, shorter batch is a batch boundary too: a stop asked during it ends the run here.
  await new Promise((resolve) => setImmediate(resolve));
  stopIfAsked();
  return results;
}

/**
 * How many chunks to ask for. Document-level judging keeps each document's best chunk, so it
 * asks deeper (5 × k) to still fill k distinct documents when documents have several chunks.
 */
export function retrievalDepth(k: number, level: 'chunk' | 'document', chunkCount: number): number {
  return Math.min(chunkCount, level === 'document' ? k * 5 : k);
}
