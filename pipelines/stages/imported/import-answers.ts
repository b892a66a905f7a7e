import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { JudgeSample } from '../../../evaluators/judges/judge-types.js';
import type { TestItem } from '../../../kernel/test-item.js';
import { InputError } from '../../../kernel/errors.js';

/**
 * Outputs of an existing RAG application, one JSONL line per question:
 *   {"id": "gc", "answer": "...", "contexts": ["...", "..."], "retrievedIds": ["java.md", ...]}
 *   {"question": "Which languages collect garbage?", "answer": "...", "contexts": [...]}
 * A line is matched to a test item by `id`, else by the exact (trimmed) question; unmatched lines
 * with a question are still scored by the metrics that need no reference.
 */
export const ImportedAnswer = z
  .object({
    id: z.string().min(1).optional(),
    question: z.string().min(1).optional(),
    answer: z.string(),
    contexts: z.array(z.string()),
    /** The application's own ids of the retrieved contexts (chunk or document ids), in rank order. */
    retrievedIds: z.array(z.string()).optional(),
  })
  .strict()
  .refine((line) => line.id !== undefined || line.question !== undefined, { message: 'each line needs an id or a question' })
  .refine((line) => line.retrievedIds === undefined || line.retrievedIds.length === line.contexts.length, {
    message: 'retrievedIds must name each context (same length as contexts)',
    path: ['retrievedIds'],
  });
export type ImportedAnswer = z.infer<typeof ImportedAnswer>;

export interface ImportedSamples {
  samples: JudgeSample[];
  /** The parsed lines, in the order of `samples` (their retrievedIds are judged as a ranking). */
  lines: readonly ImportedAnswer[];
  /** Lines matched to no test item (scored without reference answer or evidence). */
  unmatched: number;
  warnings: string[];
}

export function parseImportedAnswers(text: string, file: string): ImportedAnswer[] {
  const lines: ImportedAnswer[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new InputError('not valid JSON', { file, line: index + 1 });
    }
    const parsed = ImportedAnswer.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'} (expected {id or question, answer, contexts[], retrievedIds?})`, { file, line: index + 1 });
    }
    lines.push(parsed.data);
  });
  if (lines.length === 0) throw new InputError(`${file}: no answers to import`);
  return lines;
}

/** Matches imported lines to test items and turns them into judge samples. */
export function importedSamples(lines: readonly ImportedAnswer[], items: readonly TestItem[], file: string, options: { requireMatch?: boolean } = {}): ImportedSamples {
  const byId = new Map(items.map((item) => [item.id, item]));
  const byQuestion = new Map(items.map((item) => [item.question.trim(), item]));
  const seen = new Set<string>();
  const warnings: string[] = [];
  let unmatched = 0;
  const samples = lines.map((line, index): JudgeSample => {
    const item = (line.id !== undefined ? byId.get(line.id) : undefined) ?? (line.question !== undefined ? byQuestion.get(line.question.trim()) : undefined);
    if (!item && line.question === undefined) throw new InputError(`id "${line.id}" is not in the test set and the line has no question`, { file, line: index + 1 });
    // rag-eval run reports the imported answers beside the retrievers on the same questions: a stray line is a mistake there.
    if (!item && options.requireMatch) {
      throw new InputError(
        `${line.id !== undefined ? `id "${line.id}" and ` : ''}question "${line.question}" match no test item ` +
          '(lines are matched by id, then by the exact question)',
        { file, line: index + 1 },
      );
    }
    const qid = item?.id ?? line.id ?? `${file}:${index + 1}`;
    if (seen.has(qid)) throw new InputError(`a second answer for question "${qid}"`, { file, line: index + 1 });
    seen.add(qid);
    if (!item) unmatched += 1;
    return {
      qid,
      question: item?.question ?? line.question!,
      answer: line.answer,
      ...(item?.referenceAnswer !== undefined ? { referenceAnswer: item.referenceAnswer } : {}),
      contexts: line.contexts.map((text, i) => ({ id: line.retrievedIds?.[i] ?? `context-${i + 1}`, text })),
      references: item?.references ?? [],
    };
  });
  if (unmatched) warnings.push(`${file}: ${unmatched} of ${lines.length} imported answers match no test item; only metrics without a reference can score them`);
  return { samples, lines, unmatched, warnings };
}

export async function readImportedAnswers(file: string, items: readonly TestItem[], options: { requireMatch?: boolean } = {}): Promise<ImportedSamples> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the answers file (answers.path)`);
  }
  return importedSamples(parseImportedAnswers(text, file), items, file, options);
}
