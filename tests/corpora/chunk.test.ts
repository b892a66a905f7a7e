import { describe, expect, it } from 'vitest';
import { chunkDocuments, createRecursiveSplitter, locateChunks, shortTextChunks } from '../../corpora/chunk.js';
import type { Chunk, SourceDocument } from '../../kernel/corpus.js';
import { ConfigError } from '../../kernel/errors.js';

function doc(id: string, text: string): SourceDocument {
  return { id, text, hash: 'h', source: id };
}

function expectExactOffsets(document: SourceDocument, chunks: Chunk[]): void {
  for (const chunk of chunks) expect(document.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
}

describe('chunkDocuments (recursive)', () => {
  it('splits Chinese after 。！？ and keeps the mark with its sentence', async () => {
    const d = doc('zh.md', '检索增强生成是一种方法。它结合了检索和生成！这样对吗？是的，我们这样认为。');
    const chunks = await chunkDocuments([d], { size: 15, overlap: 0 });
    expect(chunks.map((c) => [c.id, c.start, c.end, c.text])).toEqual([
      ['zh.md#0', 0, 12, '检索增强生成是一种方法。'],
      ['zh.md#1', 12, 27, '它结合了检索和生成！这样对吗？'],
      ['zh.md#2', 27, 37, '是的，我们这样认为。'],
    ]);
  });

  it('treats 。！？ as one level, so overlapping chunks are packed to size', async () => {
    const d = doc('zh', '第一句话。第二句话！第三句话？第四句话。');
    const chunks = await chunkDocuments([d], { size: 10, overlap: 5 });
    expect(chunks.map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 10, '第一句话。第二句话！'],
      [5, 15, '第二句话！第三句话？'],
      [10, 20, '第三句话？第四句话。'],
    ]);
  });

  it('splits English at sentence ends before spaces and finds trimmed offsets', async () => {
    const d = doc('en.txt', 'Intro line.\n\nRAG is useful. It retrieves text! Does it work? Yes it does.');
    const chunks = await chunkDocuments([d], { size: 30, overlap: 0 });
    expect(chunks.map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 11, 'Intro line.'],
      [13, 27, 'RAG is useful.'],
      [28, 46, 'It retrieves text!'],
      [47, 73, 'Does it work? Yes it does.'],
    ]);
    expectExactOffsets(d, chunks);
  });

  it('produces overlapping chunks with exact offsets on repetitive text', async () => {
    const d = doc('rep', 'ab ab ab ab ab ab ab ab ab ab');
    const chunks = await chunkDocuments([d], { size: 8, overlap: 3 });
    expectExactOffsets(d, chunks);
    // Pieces are "ab " (3 chars); two plus a third would be 9 > 8, so chunks are "ab ab" stepping by one piece.
    expect(chunks.map((c) => [c.start, c.end])).toEqual([[0, 5], [3, 8], [6, 11], [9, 14], [12, 17], [15, 20], [18, 23], [21, 29]]);
    expect(chunks.at(-1)?.text).toBe('ab ab ab');
  });

  it('never cuts a surrogate pair and keeps offsets exact', async () => {
    const d = doc('emoji', '😀😀😀😀😀😀');
    const chunks = await chunkDocuments([d], { size: 4, overlap: 0 });
    expect(chunks.map((c) => c.text)).toEqual(['😀😀', '😀😀', '😀😀']);
    expectExactOffsets(d, chunks);
  });

  it('numbers chunks per document', async () => {
    const chunks = await chunkDocuments([doc('a', 'one. two. three.'), doc('b', 'four.')], { size: 6, overlap: 0 });
    expect(chunks.map((c) => c.id)).toEqual(['a#0', 'a#1', 'a#2', 'b#0']);
  });
});

describe('chunkDocuments (sentence)', () => {
  it('packs whole sentences and overlaps by whole sentences', async () => {
    const d = doc('zh', '第一句话。第二句话！第三句话？第四句话。');
    const chunks = await chunkDocuments([d], { size: 10, overlap: 5, splitter: 'sentence' });
    expect(chunks.map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 10, '第一句话。第二句话！'],
      [5, 15, '第二句话！第三句话？'],
      [10, 20, '第三句话？第四句话。'],
    ]);
  });

  it('cuts a sentence longer than size into windows', async () => {
    const d = doc('long', 'abcdefghij. Short.');
    const chunks = await chunkDocuments([d], { size: 6, overlap: 2, splitter: 'sentence' });
    expectExactOffsets(d, chunks);
    expect(chunks.map((c) => c.text)).toEqual(['abcdef', 'efghij', 'ij.', 'Short.']);
  });
});

describe('chunking options', () => {
  it.each([
    [{ size: 0, overlap: 0 }, 'chunking.size must be a positive integer (characters), got 0'],
    [{ size: 10, overlap: 10 }, 'chunking.overlap must be an integer with 0 <= overlap < chunking.size (10), got 10'],
    [{ size: 10, overlap: -1 }, 'chunking.overlap must be an integer with 0 <= overlap < chunking.size (10), got -1'],
  ])('rejects %j', async (options, message) => {
    await expect(chunkDocuments([doc('a', 'x')], options)).rejects.toThrow(new ConfigError(message));
  });
});

describe('locateChunks', () => {
  it('places repeated chunk texts at successive occurrences', () => {
    const d = doc('d', 'same same same');
    expect(locateChunks(d, ['same', 'same', 'same']).map((c) => c.start)).toEqual([0, 5, 10]);
  });
});

describe('texts shorter than the chunk size', () => {
  it('skip the splitter with the same result: 3,000 random texts of separators, spaces and surrogate pairs', async () => {
    const alphabet = ['a', 'b', ' ', '  ', '\n', '\n\n', '。', '！', '. ', '? ', '; ', ', ', '，', '\t', '😀', 'é', '\u00a0'];
    let state = 99;
    const next = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    for (let n = 0; n < 3000; n++) {
      const size = 2 + next(40);
      const overlap = next(size);
      let text = '';
      while (text.length < size - 1 && next(8) !== 0) text += alphabet[next(alphabet.length)]!;
      if (text.length >= size) continue;
      const expected = await createRecursiveSplitter({ size, overlap }).splitText(text);
      expect(shortTextChunks(text)).toEqual(expected);
    }
  });

  it('keep the document string itself as the chunk text when nothing is trimmed', async () => {
    const text = 'one short passage';
    const [chunk] = await chunkDocuments([doc('d', text)], { size: 800, overlap: 0 });
    expect(chunk).toEqual({ id: 'd#0', docId: 'd', index: 0, start: 0, end: text.length, text });
    const [padded] = await chunkDocuments([doc('p', '  padded\n')], { size: 800, overlap: 0 });
    expect(padded).toEqual({ id: 'p#0', docId: 'p', index: 0, start: 2, end: 8, text: 'padded' });
  });
});
