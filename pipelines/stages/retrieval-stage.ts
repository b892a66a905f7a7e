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
  indexMs: number;
  embedding: { texts: number; seconds: number; modelLoadSeconds: number | null } | undefined;
}

/** One (configuration, question) result, logged earlier or fresh; `index` is the question's position in `items`. */
export interface RetrievalResult {
  built: BuiltRetriever;
  k: number;
  index: number;
  retrieval: QueryRetrieval;
}

/**
 * Indexes and queries every configuration, appending each result to retrieval.jsonl and handing
 * it to `onResult` (nothing is collected here: a caller keeps only what it needs, so 100k
 * questions × 50 results never sit in memory). On a resumed run the logged results are read back
 * block by block and handed over first, and only missing (configuration, question) pairs are
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
  onResult: (result: RetrievalResult) => void;
}): Promise<RetrievalOutcome[]> {
  const byName = new Map(options.built.map((b) => [b.config.name, b]));
  const chunksOf = (b: BuiltRetriever) => options.chunksByChunking.get(chunkingId(b.chunking))!;
  const ks = new Map(options.built.map((b) => [b.config.name, options.kFor(b, chunksOf(b).length)]));
  const indexOf = new Map(options.items.map((item, index) => [item.id, index]));
  const chunkMaps = new Map<string, ReadonlyMap<string, Chunk>>();
  const chunksById = (b: BuiltRetriever) => {
    const id = chunkingId(b.chunking);
    if (!chunkMaps.has(id)) chunkMaps.set(id, new Map(chunksOf(b).map((c) => [c.id, c])));
    return chunkMaps.get(id)!;
  };
  // configuration → which questions (by position) already have a logged result.
  const done = new Map(options.built.map((b) => [b.config.name, new Uint8Array(options.items.length)]));
  const retrievalLog = AppendLog.openScanning(path.join(options.outDir, 'retrieval.jsonl'), RetrievalRecord, (record) => {
    const b = byName.get(record.configuration);
    const index = indexOf.get(record.qid);
    if (!b || index === undefined) return;
    done.get(b.config.name)![index] = 1;
    options.onResult({ built: b, k: ks.get(b.config.name)!, index, retrieval: fromRecord(record, chunksById(b)) });
  });
  chunkMaps.clear();
  const indexLog = AppendLog.open(path.join(options.outDir, 'index.jsonl'), IndexRecord);
  const batchLog = AppendLog.open(path.join(options.outDir, 'index-batches.jsonl'), StoredBatchRecord);
  for (const [file, torn] of [[retrievalLog.log.file, retrievalLog.tornLine], [indexLog.log.file, indexLog.existing.tornLine], [batchLog.log.file, batchLog.existing.tornLine]] as const) {
    if (torn) options.progress.warn(`${file}: dropped an incomplete last line left by an interrupted run`);
  }
  const indexed = new Map(indexLog.existing.records.map((r) => [r.configuration, r]));
  const pendingFor = (b: BuiltRetriever) => {
    const logged = done.get(b.config.name)!;
    return options.items.filter((_, index) => logged[index] === 0);
  };
  const indexedNow = new Set<string>();

  const ensureIndexed = async (b: BuiltRetriever) => {
    if (indexedNow.has(b.config.name)) return;
    const name = b.config.name;
    const indexMs = await indexRetriever(b, chunksOf(b), options.progress, () => throwIfStopped(options.stop, options.resumeHint), {
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
      const chunks = chunksOf(b);
      const k = ks.get(b.config.name)!;
      const pending = pendingFor(b);
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
          onResult: (retrieval) => options.onResult({ built: b, k, index: indexOf.get(retrieval.qid)!, retrieval }),
        });
      }
      const memberNames = b.indexedByOthers ? (b.config.of ?? []) : [b.config.name];
      const indexMs = memberNames.reduce((sum, name) => sum + (indexed.get(name)?.indexMs ?? 0), 0);
      const embedding = b.indexedByOthers ? undefined : (indexed.get(b.config.name)?.embedding ?? undefined);
      outcomes.push({ built: b, k, chunks, indexMs, embedding });
    }
    return outcomes;
  } finally {
    retrievalLog.log.close();
    indexLog.log.close();
    batchLog.log.close();
  }
}
