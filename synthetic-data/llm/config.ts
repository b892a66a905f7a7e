import { z } from 'zod';

export const QuestionKind = z.enum(['single-hop', 'multi-hop', 'abstract']);
export type QuestionKind = z.infer<typeof QuestionKind>;

export const QueryStyle = z.enum(['well-formed', 'web-search', 'typos']);
export type QueryStyle = z.infer<typeof QueryStyle>;

/** `testSet.generate.llm`: how `rag-eval generate` (without --offline) builds questions with the LLM. */
export const LlmGenerateConfig = z
  .object({
    /** Questions to make for each new or changed document. */
    perDocument: z.number().int().positive().default(3),
    /** Cap on new questions per run (all documents together). */
    maxNew: z.number().int().positive().optional(),
    /** Relative weights of the question kinds (need not sum to 1). */
    kinds: z
      .object({
        singleHop: z.number().nonnegative().default(0.5),
        multiHop: z.number().nonnegative().default(0.25),
        abstract: z.number().nonnegative().default(0.25),
      })
      .strict()
      .refine((k) => k.singleHop + k.multiHop + k.abstract > 0, { message: 'at least one kind needs a positive weight' })
      .default({ singleHop: 0.5, multiHop: 0.25, abstract: 0.25 }),
    /** Who asks, e.g. "a new employee", "a support engineer"; picked at random per question. */
    personas: z.array(z.string().min(1)).default([]),
    styles: z.array(QueryStyle).min(1).default(['well-formed']),
    length: z.enum(['short', 'medium', 'long']).default('medium'),
    /** Critic scores 1-5 for "answerable from the references" and "standalone"; both must reach this. */
    criticThreshold: z.number().int().min(1).max(5).default(3),
    /** Questions whose embeddings have at least this cosine similarity are near-duplicates. */
    duplicateThreshold: z.number().gt(0).max(1).default(0.95),
    /** Documents shorter than this (characters) are skipped with a message. */
    minDocumentChars: z.number().int().positive().default(200),
  })
  .strict();
export type LlmGenerateConfig = z.infer<typeof LlmGenerateConfig>;
export type LlmGenerateConfigInput = z.input<typeof LlmGenerateConfig>;
