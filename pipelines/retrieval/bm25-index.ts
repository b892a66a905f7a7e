/**
 * The BM25 inverted index, built one document at a time. Postings live in typed arrays
 * (CSR layout: one offsets array, one doc-index array, one term-frequency array for all
 * terms). While documents are added, nothing per token or per document is kept as an object:
 * each document becomes a run of (term id, count) pairs in two growing typed arrays, so the
 * tokens of a million chunks never exist at once and the garbage collector has little to do.
 */
import type { TokenStream } from '../../corpora/tokenize.js';
import { TermDictionary } from './term-dictionary.js';

export interface Bm25Index {
  readonly docCount: number;
  readonly avgDocLength: number;
  readonly terms: ReadonlyMap<string, number>;
  /** postings of term t are positions offsets[t] .. offsets[t+1] of docs / tfs. */
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly tfs: Uint32Array;
  readonly docLengths: Uint32Array;
}

/** idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)); never negative. */
export function bm25Idf(docCount: number, docFrequency: number): number {
  return Math.log(1 + (docCount - docFrequency + 0.5) / (docFrequency + 0.5));
}

/** A Uint32Array that doubles when full; `array` is valid up to `length`. */
class GrowableUint32 {
  array: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.array = new Uint32Array(capacity);
  }
  ensure(capacity: number): void {
    if (capacity <= this.array.length) return;
    const grown = new Uint32Array(Math.max(capacity, this.array.length * 2));
    grown.set(this.array.subarray(0, this.length));
    this.array = grown;
  }
  push(value: number): void {
    if (this.length === this.array.length) this.ensure(this.length + 1);
    this.array[this.length++] = value;
  }
}

/**
 * Add documents in index order (`addDocument(tokens)`, or `addText(text, stream)` which never
 * makes the tokens of ASCII text into strings), then `build()` once. Term ids are given in
 * order of first occurrence; each posting list comes out sorted by doc index.
 */
export class Bm25IndexBuilder {
  private readonly dictionary = new TermDictionary();
  private readonly docLengths = new GrowableUint32();
  /** Per document, its distinct term ids and their counts: pairs docStart[d] .. docStart[d+1]. */
  private readonly pairTerms = new GrowableUint32(1 << 16);
  private readonly pairCounts = new GrowableUint32(1 << 16);
  private readonly docStart = new GrowableUint32();
  /** Per term: documents containing it, the last document that did (+1, 0 = none) and its pair slot. */
  private readonly documentFrequency = new GrowableUint32();
  private readonly lastDoc = new GrowableUint32();
  private readonly lastSlot = new GrowableUint32();
  private totalLength = 0;
  private docMark = 0;
  private docLength = 0;
  private built = false;
  private readonly countRange = (text: string, start: number, end: number): void => this.count(this.dictionary.idOfRange(text, start, end));
  private readonly countToken = (token: string): void => this.count(this.dictionary.idOf(token));

  constructor() {
    this.docStart.push(0);
  }

  get docCount(): number {
    return this.docLengths.length;
  }

  addDocument(tokens: readonly string[]): void {
    this.startDocument();
    for (let i = 0; i < tokens.length; i++) this.countToken(tokens[i]!);
    this.endDocument();
  }

  /** Adds the document whose tokens `stream` (corpora/tokenize.ts createTokenStream) gives for `text`. */
  addText(text: string, stream: TokenStream): void {
    this.startDocument();
    stream(text, this.countRange, this.countToken);
    this.endDocument();
  }

  private startDocument(): void {
    if (this.built) throw new Error('Bm25IndexBuilder: document added after build');
    this.docMark = this.docLengths.length + 1;
    this.docLength = 0;
  }

  private count(termId: number): void {
    this.docLength++;
    if (termId === this.documentFrequency.length) {
      this.documentFrequency.push(0);
      this.lastDoc.push(0);
      this.lastSlot.push(0);
    }
    if (this.lastDoc.array[termId] === this.docMark) {
      this.pairCounts.array[this.lastSlot.array[termId]!]! += 1;
      return;
    }
    this.lastDoc.array[termId] = this.docMark;
    this.lastSlot.array[termId] = this.pairTerms.length;
    this.documentFrequency.array[termId]! += 1;
    this.pairTerms.push(termId);
    this.pairCounts.push(1);
  }

  private endDocument(): void {
    this.docLengths.push(this.docLength);
    this.totalLength += this.docLength;
    this.docStart.push(this.pairTerms.length);
  }

  /** The finished index; the builder's working arrays are released. */
  build(): Bm25Index {
    if (this.built) throw new Error('Bm25IndexBuilder: build called twice');
    this.built = true;
    const termCount = this.dictionary.size;
    const df = this.documentFrequency.array;
    const offsets = new Uint32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t]! + df[t]!;
    const postingCount = offsets[termCount]!;
    const docs = new Uint32Array(postingCount);
    const tfs = new Uint32Array(postingCount);
    const cursor = offsets.slice(0, termCount);
    const pairTerms = this.pairTerms.array;
    const pairCounts = this.pairCounts.array;
    const docStart = this.docStart.array;
    const docCount = this.docLengths.length;
    // Docs are visited in index order, so each posting list ends up sorted by doc index.
    for (let d = 0; d < docCount; d++) {
      for (let p = docStart[d]!, end = docStart[d + 1]!; p < end; p++) {
        const slot = cursor[pairTerms[p]!]!++;
        docs[slot] = d;
        tfs[slot] = pairCounts[p]!;
      }
    }
    const docLengths = this.docLengths.array.slice(0, docCount);
    const working = [this.pairTerms, this.pairCounts, this.docStart, this.documentFrequency, this.lastDoc, this.lastSlot, this.docLengths];
    for (const grown of working) {
      grown.array = new Uint32Array(0);
      grown.length = 0;
    }
    const terms = this.dictionary.toMap();
    return { docCount, avgDocLength: docCount === 0 ? 0 : this.totalLength / docCount, terms, offsets, docs, tfs, docLengths };
  }
}

/** Builds the inverted index from already tokenised documents. */
export function buildBm25Index(tokenizedDocs: Iterable<readonly string[]>): Bm25Index {
  const builder = new Bm25IndexBuilder();
  for (const tokens of tokenizedDocs) builder.addDocument(tokens);
  return builder.build();
}
