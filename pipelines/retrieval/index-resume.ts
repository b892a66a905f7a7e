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
  /** Start over (clear the target). `reason` is set when stored vectors are thrown away. */
  | { action: 'rebuild'; reason?: string };

/**
 * Decides what a resumed build does, from what the log acknowledged and what the store holds.
 * `held` equal to `acknowledged` proves the two agree (ids are unique and added in log order);
 * a store holding more than the log (a crash between the insert and its log line) or less
 * (vectors deleted by hand) cannot say which chunks it holds, so it is rebuilt.
 */
export function planIndexResume(input: { total: number; acknowledged: number; held: number }): IndexResumePlan {
  const { total, acknowledged, held } = input;
  if (total > 0 && held === total) return { action: 'complete' };
  if (acknowledged > total) return { action: 'rebuild', reason: `the index log acknowledges ${acknowledged} vectors but the corpus has ${total} chunks` };
  if (held === acknowledged) return acknowledged === 0 ? { action: 'rebuild' } : { action: 'continue', from: acknowledged };
  if (held === 0) return { action: 'rebuild', reason: `the index log acknowledges ${acknowledged} vectors but the store holds none` };
  return { action: 'rebuild', reason: `the store holds ${held} vectors but the index log acknowledges ${acknowledged}` };
}

/** Where a build starts: chunks [0, from) are already in the store (from = total: nothing to add). */
export interface OpenedIndex {
  from: number;
  /** The store's table or collection, for the index log; undefined for stores that cannot resume. */
  target: string | undefined;
}

/**
 * Binds a persistent store to `datasetKey` for a build of `total` chunks. Stores with resume()
 * keep what the index log acknowledged (planIndexResume); the others (and every rebuild) go
 * through open(), which reuses a complete table/collection and clears anything else.
 */
export async function openForIndexing(
  store: PersistentVectorStore,
  options: { datasetKey: string; total: number; storedBefore?: readonly StoredRange[]; warn?: (message: string) => void; label: string },
): Promise<OpenedIndex> {
  const { datasetKey, total } = options;
  if (!store.resume) return { from: (await store.open(datasetKey, total)) ? total : 0, target: undefined };
  const { target, held } = await store.resume(datasetKey);
  const plan = planIndexResume({ total, acknowledged: acknowledgedPrefix(options.storedBefore ?? [], datasetKey, target), held });
  if (plan.action === 'complete') return { from: total, target };
  if (plan.action === 'continue') return { from: plan.from, target };
  if (plan.reason) options.warn?.(`${options.label}: rebuilding the ${store.kind} index ${target}: ${plan.reason}`);
  return { from: (await store.open(datasetKey, total)) ? total : 0, target };
}
