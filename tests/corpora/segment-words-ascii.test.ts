import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage, segmentWords, splitSentences } from '../../corpora/text.js';
import { createRng as seeded } from '../../kernel/prng.js';

/** segmentWords as it was before the ASCII fast path: ICU on the normalised text. */
function icuSegmentWords(text: string, locale?: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  const lang = locale ?? detectLanguage(normalised);
  const segmenter = new Intl.Segmenter(lang === 'und' ? undefined : lang, { granularity: 'word' });
  return [...segmenter.segment(normalised)].filter((s) => s.isWordLike).map((s) => s.segment);
}

const corpusDir = path.resolve(import.meta.dirname, '../../examples/programming-languages/corpus');
const documents = readdirSync(corpusDir).sort().map((file) => readFileSync(path.join(corpusDir, file), 'utf8'));

function randomAscii(count: number): string[] {
  const random = seeded(2026);
  // Heavy on ICU's joiners (. , ; ' :) between letters and digits, plus controls and symbols.
  const alphabet = "aZq9 0_.,;:'-\t\n!?\"()/#@$%&*+<=>[]\\^`{|}~\x00\x7fE3";
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
}

describe('segmentWords: the ASCII fast path gives ICU\'s words', () => {
  const texts = [
    ...documents,
    ...documents.flatMap((doc) => splitSentences(doc).map((s) => s.text)),
    'U.S.A. e.g. 3.14 1,000,000 1;2 can\'t a:b x_y __ _ a..b end. .start v2.0-rc1 C++ C# node.js http://a.b/c?d=1',
    'ＡＳＣＩＩ after NFKC: ﬁle Ⅻ', // NFKC turns these into ASCII
    ...randomAscii(2000),
  ];

  it('on the example corpus, its sentences and 2,000 random ASCII strings, for every locale the generator passes', () => {
    let compared = 0;
    for (const locale of [undefined, 'und', 'en', 'zh', 'ja', 'ko']) {
      for (const text of texts) {
        expect(segmentWords(text, locale), `${locale ?? '(detected)'}: ${JSON.stringify(text)}`).toEqual(icuSegmentWords(text, locale));
        compared++;
      }
    }
    expect(compared).toBe(6 * texts.length);
    // The fast path is what was compared: nearly every text is ASCII once normalised.
    expect(texts.filter((text) => /^[\x00-\x7f]*$/.test(text.normalize('NFKC'))).length).toBeGreaterThan(2050);
  });

  it('detectLanguage on ASCII equals the per-character count (forced by one non-ASCII, script-less space)', () => {
    for (const text of texts) expect(detectLanguage(text), JSON.stringify(text)).toBe(detectLanguage(`${text}\u00a0`));
    expect(detectLanguage('1, 2; 3')).toBe('und');
    expect(detectLanguage('x = 1')).toBe('en');
  });
});
