import { splitSentences, type SentenceSpan } from '../corpora/text.js';

/**
 * Sentence-sized candidates for offline questions. ICU finds sentence breaks only where a period
 * is followed by a capital letter, so lower-case text (Cranfield abstracts: "... in a slipstream .
 * an experimental study ...") comes back as one "sentence" of the whole abstract, and the question
 * became longer than its evidence. Any ICU sentence longer than MAX_QUESTION_CHARS is split again:
 * at sentence punctuation followed by a space whatever the case, then at clause punctuation
 * (; : ,), then at word boundaries, so every candidate is at most MAX_QUESTION_CHARS long.
 */
export const MAX_QUESTION_CHARS = 200;

const SENTENCE_END = /[.!?](?=\s)|[。！？]/gu;
const CLAUSE_END = /[;:,](?=\s)|[；：，、]/gu;

export function questionSentences(text: string, language?: string): SentenceSpan[] {
  return splitSentences(text, language).flatMap((sentence) => (sentence.text.length <= MAX_QUESTION_CHARS ? [sentence] : splitLong(text, sentence.start, sentence.end)));
}

function splitLong(text: string, start: number, end: number): SentenceSpan[] {
  return splitAt(text, start, end, SENTENCE_END)
    .flatMap((piece) => (piece.end - piece.start <= MAX_QUESTION_CHARS ? [piece] : splitAt(text, piece.start, piece.end, CLAUSE_END)))
    .flatMap((piece) => (piece.end - piece.start <= MAX_QUESTION_CHARS ? [piece] : byLength(text, piece.start, piece.end)))
    .map((piece) => trimmed(text, piece.start, piece.end))
    .filter((piece): piece is SentenceSpan => piece !== undefined);
}

/** Ranges of text[start, end) ending just after each match of `boundary`. */
function splitAt(text: string, start: number, end: number, boundary: RegExp): { start: number; end: number }[] {
  const slice = text.slice(start, end);
  const pieces: { start: number; end: number }[] = [];
  let from = 0;
  for (const match of slice.matchAll(boundary)) {
    const to = match.index + match[0].length;
    pieces.push({ start: start + from, end: start + to });
    from = to;
  }
  if (from < slice.length) pieces.push({ start: start + from, end });
  return pieces;
}

/** Windows of at most MAX_QUESTION_CHARS, cut at the last whitespace inside the window when there is one. */
function byLength(text: string, start: number, end: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let from = start;
  while (end - from > MAX_QUESTION_CHARS) {
    const window = text.slice(from, from + MAX_QUESTION_CHARS);
    const space = window.search(/\s\S*$/u);
    const to = space > 0 ? from + space : from + MAX_QUESTION_CHARS;
    pieces.push({ start: from, end: to });
    from = to;
  }
  pieces.push({ start: from, end });
  return pieces;
}

function trimmed(text: string, start: number, end: number): SentenceSpan | undefined {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(text[from] ?? '')) from += 1;
  while (to > from && /\s/u.test(text[to - 1] ?? '')) to -= 1;
  return to > from ? { text: text.slice(from, to), start: from, end: to } : undefined;
}
