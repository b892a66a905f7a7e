import { z } from 'zod';

export const TEST_SET_SCHEMA_VERSION = 1;

/** Evidence as a character span of a source document; stays valid across chunkings. */
export const SpanReference = z
  .object({
    docId: z.string().min(1),
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    text: z.string(),
    grade: z.number().int().positive().default(1),
  })
  .strict()
  .refine((span) => span.end > span.start, { message: 'end must be greater than start', path: ['end'] });

/** Evidence as a whole document with a relevance grade (BEIR qrels, hand labels). */
export const DocumentReference = z
  .object({
    docId: z.string().min(1),
    grade: z.number().int().default(1),
  })
  .strict();

export const Reference = z.union([SpanReference, DocumentReference]);

export const GeneratorInfo = z
  .object({
    /** human: hand-written; offline-ict: inverse cloze; offline-keywords; beir: imported qrels; llm. */
    name: z.enum(['human', 'offline-ict', 'offline-keywords', 'beir', 'llm']),
    model: z.string().optional(),
    promptVersion: z.string().optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export const TestItem = z
  .object({
    schemaVersion: z.literal(TEST_SET_SCHEMA_VERSION).default(TEST_SET_SCHEMA_VERSION),
    id: z.string().min(1),
    question: z.string().refine((q) => q.trim().length > 0, { message: 'question must not be empty' }),
    referenceAnswer: z.string().optional(),
    references: z.array(Reference),
    generator: GeneratorInfo.default({ name: 'human' }),
    language: z.string().optional(),
    /** Free labels for slicing the report (e.g. "paraphrase", "keyword", "cross-language"). */
    tags: z.array(z.string().min(1)).optional(),
    /** Content hash of each source document when the item was made (incremental generation). */
    sourceHashes: z.record(z.string(), z.string()).optional(),
    /** LLM-generated items: single-hop (one chunk), multi-hop (several, linked), abstract (themes across a document). */
    kind: z.enum(['single-hop', 'multi-hop', 'abstract']).optional(),
    /** Set on items moved to the archive file because a source document changed or was deleted. */
    retired: z.object({ at: z.string(), reason: z.string() }).strict().optional(),
  })
  .strict();

export type SpanReference = z.infer<typeof SpanReference>;
export type DocumentReference = z.infer<typeof DocumentReference>;
export type Reference = z.infer<typeof Reference>;
export type TestItem = z.infer<typeof TestItem>;
export type TestItemInput = z.input<typeof TestItem>;

export function isSpanReference(ref: Reference): ref is SpanReference {
  return 'start' in ref;
}
