import type { SourceDocument } from '../../kernel/corpus.js';
import type { TestItem } from '../../kernel/test-item.js';

export interface CorpusDiff {
  /** Items whose every source document is unchanged, plus items without source hashes (hand-written, offline). */
  kept: TestItem[];
  /** Items of changed or deleted documents, with `retired` set. */
  retired: TestItem[];
  /** Documents that need new questions: no kept item covers their current content. */
  targets: SourceDocument[];
  newDocuments: string[];
  changedDocuments: string[];
  deletedDocuments: string[];
}

/**
 * Compares a test set with the corpus by the content hashes recorded in `sourceHashes`.
 * A document is "covered" when a kept item was made from its current text; every uncovered
 * document is a target. Documents that once yielded no item are targets again on the next run;
 * with the response cache on, that costs no request while they are unchanged.
 */
export function diffCorpus(items: readonly TestItem[], documents: readonly SourceDocument[], now: Date = new Date()): CorpusDiff {
  const current = new Map(documents.map((doc) => [doc.id, doc.hash]));
  const seen = new Set<string>();
  const changed = new Set<string>();
  const deleted = new Set<string>();
  const kept: TestItem[] = [];
  const retired: TestItem[] = [];
  for (const item of items) {
    const hashes = item.sourceHashes;
    if (!hashes) {
      kept.push(item);
      continue;
    }
    const reasons: string[] = [];
    for (const [docId, hash] of Object.entries(hashes)) {
      seen.add(docId);
      const now = current.get(docId);
      if (now === undefined) {
        deleted.add(docId);
        reasons.push(`document ${docId} was deleted`);
      } else if (now !== hash) {
        changed.add(docId);
        reasons.push(`document ${docId} changed`);
      }
    }
    if (reasons.length) retired.push({ ...item, retired: { at: now.toISOString(), reason: reasons.join('; ') } });
    else kept.push(item);
  }
  const covered = new Set(kept.flatMap((item) => Object.keys(item.sourceHashes ?? {})));
  return {
    kept,
    retired,
    targets: documents.filter((doc) => !covered.has(doc.id)),
    newDocuments: documents.filter((doc) => !seen.has(doc.id)).map((doc) => doc.id),
    changedDocuments: [...changed].sort(),
    deletedDocuments: [...deleted].sort(),
  };
}

/** `testset.jsonl` -> `testset.archive.jsonl`, in the same folder. */
export function archivePathFor(testSetPath: string): string {
  return testSetPath.endsWith('.jsonl') ? `${testSetPath.slice(0, -'.jsonl'.length)}.archive.jsonl` : `${testSetPath}.archive.jsonl`;
}
