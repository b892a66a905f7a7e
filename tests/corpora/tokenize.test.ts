import { describe, expect, it } from 'vitest';
import { createTokenStream, createTokenizer, foldLatinDiacritics, normalizeText, tokenize, type TokenizerOptions } from '../../corpora/tokenize.js';

describe('tokenize (English)', () => {
  const sentence = 'The collectors are running; it’s collecting   garbage!';

  it('lowercases, drops punctuation and keeps word forms without stemming', () => {
    expect(tokenize(sentence)).toEqual(['the', 'collectors', 'are', 'running', "it's", 'collecting', 'garbage']);
  });

  it('Porter-stems English words when stem is on', () => {
    expect(tokenize(sentence, { stem: true })).toEqual(['the', 'collector', 'ar', 'run', "it's", 'collect', 'garbag']);
  });

  it('drops the built-in stop words before stemming, or a custom list', () => {
    expect(tokenize(sentence, { stopWords: true, stem: true })).toEqual(['collector', 'run', 'collect', 'garbag']);
    expect(tokenize(sentence, { stopWords: ['GARBAGE', 'the'] })).toEqual([
      'collectors', 'are', 'running', "it's", 'collecting',
    ]);
  });

  it('keeps numbers and words with internal periods as tokens', () => {
    expect(tokenize('Node 20.5 ships v8, e.g. 3x faster')).toEqual(['node', '20.5', 'ships', 'v8', 'e.g', '3x', 'faster']);
  });
});

describe('tokenize (accents and compatibility forms)', () => {
  it('treats composed and decomposed accents alike (NFKC)', () => {
    expect(tokenize('Cafe\u0301 CAFÉ café')).toEqual(['café', 'café', 'café']);
  });

  it('folds full-width letters and ligatures', () => {
    expect(normalizeText('ＲＡＧ ﬁle')).toBe('rag file');
  });

  it('strips Latin diacritics only when asked, and never marks of other scripts', () => {
    expect(tokenize('Crème brûlée naïve', { foldDiacritics: true })).toEqual(['creme', 'brulee', 'naive']);
    expect(tokenize('Crème brûlée')).toEqual(['crème', 'brûlée']);
    expect(foldLatinDiacritics('हिन्दी')).toBe('हिन्दी');
  });

  it('does not stem non-English words', () => {
    expect(tokenize('Übersetzungen running', { stem: true })).toEqual(['übersetzungen', 'run']);
  });
});

describe('invisible characters', () => {
  it('drops zero-width, soft-hyphen and bidi control characters inside words', () => {
    expect(tokenize('gar\u200Bbage colle\u200Dction \u202Eright-to-left\u202C \u200Fمرحبا بالعالم\u200F soft\u00ADware')).toEqual([
      'garbage',
      'collection',
      'right',
      'to',
      'left',
      'مرحبا',
      'بالعالم',
      'software',
    ]);
  });
});

describe('ASCII fast path', () => {
  it('normalizeText of ASCII text is its lowercase, for each of the 128 code points and random strings', () => {
    // The tokenizer skips normalizeText's other passes for ASCII input; this is what makes that exact.
    for (let c = 0; c < 128; c++) {
      const text = `a${String.fromCharCode(c)}B${String.fromCharCode(c)}`;
      expect(normalizeText(text)).toBe(text.toLowerCase());
    }
    let state = 12345;
    for (let n = 0; n < 500; n++) {
      let text = '';
      for (let i = 0; i < 40; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += String.fromCharCode(state % 128);
      }
      expect(normalizeText(text)).toBe(text.toLowerCase());
    }
  });
});

describe('createTokenStream', () => {
  it('gives the tokens createTokenizer gives, in order, for ASCII and other text under each option', () => {
    const texts = ['The QUICK brown_fox, 3.14 and 1,000; it\'s a:b __ _ x.y.', 'Café ｆｕｌｌ don’t 信息检索 running', '', '  \n\t', 'ASCII only: Running apples and the dogs'];
    let state = 7;
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let i = 0; i < 30; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += String.fromCharCode(32 + (state % 95));
      }
      texts.push(text);
    }
    const optionSets: TokenizerOptions[] = [{}, { stem: true }, { stopWords: true }, { foldDiacritics: true }, { stopWords: ['quick'] }];
    for (const options of optionSets) {
      const tokenize = createTokenizer(options);
      const stream = createTokenStream(options);
      let ranges = 0;
      for (const text of texts) {
        const streamed: string[] = [];
        stream(text, (source, start, end) => {
          ranges++;
          streamed.push(source.slice(start, end));
        }, (token) => streamed.push(token));
        expect(streamed).toEqual(tokenize(text));
      }
      // The range path is taken exactly when no option changes tokens.
      expect(ranges > 0).toBe(Object.keys(options).length === 0);
    }
  });
});
