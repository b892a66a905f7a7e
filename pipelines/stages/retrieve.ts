import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Chunk } from '../../kernel/corpus.js';
import type { TestItem } from '../../kernel/test-item.js';
import type { ProgressSink } from '../progress/progress.js';
import type { AppendLog } from '../run-state/append-log.js';
import { throwIfStopped, type StopSignal } from '../run-state/stop-signal.js';
import { retrieveBatch, type Retriever, type RetrievedChunk } from '../../kernel/retriever.js';

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

/** Records are flushed (one write + fsync) every this many: a crash loses at most one flush. */
const FLUSH_EVERY = 32;
/**
 * Questions sent together to a retriever that has retrieveMany (dense, hybrid over dense): one
 * batched query embedding and one pass of exact search over the vectors for all of them.
 */
export const QUERY_BATCH = 128;

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
 * Asks the retriever the given questions and appends each result to the stage log. A retriever
 * with retrieveMany gets them in batches of `batchSize` (default QUERY_BATCH); each member of a
 * batch is given the batch's wall time divided by its size as latency (single-query latency
 * under load is `bench-retriever`'s job). Others are asked one at a time, so each latency is
 * that query's own.
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
  batchSize?: number;
  /** Called with each result instead of collecting them (then the returned list is empty). */
  onResult?: (retrieval: QueryRetrieval) => void;
}): Promise<QueryRetrieval[]> {
  const stopIfAsked = () => {
    if (options.stop) throwIfStopped(options.stop, options.resumeHint ?? 'rag-eval run CONFIG --resume RUN_DIR');
  };
  stopIfAsked();
  const task = options.progress.start(`retrieving with ${options.label}`, options.items.length);
  const results: QueryRetrieval[] = [];
  const batchSize = options.retriever.retrieveMany ? Math.max(1, options.batchSize ?? QUERY_BATCH) : 1;
  // One untimed query first: model loading and JIT warm-up would otherwise land in the first latency.
  if (options.items[0]) await options.retriever.retrieve(options.items[0].question, options.depth);
  let sinceFlush = 0;
  for (let start = 0; start < options.items.length; start += batchSize) {
    const batch = options.items.slice(start, start + batchSize);
    const started = performance.now();
    const rankings = await retrieveBatch(options.retriever, batch.map((item) => item.question), options.depth);
    const latencyMs = (performance.now() - started) / batch.length;
    batch.forEach((item, i) => {
      const retrieval = { qid: item.id, hits: rankings[i]!, latencyMs };
      if (options.onResult) options.onResult(retrieval);
      else results.push(retrieval);
      options.log?.add(toRecord(options.label, retrieval));
    });
    task.tick(batch.length);
    sinceFlush += batch.length;
    if (sinceFlush >= FLUSH_EVERY) {
      sinceFlush = 0;
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
