import { z } from 'zod';
import { describeIssues } from '../../corpora/jsonl.js';
import type { ChatMessage, RawChoice } from '../../kernel/llm-types.js';
import { toStrictSchema } from './strict-schema.js';

const toolSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * The zod schema as the JSON schema of a tool's parameters (no `$schema` key: some servers
 * reject it), normalised into OpenAI's strict subset (strict-schema.ts). Memoised per schema
 * object: a run converts the same few schemas thousands of times.
 */
export function toToolSchema(schema: z.ZodType): Record<string, unknown> {
  const known = toolSchemas.get(schema);
  if (known) return known;
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const strict = toStrictSchema(rest);
  toolSchemas.set(schema, strict);
  return strict;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Validates one choice: truncation, then JSON, then the schema. Never throws. */
export function checkChoice<T>(choice: RawChoice, schema: z.ZodType<T>): Checked<T> {
  if (choice.finishReason === 'length') {
    return { ok: false, reason: 'the answer was cut off at the output token limit (finish_reason "length")' };
  }
  let json: unknown;
  try {
    json = JSON.parse(choice.via === 'content' ? stripFence(choice.text) : choice.text);
  } catch (error) {
    return { ok: false, reason: `the answer is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `the answer does not match the schema: ${describeIssues(parsed.error)}` };
  return { ok: true, value: parsed.data };
}

/** Models answering in text often wrap JSON in a Markdown fence. */
function stripFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return match ? match[1]! : text;
}

/** The one repair turn: the bad answer and what was wrong with it. */
export function repairMessages(messages: readonly ChatMessage[], bad: RawChoice, reason: string, schemaName: string): ChatMessage[] {
  const shown = bad.text.length > 4000 ? `${bad.text.slice(0, 4000)}...` : bad.text;
  return [
    ...messages,
    { role: 'assistant', content: shown },
    {
      role: 'user',
      content:
        `That answer was rejected: ${reason}. Call ${schemaName} again with complete, valid JSON arguments that satisfy its schema` +
        (bad.finishReason === 'length' ? ', and keep the answer shorter.' : '.'),
    },
  ];
}
