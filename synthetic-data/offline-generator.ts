import { CHINESE_FUNCTION_CHARS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from '../corpora/stop-words.js';
import { detectLanguage, segmentWords, type SentenceSpan } from '../corpora/text.js';
import { questionSentences } from './question-sentences.js';
import type { Chunk, Corpus, SourceDocument } from '../kernel/corpus.js';
import { ConfigError, InputError } from '../kernel/errors.js';
import { InverseDocumentFrequency } from './idf.js';
import { GluedWordSplitter } from './glued-words.js';
import { mulberry32, shuffled } from './prng.js';
import { TEST_SET_SCHEMA_VERSION, type TestItem } from '../kernel/test-item.js';

export interface OfflineGeneratorOptions {
  /** How many inverse-cloze items to make (the keyword variant adds up to one more per item). */
  count: number;
  /** Seed of the chunk sampling; same corpus, chunks and seed give byte-identical items. */
  seed: number;
  /** Also emit a keyword query (the sentence's 3-5 highest-IDF words) for each item. */
  keywordVariant: boolean;
  /** Shortest sentence (characters) usable as a question, and shortest evidence left over. Default 12. */
  minSentenceChars?: number;
}

export interface OfflineGeneration {
  items: TestItem[];
  warnings: string[];
}

/** A question needs enough words to be answerable and to give the keyword variant 3 words. */
const MIN_QUESTION_WORDS = 3;
const MAX_KEYWORDS = 5;

interface Candidate {
  /** Position of the chunk in the input, to list items in chunk order. */
  position: number;
  chunk: Chunk;
  sentence: SentenceSpan;
  words: string[];
  evidence: { start: number; end: number };
}

/**
 * Inverse cloze task (ICT) without an LLM: in each sampled chunk, the most salient sentence
 * becomes the question and the rest of the chunk becomes its evidence.
 *
 * - Salience: the sum of IDF (over all chunks) of the sentence's distinct words; ties go to
 *   the earlier sentence. Only sentences with >= minSentenceChars characters and >= 3 words
 *   count, and the chunk must keep evidence of >= minSentenceChars characters without it.
 * - Evidence: removing the sentence leaves up to two parts (before, after). We keep the
 *   larger one (ties: the part after), trimmed, as a single span reference. One reference per
 *   item keeps recall@k meaning "the evidence was found", and spans stay valid when the
 *   chunking changes.
 * - Sampling: eligible chunks are shuffled with mulberry32(seed) and the first `count` are
 *   taken; items are then listed in chunk order, so output is stable and diff-friendly.
 */
export function generateOffline(corpus: Corpus, chunks: readonly Chunk[], options: OfflineGeneratorOptions): OfflineGeneration {
  validateOptions(options);
  const minChars = options.minSentenceChars ?? 12;
  const documents = new Map(corpus.documents.map((doc) => [doc.id, doc]));
  for (const chunk of chunks) {
    if (!documents.has(chunk.docId)) {
      throw new InputError(`chunk "${chunk.id}" belongs to document "${chunk.docId}", which is not in the corpus at ${corpus.root}`);
    }
  }

  const languages = chunks.map((chunk) => detectLanguage(chunk.text));
  const { idf, splitter } = corpusStatistics(chunks, languages, options.keywordVariant);
  const eligible: Candidate[] = [];
  chunks.forEach((chunk, i) => {
    const candidate = pickCandidate(chunk, i, languages[i] ?? 'und', idf, minChars);
    if (candidate) eligible.push(candidate);
  });

  const warnings: string[] = [];
  const chosen = shuffled(eligible, mulberry32(options.seed)).slice(0, options.count);
  chosen.sort((a, b) => a.position - b.position);
  if (chosen.length < options.count) {
    warnings.push(
      `offline generator: only ${eligible.length} of ${chunks.length} chunks can yield a question ` +
        `(a chunk needs a sentence of >= ${minChars} characters and >= ${MIN_QUESTION_WORDS} words, plus >= ${minChars} characters of other text); ` +
        `made ${chosen.length} of the ${options.count} questions requested (count)` +
        (chosen.length === 0 ? '. No items were made: use larger chunks, more documents or a lower minSentenceChars' : ''),
    );
  }

  const items: TestItem[] = [];
  for (const candidate of chosen) {
    const doc = documents.get(candidate.chunk.docId) as SourceDocument;
    items.push(ictItem(doc, candidate, options.seed));
    if (splitter) items.push(keywordItem(doc, candidate, idf, splitter, options.seed));
  }
  return { items, warnings };
}

/** IDF over the chunks' words and, for keyword questions, the evidence of glued function characters. */
function corpusStatistics(chunks: readonly Chunk[], languages: readonly string[], keywords: boolean) {
  const tokenLists = chunks.map((chunk, i) => segmentWords(chunk.text, languages[i]));
  return { idf: new InverseDocumentFrequency(tokenLists), splitter: keywords ? new GluedWordSplitter(tokenLists) : undefined };
}

function validateOptions(options: OfflineGeneratorOptions): void {
  if (!Number.isInteger(options.count) || options.count <= 0) {
    throw new ConfigError(`offline generator: count must be a positive integer, got ${String(options.count)}`);
  }
  if (!Number.isInteger(options.seed)) {
    throw new ConfigError(`offline generator: seed must be an integer, got ${String(options.seed)}`);
  }
  const min = options.minSentenceChars;
  if (min !== undefined && (!Number.isInteger(min) || min <= 0)) {
    throw new ConfigError(`offline generator: minSentenceChars must be a positive integer, got ${String(min)}`);
  }
}

function pickCandidate(chunk: Chunk, position: number, language: string, idf: InverseDocumentFrequency, minChars: number): Candidate | undefined {
  let best: (Candidate & { score: number }) | undefined;
  for (const sentence of questionSentences(chunk.text, language)) {
    if (sentence.text.length < minChars) continue;
    const words = segmentWords(sentence.text, language);
    if (new Set(words).size < MIN_QUESTION_WORDS) continue;
    const evidence = largerRemainder(chunk, sentence);
    // The question is never longer than its evidence: a question that restates its whole chunk
    // (lower-case text without sentence breaks) measures nothing.
    if (evidence.end - evidence.start < Math.max(minChars, sentence.text.length)) continue;
    const score = idf.score(words);
    if (best === undefined || score > best.score) best = { position, chunk, sentence, words, evidence, score };
  }
  return best && { position, chunk, sentence: best.sentence, words: best.words, evidence: best.evidence };
}

/** Document offsets of the larger trimmed part of the chunk left after removing `sentence`. */
function largerRemainder(chunk: Chunk, sentence: SentenceSpan): { start: number; end: number } {
  const before = trimmedRange(chunk.text, 0, sentence.start);
  const after = trimmedRange(chunk.text, sentence.end, chunk.text.length);
  const part = before.end - before.start > after.end - after.start ? before : after;
  return { start: chunk.start + part.start, end: chunk.start + part.end };
}

function trimmedRange(text: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(text[from] ?? '')) from += 1;
  while (to > from && /\s/u.test(text[to - 1] ?? '')) to -= 1;
  return { start: from, end: to };
}

