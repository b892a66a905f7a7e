import { z } from 'zod';
import { InputError } from '../kernel/errors.js';

/** Ids may be written as numbers in hand-made files; they are used as strings everywhere. */
const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

export const JsonlDocumentLine = z.object({ id: Id, text: z.string(), title: z.string().optional() });
export const BeirDocumentLine = z.object({ _id: Id, text: z.string(), title: z.string().optional() });
export const BeirQueryLine = z.object({ _id: Id, text: z.string() });

/** One parsed, non-empty line of a JSONL file with its 1-based line number. */
export interface JsonlRecord<T> {
  line: number;
  value: T;
}

/**
 * Parses every non-blank line of a JSONL file with `schema`. A line that is not JSON or does
 * not match throws InputError at `file:line`, saying what the line should look like.
 */
export function parseJsonl<T>(
  content: string,
  file: string,
  schema: z.ZodType<T>,
  expected: string,
): JsonlRecord<T>[] {
  const records: JsonlRecord<T>[] = [];
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] ?? '';
    if (raw.trim() === '') continue;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new InputError(`not valid JSON; expected one object per line: ${expected}`, { file, line });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new InputError(`${describeIssues(parsed.error)}; expected ${expected}`, { file, line });
    }
    records.push({ line, value: parsed.data });
  }
  return records;
}

/** "field: problem; other: problem" from a zod error, for one-line messages. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
