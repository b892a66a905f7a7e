/**
 * Okapi BM25 over an inverted index whose postings live in typed arrays (CSR layout:
 * one offsets array, one doc-index array, one term-frequency array for all terms).
 *
 *   score(q, d) = Σ_{t in q} idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
 *   idf(t)      = ln(1 + (N − df + 0.5) / (df + 0.5))
 *
 * The "+1" inside the log (Lucene's variant) keeps idf positive even for a term in more than
 * half of the chunks; the classic Robertson–Spärck Jones idf goes negative there, which would
 * rank a chunk lower for containing a query word. A query word repeated in the query counts
 * once per occurrence (the sum runs over query tokens, not distinct terms).
 */
import type { Chunk } from '../../kernel/corpus.js';
import { ConfigError } from '../../kernel/errors.js';
import { createTokenizer, type TokenizerOptions } from '../../corpora/tokenize.js';
import { TopK, idRanks } from './stores/top-k.js';
import type { RetrievedChunk, Retriever } from '../../kernel/retriever.js';

export interface Bm25Options {
  k1?: number;
  b?: number;
  tokenizer?: TokenizerOptions;
}

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

/** Builds the inverted index from already tokenised documents. */
export function buildBm25Index(tokenizedDocs: readonly (readonly string[])[]): Bm25Index {
  const terms = new Map<string, number>();
  const docLengths = new Uint32Array(tokenizedDocs.length);
  // Per doc: term ids with their counts, kept until the CSR arrays can be sized.
  const docTermIds: Uint32Array[] = [];
  const docTermCounts: Uint32Array[] = [];
  const documentFrequency: number[] = [];
  let totalLength = 0;

  tokenizedDocs.forEach((tokens, docIndex) => {
    docLengths[docIndex] = tokens.length;
    totalLength += tokens.length;
    const counts = new Map<number, number>();
    for (const token of tokens) {
      let termId = terms.get(token);
      if (termId === undefined) {
        termId = terms.size;
        terms.set(token, termId);
        documentFrequency.push(0);
      }
      counts.set(termId, (counts.get(termId) ?? 0) + 1);
    }
    docTermIds.push(Uint32Array.from(counts.keys()));
    docTermCounts.push(Uint32Array.from(counts.values()));
    for (const termId of counts.keys()) documentFrequency[termId]! += 1;
  });

  const offsets = new Uint32Array(terms.size + 1);
  for (let t = 0; t < terms.size; t++) offsets[t + 1] = offsets[t]! + documentFrequency[t]!;
  const postingCount = offsets[terms.size]!;
  const docs = new Uint32Array(postingCount);
  const tfs = new Uint32Array(postingCount);
  const cursor = offsets.slice(0, terms.size);
  // Docs are visited in index order, so each posting list ends up sorted by doc index.
  for (let d = 0; d < docTermIds.length; d++) {
    const ids = docTermIds[d]!;
    const counts = docTermCounts[d]!;
    for (let i = 0; i < ids.length; i++) {
      const slot = cursor[ids[i]!]!++;
      docs[slot] = d;
      tfs[slot] = counts[i]!;
    }
  }
  const docCount = tokenizedDocs.length;
  return { docCount, avgDocLength: docCount === 0 ? 0 : totalLength / docCount, terms, offsets, docs, tfs, docLengths };
}

/**
 * Scores every doc matching a query token; returns the indices touched. `scores` must be
 * zeroed on entry and is left holding the scores (the caller zeroes the touched slots after).
 */
export function scoreQuery(
  index: Bm25Index,
  queryTokens: readonly string[],
  params: { k1: number; b: number },
  scores: Float64Array,
  touched: Uint32Array,
): number {
  const { k1, b } = params;
  let touchedCount = 0;
  const avgdl = index.avgDocLength || 1;
  for (const token of queryTokens) {
    const termId = index.terms.get(token);
    if (termId === undefined) continue;
    const start = index.offsets[termId]!;
    const end = index.offsets[termId + 1]!;
    const idf = bm25Idf(index.docCount, end - start);
    for (let p = start; p < end; p++) {
      const doc = index.docs[p]!;
      const tf = index.tfs[p]!;
      const norm = k1 * (1 - b + (b * index.docLengths[doc]!) / avgdl);
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      // tf saturation first, so equal saturations (k1 = 0) give bit-identical scores that tie.
      scores[doc]! += idf * ((tf * (k1 + 1)) / (tf + norm));
    }
  }
  return touchedCount;
}

function checkParameter(name: string, value: number, max: number): number {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new ConfigError(`BM25 option "${name}" must be a number in [0, ${max}], got ${value}`);
  }
  return value;
}

export function createBm25Retriever(options: Bm25Options & { name?: string } = {}): Retriever {
  const k1 = checkParameter('k1', options.k1 ?? 1.2, 100);
  const b = checkParameter('b', options.b ?? 0.75, 1);
  const tokenize = createTokenizer(options.tokenizer);
  let chunks: readonly Chunk[] = [];
  let index = buildBm25Index([]);
  let ranks: Int32Array = new Int32Array(0);
  // Chunks in descending id order: the zero-score tail when k exceeds the matching docs.
  let byIdDesc: number[] = [];
  let scores: Float64Array = new Float64Array(0);
  let touched: Uint32Array = new Uint32Array(0);

  return {
    name: options.name ?? `bm25(k1=${k1},b=${b})`,
    async index(newChunks) {
      chunks = [...newChunks];
      index = buildBm25Index(chunks.map((chunk) => tokenize(chunk.text)));
      ranks = idRanks(chunks.map((chunk) => chunk.id));
      byIdDesc = chunks.map((_, i) => i).sort((x, y) => ranks[y]! - ranks[x]!);
      scores = new Float64Array(chunks.length);
      touched = new Uint32Array(chunks.length);
    },
    async retrieve(query, k) {
      const limit = Math.min(Math.max(Math.floor(k), 0), chunks.length);
      // Scratch arrays are shared across calls; this block never awaits, so calls cannot interleave.
      const touchedCount = scoreQuery(index, tokenize(query), { k1, b }, scores, touched);
      const top = new TopK(limit, ranks);
      for (let i = 0; i < touchedCount; i++) top.push(touched[i]!, scores[touched[i]!]!);
      for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = 0;
      const hits: RetrievedChunk[] = top.sorted().map(({ item, score }) => ({ chunk: chunks[item]!, score }));
      if (hits.length < limit) {
        const taken = new Set(hits.map((hit) => hit.chunk));
        for (const doc of byIdDesc) {
          if (hits.length >= limit) break;
          const chunk = chunks[doc]!;
          if (!taken.has(chunk)) hits.push({ chunk, score: 0 });
        }
      }
      return hits;
    },
  };
}
