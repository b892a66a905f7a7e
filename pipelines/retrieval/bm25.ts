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
 * The index itself is built in bm25-index.ts.
 */
import type { Chunk } from '../../kernel/corpus.js';
import { ConfigError } from '../../kernel/errors.js';
import { createTokenizer, createTokenStream, type TokenizerOptions } from '../../corpora/tokenize.js';
import { TopK, idRanks } from './stores/top-k.js';
import { Bm25IndexBuilder, bm25Idf, buildBm25Index, type Bm25Index } from './bm25-index.js';
import type { RetrievedChunk, Retriever } from '../../kernel/retriever.js';

export { bm25Idf, buildBm25Index, type Bm25Index };

export interface Bm25Options {
  k1?: number;
  b?: number;
  tokenizer?: TokenizerOptions;
}

/**
 * Each doc's length normalisation k1·(1 − b + b·|d|/avgdl), computed once per index instead of
 * once per posting visited (the same expression, so the same doubles).
 */
export function documentNorms(index: Bm25Index, params: { k1: number; b: number }): Float64Array {
  const { k1, b } = params;
  const avgdl = index.avgDocLength || 1;
  const norms = new Float64Array(index.docCount);
  for (let doc = 0; doc < index.docCount; doc++) norms[doc] = k1 * (1 - b + (b * index.docLengths[doc]!) / avgdl);
  return norms;
}

/**
 * Scores every doc matching a query token; returns the indices touched. `scores` must be
 * zeroed on entry and is left holding the scores (the caller zeroes the touched slots after).
 * `norms` comes from documentNorms with the same k1 and b.
 */
export function scoreQuery(
  index: Bm25Index,
  queryTokens: readonly string[],
  params: { k1: number; b: number },
  norms: Float64Array,
  scores: Float64Array,
  touched: Uint32Array,
): number {
  const saturation = params.k1 + 1;
  const { docs, tfs, offsets } = index;
  let touchedCount = 0;
  for (const token of queryTokens) {
    const termId = index.terms.get(token);
    if (termId === undefined) continue;
    const start = offsets[termId]!;
    const end = offsets[termId + 1]!;
    const idf = bm25Idf(index.docCount, end - start);
    for (let p = start; p < end; p++) {
      const doc = docs[p]!;
      const tf = tfs[p]!;
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      // tf saturation first, so equal saturations (k1 = 0) give bit-identical scores that tie.
      scores[doc]! += idf * ((tf * saturation) / (tf + norms[doc]!));
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
  const tokenStream = createTokenStream(options.tokenizer);
  let chunks: readonly Chunk[] = [];
  let index = buildBm25Index([]);
  let norms: Float64Array = new Float64Array(0);
  let ranks: Int32Array = new Int32Array(0);
  // Chunks in descending id order: the zero-score tail when k exceeds the matching docs.
  let byIdDesc: number[] = [];
  let scores: Float64Array = new Float64Array(0);
  let touched: Uint32Array = new Uint32Array(0);

  return {
    name: options.name ?? `bm25(k1=${k1},b=${b})`,
    async index(newChunks) {
      chunks = [...newChunks];
      // One chunk's tokens at a time, counted into the index as they come.
      const builder = new Bm25IndexBuilder();
      for (const chunk of chunks) builder.addText(chunk.text, tokenStream);
      index = builder.build();
      norms = documentNorms(index, { k1, b });
      ranks = idRanks(chunks.map((chunk) => chunk.id));
      // ranks is a permutation of 0..n-1, so descending id order is read off it directly.
      byIdDesc = new Array<number>(chunks.length);
      for (let i = 0; i < chunks.length; i++) byIdDesc[chunks.length - 1 - ranks[i]!] = i;
      scores = new Float64Array(chunks.length);
      touched = new Uint32Array(chunks.length);
    },
    async retrieve(query, k) {
      const limit = Math.min(Math.max(Math.floor(k), 0), chunks.length);
      // Scratch arrays are shared across calls; this block never awaits, so calls cannot interleave.
      const touchedCount = scoreQuery(index, tokenize(query), { k1, b }, norms, scores, touched);
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
