/** A source document as loaded from the corpus. Offsets in spans and chunks index into `text`. */
export interface SourceDocument {
  /** Stable id: the path relative to the corpus root (files) or the `id` field (jsonl, BEIR). */
  id: string;
  title?: string;
  text: string;
  /** sha256 of `text`, hex. */
  hash: string;
  /** Where it came from, for messages: file path, or file:line for jsonl. */
  source: string;
}

/** A piece of a document. `text === document.text.slice(start, end)`. */
export interface Chunk {
  /** Stable id: `${docId}#${index}` for a given chunking. */
  id: string;
  docId: string;
  index: number;
  start: number;
  end: number;
  text: string;
}

export interface CorpusWarning {
  /** What kind of problem: skipped binary/non-UTF-8 file, empty document, ... */
  kind: 'skipped-binary' | 'skipped-encoding' | 'empty-document' | 'skipped-unsupported' | 'other';
  source: string;
  message: string;
}

export interface Corpus {
  root: string;
  documents: SourceDocument[];
  warnings: CorpusWarning[];
  /** sha256 over the sorted (id, hash) pairs. */
  hash: string;
}
