import { hashText } from '../../corpora/hash.js';
import { detectLanguage, segmentWords } from '../../corpora/text.js';
import type { Chunk, SourceDocument } from '../../kernel/corpus.js';
import { InverseDocumentFrequency } from '../idf.js';
import { mulberry32, shuffled } from '../prng.js';
import type { LlmGenerateConfig, QueryStyle, QuestionKind } from './config.js';

/** One question to ask the model for: which passages, which kind, style and persona. */
export interface QuestionPlan {
  /** The document the question is generated for (new or changed). */
  docId: string;
  kind: QuestionKind;
  /** The passages, in prompt order; references point into their documents. */
  chunks: Chunk[];
  language: string;
  style: QueryStyle;
  persona?: string;
  /** 0 the first time this anchor chunk is used; n asks for a different fact (and a different cache key). */
  variant: number;
}

export interface Plan {
  plans: QuestionPlan[];
  /** Human-readable reasons why documents yield fewer questions than asked. */
  notes: string[];
}

const KEY_PHRASES = 12;
const MAX_ABSTRACT_PASSAGES = 4;
const MIN_CHUNK_CHARS = 50;

/**
 * Decides every question before any model call, so `--dry-run` can count them and reruns are
 * reproducible: per document a PRNG seeded by (seed, document id) picks kinds by weight,
 * chunks, styles and personas. More questions than chunks reuse chunks with a `variant` number.
 * - single-hop: one chunk of the document.
 * - multi-hop: that chunk plus the chunk elsewhere in the corpus sharing the most key phrases
 *   (its 12 highest-IDF words that occur in some other chunk, weighted by IDF; neighbours in the
 *   same document are excluded, they overlap). With
 *   no chunk sharing a key phrase the question falls back to single-hop, and a note says so.
 * - abstract: up to four chunks spread evenly over the document.
 */
export function planQuestions(input: {
  targets: readonly SourceDocument[];
  chunks: readonly Chunk[];
  config: LlmGenerateConfig;
  seed: number;
}): Plan {
  const { config } = input;
  const usable = input.chunks.filter((c) => c.text.trim().length >= MIN_CHUNK_CHARS);
  const words = usable.map((c) => segmentWords(c.text));
  const idf = new InverseDocumentFrequency(words);
  const shared = sharedWords(words);
  const keys = words.map((list) => topWords(list, idf, shared));
  const byDoc = new Map<string, number[]>();
  usable.forEach((c, i) => byDoc.set(c.docId, [...(byDoc.get(c.docId) ?? []), i]));

  const plans: QuestionPlan[] = [];
  const notes: string[] = [];
  let fallbacks = 0;
  for (const doc of input.targets) {
    if (doc.text.trim().length < config.minDocumentChars) {
      notes.push(`${doc.id}: skipped, ${doc.text.trim().length} characters is shorter than minDocumentChars (${config.minDocumentChars})`);
      continue;
    }
    const own = byDoc.get(doc.id) ?? [];
    if (own.length === 0) {
      notes.push(`${doc.id}: skipped, no chunk of at least ${MIN_CHUNK_CHARS} characters`);
      continue;
    }
    const random = mulberry32(seedFor(input.seed, doc.id));
    const order = shuffled(own, random);
    const language = detectLanguage(doc.text);
    for (let q = 0; q < config.perDocument; q += 1) {
      if (config.maxNew !== undefined && plans.length >= config.maxNew) break;
      const anchor = order[q % order.length]!;
      let kind = pickKind(random(), config.kinds);
      let chunkIndexes = [anchor];
      if (kind === 'multi-hop') {
        const partner = bestPartner(anchor, usable, keys, idf);
        if (partner === undefined) {
          kind = 'single-hop';
          fallbacks += 1;
        } else chunkIndexes = [anchor, partner];
      } else if (kind === 'abstract') {
        chunkIndexes = spread(own, MAX_ABSTRACT_PASSAGES);
      }
      const style = config.styles[Math.floor(random() * config.styles.length)] ?? 'well-formed';
      const persona = config.personas.length ? config.personas[Math.floor(random() * config.personas.length)] : undefined;
      const variant = Math.floor(q / order.length);
      plans.push({ docId: doc.id, kind, chunks: chunkIndexes.map((i) => usable[i]!), language, style, variant, ...(persona ? { persona } : {}) });
    }
    if (own.length < config.perDocument) {
      notes.push(`${doc.id}: only ${own.length} usable chunk(s) for ${config.perDocument} questions; some questions share a chunk`);
    }
  }
  if (fallbacks) notes.push(`${fallbacks} multi-hop question(s) became single-hop: no other chunk shares a key phrase`);
  if (config.maxNew !== undefined && plans.length >= config.maxNew) notes.push(`stopped at maxNew = ${config.maxNew} new questions`);
  return { plans, notes };
}

function sharedWords(lists: readonly (readonly string[])[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const list of lists) {
    for (const word of new Set(list)) {
      if (seen.has(word)) shared.add(word);
      seen.add(word);
    }
  }
  return shared;
}

function seedFor(seed: number, docId: string): number {
  return (parseInt(hashText(`${seed}:${docId}`).slice(0, 8), 16) ^ seed) >>> 0;
}

function pickKind(draw: number, weights: LlmGenerateConfig['kinds']): QuestionKind {
  const total = weights.singleHop + weights.multiHop + weights.abstract;
  const x = draw * total;
  if (x < weights.singleHop) return 'single-hop';
  if (x < weights.singleHop + weights.multiHop) return 'multi-hop';
  return 'abstract';
}

/** Key phrases: the rarest words that some other chunk also has (a word in one chunk links nothing). */
function topWords(words: readonly string[], idf: InverseDocumentFrequency, shared: ReadonlySet<string>): Set<string> {
  const distinct = [...new Set(words)].filter((w) => w.length > 1 && shared.has(w));
  distinct.sort((a, b) => idf.idf(b) - idf.idf(a) || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(distinct.slice(0, KEY_PHRASES));
}

function bestPartner(anchor: number, chunks: readonly Chunk[], keys: readonly Set<string>[], idf: InverseDocumentFrequency): number | undefined {
  const a = chunks[anchor]!;
  const mine = keys[anchor]!;
  let best: number | undefined;
  let bestScore = 0;
  chunks.forEach((c, i) => {
    if (i === anchor || (c.docId === a.docId && Math.abs(c.index - a.index) <= 1)) return;
    let score = 0;
    for (const word of keys[i]!) if (mine.has(word)) score += idf.idf(word);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/** Up to `max` indexes spread evenly over the list (first and last included). */
function spread(indexes: readonly number[], max: number): number[] {
  if (indexes.length <= max) return [...indexes];
  return Array.from({ length: max }, (_, k) => indexes[Math.round((k * (indexes.length - 1)) / (max - 1))]!);
}