/** Builds an item with keys in schema order, so in-memory and written items look alike. */
function makeItem(doc: SourceDocument, candidate: Candidate, id: string, question: string, generator: TestItem['generator']): TestItem {
  const { start, end } = candidate.evidence;
  return {
    schemaVersion: TEST_SET_SCHEMA_VERSION,
    id,
    question,
    references: [{ docId: doc.id, start, end, text: doc.text.slice(start, end), grade: 1 }],
    generator,
    language: detectLanguage(candidate.sentence.text),
    sourceHashes: { [doc.id]: doc.hash },
  };
}

function ictItem(doc: SourceDocument, candidate: Candidate, seed: number): TestItem {
  return makeItem(doc, candidate, `ict-${doc.id}-${candidate.chunk.index}`, candidate.sentence.text, { name: 'offline-ict', seed });
}

/**
 * The sentence's highest-IDF distinct content words, at most five, highest first. Ties go to the
 * longer word, then the earlier one. Function words are left out: English and Chinese stop words
 * (corpora/stop-words.ts), and Han "words" made only of function characters that ICU glued
 * together (请在 = 请 + 在). One-character words (mostly particles and pronouns such as 的, 从,
 * 它, or "a") and stop words are used only when fewer than three other words exist: in a small
 * corpus they are as rare as content words and would otherwise crowd them out.
 */
export function pickKeywords(words: readonly string[], idf: InverseDocumentFrequency): string[] {
  const ranked = [...new Set(words)]
    .map((word, position) => ({ word, position, idf: idf.idf(word), length: Array.from(word).length }))
    .sort((a, b) => b.idf - a.idf || b.length - a.length || a.position - b.position);
  const content = ranked.filter((entry) => entry.length > 1 && !isStopWord(entry.word));
  const pool = content.length >= MIN_QUESTION_WORDS ? content : ranked;
  return pool.slice(0, MAX_KEYWORDS).map((entry) => entry.word);
}

function isStopWord(word: string): boolean {
  if (ENGLISH_STOP_WORDS.has(word.toLowerCase()) || CHINESE_STOP_WORDS.has(word)) return true;
  return /^\p{Script=Han}+$/u.test(word) && Array.from(word).every((char) => CHINESE_FUNCTION_CHARS.has(char));
}

/** Keywords of the question sentence after glued function characters are split off (glued-words.ts). */
function keywordItem(doc: SourceDocument, candidate: Candidate, idf: InverseDocumentFrequency, splitter: GluedWordSplitter, seed: number): TestItem {
  const question = pickKeywords(splitter.split(candidate.words), idf).join(' ');
  return makeItem(doc, candidate, `kw-${doc.id}-${candidate.chunk.index}`, question, { name: 'offline-keywords', seed });
}
