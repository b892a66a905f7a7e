import { describe, expect, it } from 'vitest';
import { asciiWords } from '../../corpora/ascii-words.js';

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const icuWords = (text: string) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);

describe('ASCII word segmentation', () => {
  it('matches Intl.Segmenter on the rule edge cases', () => {
    const cases = ['a:b', "can't", 'e.g. x', '3.14', '1,000', '1;2', "1'2", 'a.1', '1.a', 'a1b', 'a_1', '__', '_a', 'a_.b', 'a..b', "a''b", 'U.S.A.', 'x-y', 'a.b.c', 'end.', '.start', 'a:1', '1:2'];
    for (const text of cases) expect(asciiWords(text), text).toEqual(icuWords(text));
  });

  it('matches Intl.Segmenter on 3,000 random ASCII strings', () => {
    // Seeded so a failure names a reproducible input; the alphabet is heavy on joiners.
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const alphabet = "aZ9_.,;:' -\t\n!?\"()/#0b";
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(random() * 24);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(asciiWords(text), JSON.stringify(text)).toEqual(icuWords(text));
      compared++;
    }
    expect(compared).toBe(3000);
  });
});
