/**
 * The BM25 retriever against a plain reference written straight from the formula: every chunk
 * scored by a loop over the query tokens, ranked by score, ties and the zero-score tail by
 * descending id. Rankings and scores must be bit-identical (toBe / toEqual on doubles), so a
 * change to the index layout or the scoring loop cannot shift a single result.
 */
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../kernel/corpus.js';
import { createRng } from '../../../kernel/prng.js';
import { createTokenizer } from '../../../corpora/tokenize.js';
import { bm25Idf, buildBm25Index, createBm25Retriever } from '../../../pipelines/retrieval/bm25.js';

const WORDS = [
  ...['alpha', 'Beta', 'gamma', 'delta', 'x', 'café', 'cafe\u0301', 'ｆｕｌｌ'],
  ...['don’t', "don't", '3.14', '信息检索', 'naïve', 'e-mail', 'a_b', 'zeta'],
];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '\n', ' - ', '\u200b'];

function randomText(random: () => number, words: number): string {
  let text = '';
  for (let i = 0; i < words; i++) {
    // Zipf-like: early words far more often, so terms repeat within and across chunks.
    const w = WORDS[Math.floor(WORDS.length * random() ** 3)]!;
    text += (i > 0 ? SEPARATORS[Math.floor(random() * SEPARATORS.length)]! : '') + w;
  }
  return text;
}

function corpus(seed: number, count: number): Chunk[] {
  const random = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const text = randomText(random, Math.floor(random() * 30));
    const id = `d${Math.floor(random() * 1000)}#${i}`;
    return { id, docId: id.split('#')[0]!, index: i, start: 0, end: text.length, text };
  });
}

/** Scores every chunk from the formula; ranking = score desc, then id desc (code-unit order). */
function referenceFor(chunks: Chunk[], k1: number, b: number): (query: string, k: number) => { id: string; score: number }[] {
  const tokenize = createTokenizer();
  const docs = chunks.map((c) => tokenize(c.text));
  const avgdl = docs.reduce((sum, d) => sum + d.length, 0) / docs.length || 1;
  return (query, k) => {
    const scored = chunks.map((c, i) => {
      const tokens = docs[i]!;
      let score = 0;
      for (const q of tokenize(query)) {
        const tf = tokens.filter((t) => t === q).length;
        if (tf === 0) continue;
        const df = docs.filter((d) => d.includes(q)).length;
        const norm = k1 * (1 - b + (b * tokens.length) / avgdl);
        score += bm25Idf(chunks.length, df) * ((tf * (k1 + 1)) / (tf + norm));
      }
      return { id: c.id, score };
    });
    scored.sort((x, y) => (y.score !== x.score ? y.score - x.score : x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
    return scored.slice(0, k);
  };
}

describe('BM25 equals the formula applied chunk by chunk', () => {
  for (const [k1, b] of [[1.2, 0.75], [0, 0.5], [2, 0], [0.9, 1]] as const) {
    it(`k1 = ${k1}, b = ${b}: identical ids and scores (to the last bit) for 60 random queries`, async () => {
      const chunks = corpus(11 + k1 * 10 + b, 300);
      const bm25 = createBm25Retriever({ k1, b });
      await bm25.index(chunks);
      const reference = referenceFor(chunks, k1, b);
      const random = createRng(5);
      for (let q = 0; q < 60; q++) {
        const query = randomText(random, 1 + Math.floor(random() * 5));
        const k = [1, 10, 50, 400][q % 4]!;
        const hits = (await bm25.retrieve(query, k)).map((h) => ({ id: h.chunk.id, score: h.score }));
        expect(hits).toEqual(reference(query, k));
      }
    });
  }

  it('builds postings sorted by document, term ids in order of first occurrence, counts per document', () => {
    const index = buildBm25Index([['b', 'a', 'b'], [], ['a', 'c', 'a', 'a']]);
    expect([...index.terms]).toEqual([['b', 0], ['a', 1], ['c', 2]]);
    expect([...index.offsets]).toEqual([0, 1, 3, 4]);
    expect([...index.docs]).toEqual([0, 0, 2, 2]);
    expect([...index.tfs]).toEqual([2, 1, 3, 1]);
    expect([...index.docLengths]).toEqual([3, 0, 4]);
    expect(index.avgDocLength).toBe(7 / 3);
  });

  it('grows its working arrays past their first size (5,000 documents, 3,000 terms)', () => {
    const docs = Array.from({ length: 5000 }, (_, d) => Array.from({ length: 40 }, (_, i) => `t${(d * 7 + i * 13) % 3000}`));
    const index = buildBm25Index(docs);
    expect(index.terms.size).toBe(3000);
    let postings = 0;
    for (const doc of docs) postings += new Set(doc).size;
    expect(index.docs.length).toBe(postings);
    const t = index.terms.get('t13')!;
    const list = [...index.docs.subarray(index.offsets[t]!, index.offsets[t + 1]!)];
    expect(list).toEqual(docs.flatMap((doc, d) => (doc.includes('t13') ? [d] : [])));
  });
});
