import { describe, expect, it } from 'vitest';
import { detectLanguage, segmentWords, splitSentences } from '../../corpora/text.js';

describe('detectLanguage', () => {
  it.each([
    ['检索增强生成是一种方法。', 'zh'],
    ['RAG 是一种检索增强生成方法', 'zh'],
    ['これは日本語の文章です。', 'ja'],
    ['이것은 한국어 문장입니다.', 'ko'],
    ['Retrieval augmented generation', 'en'],
    ['12345 !?', 'und'],
    ['', 'und'],
  ])('%s -> %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });
});

describe('splitSentences', () => {
  it('splits Chinese on 。！？ with exact offsets', () => {
    const text = '第一句。第二句！第三句？';
    expect(splitSentences(text)).toEqual([
      { text: '第一句。', start: 0, end: 4 },
      { text: '第二句！', start: 4, end: 8 },
      { text: '第三句？', start: 8, end: 12 },
    ]);
  });

  it('trims whitespace and keeps offsets into the original string', () => {
    const text = '  Hello world.  This is it!\n\nNext';
    const sentences = splitSentences(text, 'en');
    expect(sentences.map((s) => s.text)).toEqual(['Hello world.', 'This is it!', 'Next']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(sentences[0]).toEqual({ text: 'Hello world.', start: 2, end: 14 });
  });
});

describe('segmentWords', () => {
  it('keeps word-like segments, lowercased and NFKC-normalised', () => {
    expect(segmentWords('Hello, ＷＯＲＬＤ! It is 2024.')).toEqual(['hello', 'world', 'it', 'is', '2024']);
  });

  it('segments Chinese into dictionary words', () => {
    expect(segmentWords('检索增强生成是一种方法。')).toEqual(['检索', '增强', '生成', '是', '一种', '方法']);
  });
});
