import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { ConfigError, RagEvalError } from '../kernel/errors.js';
import { chunkBySentences } from './sentence-chunker.js';
import type { Chunk, SourceDocument } from '../kernel/corpus.js';

export interface ChunkingOptions {
  /** Maximum chunk length in characters (UTF-16 code units, like every offset here). */
  size: number;
  /** Characters shared by consecutive chunks; 0 <= overlap < size. */
  overlap: number;
  /** 'recursive' (default): LangChain's recursive splitter; 'sentence': whole ICU sentences packed up to `size`. */
  splitter?: 'recursive' | 'sentence';
}

/**
 * Separators tried in order: paragraphs, lines, sentence ends (Chinese/Japanese full-width
 * marks, then English punctuation followed by a space), clause marks, spaces, characters.
 */
export const SEPARATORS = ['\n\n', '\n', '。', '！', '？', '. ', '! ', '? ', '；', '; ', '，', ', ', ' ', ''];

const CJK_SENTENCE_ENDS = ['。', '！', '？'];
const LATIN_SENTENCE_ENDS = ['. ', '! ', '? '];

/**
 * The splitter uses one separator per level, so with `。` before `！` a passage would be cut at
 * every `。` first and only later, inside oversized pieces, at `！`: chunks around an
 * exclamation would come out needlessly small. Splitting at any end of the same kind keeps
 * all sentence ends on one level. The separators stay in SEPARATORS individually because the
 * splitter only picks a level whose own separator occurs in the text.
 */
const SAME_LEVEL: ReadonlyMap<string, RegExp> = new Map(
  [CJK_SENTENCE_ENDS, LATIN_SENTENCE_ENDS].flatMap((group) => {
    const pattern = new RegExp(group.map((end) => end.replace(/[.!?]/g, '\\$&')).join('|'), 'g');
    return group.map((end) => [end, pattern] as const);
  }),
);

/**
 * LangChain's recursive splitter keeps a separator at the *start* of the next piece
 * (`(?=sep)`), which would open chunks with "。" or "? ". This keeps it at the *end* of the
 * piece it closes instead. Pieces stay contiguous, so every chunk is a substring of the text.
 */
class SentenceEndKeepingSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    // Code points, not code units, so a surrogate pair is never cut in half.
    if (separator === '') return Array.from(text);
    const pattern = SAME_LEVEL.get(separator) ?? new RegExp(separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
    const pieces: string[] = [];
    let from = 0;
    for (const match of text.matchAll(pattern)) {
      const end = match.index + match[0].length;
      pieces.push(text.slice(from, end));
      from = end;
    }
    pieces.push(text.slice(from));
    return pieces.filter((piece) => piece !== '');
  }
}

export function validateChunking(options: ChunkingOptions): void {
  const { size, overlap } = options;
  if (!Number.isInteger(size) || size <= 0) {
    throw new ConfigError(`chunking.size must be a positive integer (characters), got ${String(size)}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= size) {
    throw new ConfigError(`chunking.overlap must be an integer with 0 <= overlap < chunking.size (${size}), got ${String(overlap)}`);
  }
}

/** Splits every document into chunks that carry exact offsets: `doc.text.slice(start, end) === text`. */
export async function chunkDocuments(docs: readonly SourceDocument[], options: ChunkingOptions): Promise<Chunk[]> {
  validateChunking(options);
  if (options.splitter === 'sentence') {
    return docs.flatMap((doc) => chunkBySentences(doc, options.size, options.overlap));
  }
  const splitter = createRecursiveSplitter(options);
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    const texts = doc.text.length < options.size ? shortTextChunks(doc.text) : await splitter.splitText(doc.text);
    for (const chunk of locateChunks(doc, texts)) chunks.push(chunk);
  }
  return chunks;
}

/** The recursive splitter chunkDocuments uses (exported for the test that checks shortTextChunks against it). */
export function createRecursiveSplitter(options: ChunkingOptions): RecursiveCharacterTextSplitter {
  return new SentenceEndKeepingSplitter({
    chunkSize: options.size,
    chunkOverlap: options.overlap,
    separators: SEPARATORS,
    keepSeparator: true,
  });
}

/**
 * What the recursive splitter returns for a text shorter than the chunk size, without running
 * it: every piece it cuts is shorter than the size, so all are merged back into one chunk, the
 * text trimmed (none when blank). Most passages of a passage corpus take this path; the chunk's
 * text is then the document's own string when there is nothing to trim.
 */
export function shortTextChunks(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : [trimmed];
}

/**
 * Recovers offsets for splitter output, which has none. Chunks come out in document order and
 * each starts after the previous one's start (overlap moves back at most into the previous
 * chunk, never before its start), so we search forward from there. The splitter trims chunks,
 * so a chunk is always a verbatim substring; not finding one is a bug, reported as such.
 */
export function locateChunks(doc: SourceDocument, texts: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let previousStart = -1;
  for (const text of texts) {
    let start = doc.text.indexOf(text, previousStart + 1);
    // Two chunks can share a start only when whitespace-only pieces sat between them.
    if (start === -1) start = doc.text.indexOf(text, Math.max(0, previousStart));
    if (start === -1) {
      throw new RagEvalError(`internal error: chunk ${chunks.length} of document "${doc.id}" is not a substring of it`);
    }
    const index = chunks.length;
    chunks.push({ id: `${doc.id}#${index}`, docId: doc.id, index, start, end: start + text.length, text });
    previousStart = start;
  }
  return chunks;
}
