import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../kernel/corpus.js';
import { ConfigError } from '../../../kernel/errors.js';
import { bm25Idf, createBm25Retriever } from '../../../pipelines/retrieval/bm25.js';

function chunk(id: string, text: string): Chunk {
  return { id, docId: id.split('#')[0]!, index: 0, start: 0, end: text.length, text };
}

// N = 3, lengths 3, 2, 4, avgdl = 3.
const corpus = [
  chunk('c1', 'apple banana apple'),
  chunk('c2', 'banana cherry'),
  chunk('c3', 'cherry cherry cherry date'),
];

describe('bm25Idf', () => {
  it('is ln(1 + (N - df + 0.5) / (df + 0.5)) and stays positive when every doc has the term', () => {
    expect(bm25Idf(3, 1)).toBeCloseTo(Math.log(8 / 3), 14);
    expect(bm25Idf(10, 10)).toBeCloseTo(Math.log(1 + 0.5 / 10.5), 14);
    expect(bm25Idf(10, 10)).toBeGreaterThan(0);
  });
});

describe('createBm25Retriever', () => {
  it('scores a single-term query by hand: idf · tf(k1+1) / (tf + k1(1 - b + b·dl/avgdl))', async () => {
    const bm25 = createBm25Retriever();
    await bm25.index(corpus);
    const hits = await bm25.retrieve('apple', 1);
    // tf = 2, dl = avgdl: norm = 1.2, weight = 2·2.2 / 3.2.
    expect(hits.map((h) => h.chunk.id)).toEqual(['c1']);
    expect(hits[0]!.score).toBeCloseTo(Math.log(8 / 3) * (4.4 / 3.2), 12);
  });

  it('sums over query terms with length normalisation (k1 = 1.2, b = 0.75)', async () => {
    const bm25 = createBm25Retriever();
    await bm25.index(corpus);
    const hits = await bm25.retrieve('Banana CHERRY', 3);
    const idf = Math.log(1 + 1.5 / 2.5); // df = 2 for both terms
    expect(hits.map((h) => h.chunk.id)).toEqual(['c2', 'c3', 'c1']);
    // c2: dl = 2 → norm = 1.2·(0.25 + 0.5) = 0.9, two terms with tf = 1.
    expect(hits[0]!.score).toBeCloseTo(idf * 2 * (2.2 / 1.9), 12);
    // c3: cherry tf = 3, dl = 4 → norm = 1.2·1.25 = 1.5.
    expect(hits[1]!.score).toBeCloseTo(idf * (6.6 / 4.5), 12);
    // c1: banana tf = 1, dl = avgdl → norm = 1.2.
    expect(hits[2]!.score).toBeCloseTo(idf * (2.2 / 2.2), 12);
  });

  it('honours k1 and b (b = 0 ignores length, k1 = 0 makes tf binary)', async () => {
    const noLength = createBm25Retriever({ k1: 1.2, b: 0 });
    await noLength.index(corpus);
    const [top] = await noLength.retrieve('cherry', 1);
    expect(top!.chunk.id).toBe('c3');
    expect(top!.score).toBeCloseTo(Math.log(1.6) * (6.6 / 4.2), 12);

    const binary = createBm25Retriever({ k1: 0, b: 0.75 });
    await binary.index(corpus);
    const hits = await binary.retrieve('cherry', 2);
    expect(hits.map((h) => h.score)).toEqual([Math.log(1.6), Math.log(1.6)]);
    expect(hits.map((h) => h.chunk.id)).toEqual(['c3', 'c2']); // tie: id descending
  });

  it('counts a repeated query word once per occurrence', async () => {
    const bm25 = createBm25Retriever();
    await bm25.index(corpus);
    const [once] = await bm25.retrieve('apple', 1);
    const [twice] = await bm25.retrieve('apple apple', 1);
    expect(twice!.score).toBeCloseTo(2 * once!.score, 12);
  });

  it('returns every chunk when k exceeds the corpus, zero-score chunks last by id descending', async () => {
    const bm25 = createBm25Retriever();
    await bm25.index([...corpus, chunk('c10', 'elderberry'), chunk('c0', 'fig')]);
    const hits = await bm25.retrieve('apple', 50);
    expect(hits.map((h) => [h.chunk.id, h.score > 0])).toEqual([
      ['c1', true],
      ['c3', false],
      ['c2', false],
      ['c10', false],
      ['c0', false],
    ]);
    expect(await bm25.retrieve('apple', 0)).toEqual([]);
  });

  it('gives the same answer on repeated queries (scratch buffers are reset)', async () => {
    const bm25 = createBm25Retriever();
    await bm25.index(corpus);
    const first = await bm25.retrieve('banana cherry', 3);
    await bm25.retrieve('cherry date', 3);
    expect(await bm25.retrieve('banana cherry', 3)).toEqual(first);
  });

  it('applies tokenizer options (stemming lets "apples" match "apple")', async () => {
    const plain = createBm25Retriever();
    const stemmed = createBm25Retriever({ tokenizer: { stem: true } });
    await plain.index(corpus);
    await stemmed.index(corpus);
    expect((await plain.retrieve('apples', 1))[0]!.score).toBe(0);
    expect((await stemmed.retrieve('apples', 1))[0]!.score).toBeCloseTo(Math.log(8 / 3) * (4.4 / 3.2), 12);
  });

  it('rejects out-of-range parameters naming the option', () => {
    expect(() => createBm25Retriever({ b: 1.5 })).toThrow(ConfigError);
    expect(() => createBm25Retriever({ k1: -1 })).toThrow(/BM25 option "k1" must be a number in \[0, 100\], got -1/);
  });
});
