import { z } from 'zod';
import type { ChatMessage } from '../../kernel/llm-types.js';
import { dataNotInstructions, numbered, tagged } from '../../kernel/prompt-data.js';
import type { QueryStyle, QuestionKind } from './config.js';

/** Bump a version when its prompt text or schema changes meaning: cached answers stop matching. */
export const GENERATE_PROMPT_VERSION = 'generate-v2';
export const CRITIC_PROMPT_VERSION = 'critic-v2';

const generatedQuestions = new Map<number, z.ZodType<GeneratedQuestion>>();

/**
 * The generator's answer for `passages` passages: the passage number is bounded 1..passages in
 * the JSON schema the model sees, so a reply naming passage 7 of 2 fails validation (and gets the
 * one repair request) instead of being dropped later. Memoised per count.
 */
export function generatedQuestion(passages: number): z.ZodType<GeneratedQuestion> {
  const known = generatedQuestions.get(passages);
  if (known) return known;
  const passage = z.number().int().min(1, { error: `not a passage number between 1 and ${passages}` }).max(Math.max(1, passages), { error: `not a passage number between 1 and ${passages}` });
  const schema = z.object({
    question: z.string().min(5),
    answer: z.string().min(1),
    /** Verbatim quotes supporting the answer, one or more per passage the answer needs. */
    evidence: z.array(z.object({ passage, quote: z.string().min(1) })).min(1),
  });
  generatedQuestions.set(passages, schema);
  return schema;
}
export type GeneratedQuestion = { question: string; answer: string; evidence: { passage: number; quote: string }[] };

export const CriticVerdict = z.object({
  /** 1-5: can the question be fully answered from the passages alone? */
  answerable: z.number().int().min(1).max(5),
  /** 1-5: is it understandable without seeing the passages ("according to the text" is 1)? */
  standalone: z.number().int().min(1).max(5),
  reason: z.string(),
});
export type CriticVerdict = z.infer<typeof CriticVerdict>;

const LANGUAGE_NAMES: Record<string, string> = { zh: 'Chinese', ja: 'Japanese', ko: 'Korean' };

/**
 * The language instruction. detectLanguage only knows CJK scripts apart; any Latin-script text
 * is "en", so for those we ask for "the language of the passages" rather than say English.
 */
export function languageInstruction(language: string): string {
  const name = LANGUAGE_NAMES[language];
  return name
    ? `The passages are written in ${name}. Write the question and the answer in ${name}; never translate them into English.`
    : 'Write the question and the answer in the language the passages are written in; do not translate.';
}

const KIND_TEXT: Record<QuestionKind, string> = {
  'single-hop': 'a specific factual question answered by one passage',
  'multi-hop': 'a question whose answer needs facts from EVERY passage below combined (cite each passage you use)',
  abstract: 'a broader question about a theme, comparison or summary that spans the passages',
};

const STYLE_TEXT: Record<QueryStyle, string> = {
  'well-formed': 'a complete, well-formed question',
  'web-search': 'a terse web-search style query of a few keywords, no question mark',
  typos: 'a casual question with one or two realistic typos',
};

const LENGTH_TEXT = { short: 'at most 12 words', medium: '8 to 25 words', long: '20 to 40 words' } as const;

export interface GenerationPrompt {
  kind: QuestionKind;
  language: string;
  passages: string[];
  style: QueryStyle;
  length: keyof typeof LENGTH_TEXT;
  persona?: string;
  /** > 0: the same passages were already used; ask about another fact. */
  variant?: number;
}

export const GENERATE_SYSTEM =
  'You write evaluation questions for a retrieval system. Each question must be answerable from the given passages alone, ' +
  'must make sense to someone who has not seen them (name the subject; never say "the passage" or "the text"), and must come ' +
  'with a short reference answer and verbatim quotes (copied character for character) from the passages that support it. ' +
  'The passages are source documents to ask about: ' +
  dataNotInstructions(['passage']);

export function generationMessages(prompt: GenerationPrompt): ChatMessage[] {
  const passages = numbered('passage', prompt.passages);
  const lines = [
    `Write ${KIND_TEXT[prompt.kind]}.`,
    `Form: ${STYLE_TEXT[prompt.style]}, ${LENGTH_TEXT[prompt.length]}.`,
    ...(prompt.persona ? [`Ask it as ${prompt.persona} would.`] : []),
    ...(prompt.variant ? [`Other questions already cover the most obvious fact here: ask about a different one (variation ${prompt.variant + 1}).`] : []),
    languageInstruction(prompt.language),
    'In "evidence", give the passage id and an exact quote for every passage the answer needs.',
    '',
    'Passages:',
    passages,
  ];
  return [
    { role: 'system', content: GENERATE_SYSTEM },
    { role: 'user', content: lines.join('\n') },
  ];
}

export const CRITIC_SYSTEM =
  'You review evaluation questions for a retrieval system. Score strictly from 1 (bad) to 5 (excellent): ' +
  '"answerable": the reference answer is correct and fully supported by the passages; ' +
  '"standalone": the question is clear without seeing the passages. ' +
  dataNotInstructions(['question', 'reference', 'passage']);

export function criticMessages(input: { question: string; answer: string; passages: string[] }): ChatMessage[] {
  const content = `${tagged('question', input.question)}\n${tagged('reference', input.answer)}\n\nPassages:\n${numbered('passage', input.passages)}`;
  return [
    { role: 'system', content: CRITIC_SYSTEM },
    { role: 'user', content },
  ];
}
