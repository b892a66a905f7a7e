/**
 * Shared text utilities built on the runtime's ICU data (Intl.Segmenter), so Chinese,
 * Japanese and Korean text is segmented without a dictionary package of our own.
 */

export type DetectedLanguage = 'zh' | 'ja' | 'ko' | 'en' | 'und';

export interface SentenceSpan {
  /** The sentence without surrounding whitespace; `text === input.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
}

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * Guesses the language from the scripts its letters are written in:
 * - no Han/kana/Hangul/Latin letters at all -> 'und';
 * - Hangul outnumbers both Han+kana and Latin -> 'ko';
 * - Han+kana outnumber Latin -> 'ja' when kana make up at least 5% of them (Chinese text
 *   has no kana, Japanese text always has some), otherwise 'zh';
 * - otherwise Latin dominates and we say 'en'. Other Latin-script languages are also
 *   reported as 'en': the tool only needs to know "space-delimited, English-like tokens".
 */
export function detectLanguage(text: string): DetectedLanguage {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let latin = 0;
  for (const char of text) {
    if (HAN.test(char)) han += 1;
    else if (KANA.test(char)) kana += 1;
    else if (HANGUL.test(char)) hangul += 1;
    else if (LATIN.test(char)) latin += 1;
  }
  const cjk = han + kana;
  if (cjk + hangul + latin === 0) return 'und';
  if (hangul > 0 && hangul >= cjk && hangul >= latin) return 'ko';
  if (cjk > 0 && cjk >= latin) return kana >= cjk * 0.05 ? 'ja' : 'zh';
  return 'en';
}

function segmenterLocale(lang: string | undefined): string | undefined {
  return lang === undefined || lang === 'und' ? undefined : lang;
}

/**
 * Splits text into sentences with Intl.Segmenter (ICU sentence rules: `。！？` for CJK,
 * `. ! ?` followed by a space for English, and line breaks). Each sentence is trimmed of
 * surrounding whitespace and carries exact offsets into `text`; blank segments are dropped.
 */
export function splitSentences(text: string, lang?: string): SentenceSpan[] {
  const locale = segmenterLocale(lang ?? detectLanguage(text));
  const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const sentences: SentenceSpan[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const leading = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed.length === 0) continue;
    const start = index + leading;
    sentences.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return sentences;
}

/**
 * Word tokens for statistics (IDF, keyword queries): NFKC-normalised (full-width letters and
 * digits become ASCII), lowercased, and only the segments ICU marks as word-like, so
 * punctuation and spaces vanish. Chinese is split into dictionary words, not characters.
 */
export function segmentWords(text: string, locale?: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  const segmenter = new Intl.Segmenter(segmenterLocale(locale ?? detectLanguage(normalised)), {
    granularity: 'word',
  });
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalised)) {
    if (isWordLike) words.push(segment);
  }
  return words;
}
