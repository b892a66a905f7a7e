import path from 'node:path';
import { z } from 'zod';
import type { Chunk } from '../../kernel/corpus.js';
import type { TestItem } from '../../kernel/test-item.js';
import { chunkingId, type BuiltRetriever } from './built-retriever.js';
import type { ProgressSink } from '../progress/progress.js';
import { AppendLog } from '../run-state/append-log.js';
import { throwIfStopped, type StopSignal } from '../run-state/stop-signal.js';
import { indexRetriever } from './index-retriever.js';
import { fromRecord, retrievalDepth, retrieveAll, RetrievalRecord, type QueryRetrieval } from './retrieve.js';

/** One line of index.jsonl: how long a configuration took to index, for the latency report. */
const IndexRecord = z.object({
  configuration: z.string(),
  indexMs: z.number(),
  embedding: z.object({ texts: z.number(), seconds: z.number(), modelLoadSeconds: z.number().nullable().default(null) }).nullable(),
});
type IndexRecord = z.infer<typeof IndexRecord>;

/**
 * One line of index-batches.jsonl: a batch a persistent store acknowledged, so that a resumed run
 * continues a Milvus or LanceDB build after it instead of starting over (retrieval/index-resume.ts).
 */
const StoredBatchRecord = z.object({
  configuration: z.string(),
  datasetKey: z.string(),
  target: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});

export interface RetrievalOutcome {
  built: BuiltRetriever;
  k: number;
  chunks: Chunk[];
  retrievals: QueryRetrieval[];
  indexMs: number;
  embedding: { texts: number; seconds: number; modelLoadSeconds: number | null } | undefined;
}

/**
 * Indexes and queries every configuration, appending each result to retrieval.jsonl. On a
 * resumed run the logged results are kept and only missing (configuration, question) pairs are
 * computed; a retriever is indexed only if it (or a hybrid over it) still has questions to answer.
 */
export async function runRetrievalStage(options: {
  outDir: string;
  built: readonly BuiltRetriever[];
  chunksByChunking: ReadonlyMap<string, Chunk[]>;
  items: readonly TestItem[];
  kFor: (built: BuiltRetriever, chunkCount: number) => number;
  /** Warnings for the run's summary (a persistent index rebuilt or trimmed); default: the progress sink. */
  warn?: (message: string) => void;
  level: 'chunk' | 'document';
  progress: ProgressSink;
  stop: StopSignal;
  resumeHint: string;
}): Promise<RetrievalOutcome[]> {
  const retrievalLog = AppendLog.open(path.join(options.outDir, 'retrieval.jsonl'), RetrievalRecord);
  const indexLog = AppendLog.open(path.join(options.outDir, 'index.jsonl'), IndexRecord);
  const batchLog = AppendLog.open(path.join(options.outDir, 'index-batches.jsonl'), StoredBatchRecord);
  for (const opened of [retrievalLog, indexLog, batchLog]) {
    if (opened.existing.tornLine) options.progress.warn(`${opened.log.file}: dropped an incomplete last line left by an interrupted run`);
  }
  const done = new Map(retrievalLog.existing.records.map((r) => [`${r.configuration}\u0000${r.qid}`, r]));
  const indexed = new Map(indexLog.existing.records.map((r) => [r.configuration, r]));
  const byName = new Map(options.built.map((b) => [b.config.name, b]));
  const pendingFor = (b: BuiltRetriever) => options.items.filter((item) => !done.has(`${b.config.name}\u0000${item.id}`));
  const indexedNow = new Set<string>();

  const ensureIndexed = async (b: BuiltRetriever) => {
    if (indexedNow.has(b.config.name)) return;
    const chunks = options.chunksByChunking.get(chunkingId(b.chunking))!;
    const name = b.config.name;
    const indexMs = await indexRetriever(b, chunks, options.progress, () => throwIfStopped(options.stop, options.resumeHint), {
      storedBefore: batchLog.existing.records.filter((r) => r.configuration === name),
      // On disk (fsynced) before the store is asked for the next batch.
      onStored: (range) => {
        batchLog.log.add({ configuration: name, ...range });
        batchLog.log.flush();
      },
      warn: options.warn ?? ((message) => options.progress.warn(message)),
    });
    const stats = b.embeddingStats?.();
    const record: IndexRecord = { configuration: b.config.name, indexMs, embedding: stats ? { texts: stats.texts, seconds: stats.seconds, modelLoadSeconds: stats.modelLoadSeconds } : null };
    indexed.set(b.config.name, record);
    indexLog.log.add(record);
    indexLog.log.flush();
    indexedNow.add(b.config.name);
  };

  try {
    const outcomes: RetrievalOutcome[] = [];
    for (const b of options.built) {
      const chunks = options.chunksByChunking.get(chunkingId(b.chunking))!;
      const chunksById = new Map(chunks.map((c) => [c.id, c]));
      const k = options.kFor(b, chunks.length);
      const pending = pendingFor(b);
      // Fresh results are kept as they are (one copy, chunks shared with the corpus); logged ones are rebuilt.
      const fresh = new Map<string, QueryRetrieval>();
      if (pending.length > 0) {
        const members = b.indexedByOthers ? (b.config.of ?? []).map((name) => byName.get(name)!) : [b];
        for (const member of members) await ensureIndexed(member);
        await retrieveAll({
          retriever: b.retriever,
          label: b.config.name,
          items: pending,
          depth: retrievalDepth(k, options.level, chunks.length),
          progress: options.progress,
          log: retrievalLog.log,
          stop: options.stop,
          resumeHint: options.resumeHint,
          onResult: (retrieval) => fresh.set(retrieval.qid, retrieval),
        });
      }
      const retrievals = options.items.map((item) => {
        const key = `${b.config.name}\u0000${item.id}`;
        const retrieval = fresh.get(item.id) ?? fromRecord(done.get(key)!, chunksById);
        done.delete(key); // each logged record is needed once: let it go
        return retrieval;
      });
      const memberNames = b.indexedByOthers ? (b.config.of ?? []) : [b.config.name];
      const indexMs = memberNames.reduce((sum, name) => sum + (indexed.get(name)?.indexMs ?? 0), 0);
      const embedding = b.indexedByOthers ? undefined : (indexed.get(b.config.name)?.embedding ?? undefined);
      outcomes.push({ built: b, k, chunks, retrievals, indexMs, embedding });
    }
    return outcomes;
  } finally {
    retrievalLog.log.close();
    indexLog.log.close();
    batchLog.log.close();
  }
}
