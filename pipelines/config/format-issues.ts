import type { z } from 'zod';
import { closestName } from './suggest.js';

type PathKey = PropertyKey;

/** `retrievers[1].k` from ['retrievers', 1, 'k']. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

interface ZodInternals {
  _zod: { def: { type: string; innerType?: unknown; element?: unknown; shape?: Record<string, unknown>; in?: unknown } };
}

/** Follows wrappers (default, optional, pipe) and arrays to the object schema at `path`. */
function objectKeysAt(schema: unknown, path: readonly PathKey[]): string[] {
  let current = schema as ZodInternals | undefined;
  let index = 0;
  while (current) {
    const def = current._zod.def;
    if (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') {
      current = def.innerType as ZodInternals;
    } else if (def.type === 'pipe') {
      current = def.in as ZodInternals;
    } else if (def.type === 'array') {
      if (index >= path.length) return [];
      index++;
      current = def.element as ZodInternals;
    } else if (def.type === 'object') {
      const shape = def.shape ?? {};
      if (index >= path.length) return Object.keys(shape);
      current = shape[String(path[index])] as ZodInternals | undefined;
      index++;
    } else {
      return [];
    }
  }
  return [];
}

function isNumberIssue(issue: z.core.$ZodIssue): boolean {
  return (
    (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) ||
    (issue.code === 'too_small' && issue.origin === 'number') ||
    (issue.code === 'invalid_format' && issue.format === 'safeint')
  );
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
    case 'too_small':
      if (issue.origin === 'number') {
        if (issue.minimum === 0 && !issue.inclusive) return 'expected a positive number';
        return `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
      }
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
      return `expected at least ${String(issue.minimum)} character(s)`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/**
 * Turns zod issues into one line each, naming the option path, what was expected and what
 * was given, e.g. `retrievers[1].k: expected a positive integer, got "five"`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown, schema: z.ZodType): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, issue.path);
      return issue.keys
        .map((key) => {
          const where = formatPath([...issue.path, key]);
          const near = closestName(key, known);
          const hint = near ? `; did you mean "${near}"?` : known.length ? ` (known: ${known.join(', ')})` : '';
          return `${where}: unknown option${hint}`;
        })
        .join('\n');
    }
    const value = valueAt(input, issue.path);
    const numberRule = isNumberIssue(issue) ? describeNumberSchema(schema, issue.path) : undefined;
    const expected = numberRule ? `expected ${numberRule}` : expectation(issue);
    const near =
      issue.code === 'invalid_value' && typeof value === 'string'
        ? closestName(value, issue.values.filter((v): v is string => typeof v === 'string'))
        : undefined;
    return `${formatPath(issue.path)}: ${expected}, got ${describeValue(value)}${near ? `; did you mean "${near}"?` : ''}`;
  });
}

/** Describes a number schema the way a person would: "a positive integer", "an integer >= 0". */
function describeNumberSchema(schema: unknown, path: readonly PathKey[]): string | undefined {
  const leaf = leafAt(schema, path) as
    | { isInt?: boolean; _zod: { def: { type: string; checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[] } } }
    | undefined;
  if (!leaf || leaf._zod.def.type !== 'number') return undefined;
  const noun = leaf.isInt ? 'integer' : 'number';
  const lower = leaf._zod.def.checks?.map((c) => c._zod.def).find((c) => c.check === 'greater_than');
  if (lower?.value === 0) return lower.inclusive ? `a non-negative ${noun}` : `a positive ${noun}`;
  if (lower) return `${leaf.isInt ? 'an' : 'a'} ${noun} ${lower.inclusive ? '>=' : '>'} ${String(lower.value)}`;
  return `${leaf.isInt ? 'an' : 'a'} ${noun}`;
}

function leafAt(schema: unknown, path: readonly PathKey[]): unknown {
  let current = schema as ZodInternals | undefined;
  let index = 0;
  while (current) {
    const def = current._zod.def;
    if (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') current = def.innerType as ZodInternals;
    else if (def.type === 'pipe') current = def.in as ZodInternals;
    else if (index >= path.length) return current;
    else if (def.type === 'array') { index++; current = def.element as ZodInternals; }
    else if (def.type === 'object') { current = (def.shape ?? {})[String(path[index])] as ZodInternals | undefined; index++; }
    else return undefined;
  }
  return undefined;
}
