/**
 * Shared text utilities built on the runtime's ICU data (Intl.Segmenter), so Chinese,
 * Japanese and Korean text is segmented without a dictionary package of our own. ASCII text
 * takes a fast path that gives ICU's exact word segments (ascii-words.ts), and segmenters are
 * built once per locale and granularity.
 */
import { asciiWords, isAscii } from './ascii-words.js';

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
  // ASCII holds no Han, kana or Hangul, and its only Latin letters are A–Z and a–z.
  if (isAscii(text)) return /[A-Za-z]/.test(text) ? 'en' : 'und';
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

const segmenters = new Map<string, Intl.Segmenter>();

/** One segmenter per locale and granularity: building one costs far more than using it. */
function segmenterFor(lang: string | undefined, granularity: 'word' | 'sentence'): Intl.Segmenter {
  const locale = lang === undefined || lang === 'und' ? undefined : lang;
  const key = `${locale ?? ''}:${granularity}`;
  let segmenter = segmenters.get(key);
  if (!segmenter) segmenters.set(key, (segmenter = new Intl.Segmenter(locale, { granularity })));
  return segmenter;
}

/**
 * Splits text into sentences with Intl.Segmenter (ICU sentence rules: `。！？` for CJK,
 * `. ! ?` followed by a space for English, and line breaks). Each sentence is trimmed of
 * surrounding whitespace and carries exact offsets into `text`; blank segments are dropped.
 */
export function splitSentences(text: string, lang?: string): SentenceSpan[] {
  const segmenter = segmenterFor(lang ?? detectLanguage(text), 'sentence');
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
 * ASCII text (after normalising) is segmented without ICU, with identical results.
 */
export function segmentWords(text: string, locale?: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  if (isAscii(normalised)) return asciiWords(normalised);
  const segmenter = segmenterFor(locale ?? detectLanguage(normalised), 'word');
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalised)) {
    if (isWordLike) words.push(segment);
  }
  return words;
}
