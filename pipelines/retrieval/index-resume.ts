/**
 * Resuming a persistent vector index (Milvus, LanceDB, any store with `resume`) from the index
 * log: the decisions are pure (acknowledgedPrefix, planIndexResume), openForIndexing applies them
 * to a store through the contract alone (resume, open), and no file is read here. The log holds one record per batch the store
 * acknowledged (its add() resolved): the chunk range [start, end) in index order, under the
 * dataset key (embedder + every chunk's id and text) and the store's target (collection or
 * table). A resumed build keeps the stored prefix when the store holds exactly what the log
 * acknowledged and inserts only the rest; anything else is rebuilt, with the reason.
 */
import type { StoredRange } from '../../kernel/retriever.js';
import type { PersistentVectorStore } from '../../kernel/vector-store.js';

/**
 * How many chunks, from the first on, the log says are stored for this dataset and target: the
 * end of the contiguous run of ranges starting at 0 (batches are stored in order, so a gap means
 * the log is not about this build and nothing after it counts).
 */
export function acknowledgedPrefix(batches: readonly StoredRange[], datasetKey: string, target: string): number {
  const ranges = batches.filter((b) => b.datasetKey === datasetKey && b.target === target).sort((a, b) => a.start - b.start);
  let covered = 0;
  for (const range of ranges) {
    if (range.start > covered) break;
    covered = Math.max(covered, range.end);
  }
  return covered;
}

export type IndexResumePlan =
  /** The store already holds every chunk: embed nothing, add nothing. */
  | { action: 'complete' }
  /** Keep the first `from` chunks in the store; embed and add the rest. */
  | { action: 'continue'; from: number }
  /**
   * The store holds the acknowledged chunks plus part of the next batch (a crash inside an insert,
   * or between the insert and its log line): remove chunks [from, to), then continue from `from`
   * if the store then holds exactly `from`.
   */
  | { action: 'trim'; from: number; to: number }
  /** Start over (clear the target). `reason` is set when stored vectors are thrown away. */
  | { action: 'rebuild'; reason?: string };

/**
 * Decides what a resumed build does, from what the log acknowledged and what the store holds.
 * `held` equal to `acknowledged` proves the two agree (ids are unique and added in log order).
 * A store holding a little more — at most one add() of `batch` vectors — holds part of the batch
 * that was being stored at the crash: those chunks are removed (stores that can) and the count
 * checked again. Anything else (vectors deleted by hand, a different build) is rebuilt.
 */
export function planIndexResume(input: { total: number; acknowledged: number; held: number; batch?: number }): IndexResumePlan {
  const { total, acknowledged, held } = input;
  if (total > 0 && held === total) return { action: 'complete' };
  if (acknowledged > total) {
    return { action: 'rebuild', reason: `the index log acknowledges ${acknowledged} vectors but the corpus has ${total} chunks` };
  }
  if (held === acknowledged) return acknowledged === 0 ? { action: 'rebuild' } : { action: 'continue', from: acknowledged };
  if (held === 0) return { action: 'rebuild', reason: `the index log acknowledges ${acknowledged} vectors but the store holds none` };
  if (input.batch !== undefined && held > acknowledged && held <= acknowledged + input.batch) {
    return { action: 'trim', from: acknowledged, to: Math.min(total, acknowledged + input.batch) };
  }
  return { action: 'rebuild', reason: `the store holds ${held} vectors but the index log acknowledges ${acknowledged}` };
}

/** Where a build starts: chunks [0, from) are already in the store (from = total: nothing to add). */
export interface OpenedIndex {
  from: number;
  /** The store's table or collection, for the index log; undefined for stores that cannot resume. */
  target: string | undefined;
}

/**
 * Binds a persistent store to `datasetKey` for a build of `ids.length` chunks. Stores with resume()
 * keep what the index log acknowledged (planIndexResume), removing a half-stored batch when they
 * can (remove()); the others (and every rebuild) go through open(), which reuses a complete
 * table/collection and clears anything else.
 */
export async function openForIndexing(
  store: PersistentVectorStore,
  options: {
    datasetKey: string;
    /** The chunk ids in index order. */
    ids: readonly string[];
    /** Vectors per add(): the most a crash can leave stored beyond the log. */
    batch: number;
    storedBefore?: readonly StoredRange[];
    warn?: (message: string) => void;
    label: string;
  },
): Promise<OpenedIndex> {
  const { datasetKey, ids } = options;
  const total = ids.length;
  if (!store.resume) return { from: (await store.open(datasetKey, total)) ? total : 0, target: undefined };
  const { target, held } = await store.resume(datasetKey);
  const acknowledged = acknowledgedPrefix(options.storedBefore ?? [], datasetKey, target);
  const plan = planIndexResume({ total, acknowledged, held, ...(store.remove ? { batch: options.batch } : {}) });
  if (plan.action === 'complete') return { from: total, target };
  if (plan.action === 'continue') return { from: plan.from, target };
  let reason = plan.action === 'rebuild' ? plan.reason : undefined;
  if (plan.action === 'trim') {
    const after = await store.remove!(ids.slice(plan.from, plan.to));
    if (after === plan.from) {
      options.warn?.(
        `${options.label}: removed ${held - after} vectors from ${target} that the index log never acknowledged ` +
          `(an interrupted insert); continuing after chunk ${after}`,
      );
      return { from: after, target };
    }
    reason = `the store holds ${held} vectors but the index log acknowledges ${acknowledged}, and ${after} after removing the unacknowledged batch`;
  }
  if (reason) options.warn?.(`${options.label}: rebuilding the ${store.kind} index ${target}: ${reason}`);
  return { from: (await store.open(datasetKey, total)) ? total : 0, target };
}
