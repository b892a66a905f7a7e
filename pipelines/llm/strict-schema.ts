/**
 * OpenAI's strict structured outputs (`strict: true` on a tool) accept a subset of JSON Schema:
 * every object lists all its properties in `required` and sets `additionalProperties: false`,
 * and only some keywords are allowed (no `minLength`/`maxLength`). rag-eval's tool schemas are
 * normalised into that subset before they are sent, and a test checks every schema the judges and
 * generators send against it (strictSchemaProblems).
 */

type Json = Record<string, unknown>;

const ALLOWED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description', '$defs', '$ref',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'pattern', 'format',
]);

/** Keywords strict mode rejects, moved into the description so the model still reads them. */
const AS_TEXT: Record<string, (value: unknown) => string> = {
  minLength: (v) => `at least ${String(v)} character${v === 1 ? '' : 's'}`,
  maxLength: (v) => `at most ${String(v)} character${v === 1 ? '' : 's'}`,
};

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy with `additionalProperties: false` on every object and unsupported keywords turned into description text. */
export function toStrictSchema(schema: Json): Json {
  const out: Json = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const asText = AS_TEXT[key];
    if (asText) notes.push(asText(value));
    else if (key === 'properties' && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isObject(sub) ? toStrictSchema(sub) : sub]));
    else if (key === 'items' && isObject(value)) out[key] = toStrictSchema(value);
    else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) out.anyOf = value.map((sub) => (isObject(sub) ? toStrictSchema(sub) : sub));
    else if (key === '$defs' && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isObject(sub) ? toStrictSchema(sub) : sub]));
    else out[key] = value;
  }
  if (out.type === 'object' || isObject(out.properties)) out.additionalProperties = false;
  if (notes.length) out.description = [typeof out.description === 'string' ? out.description : '', notes.join(', ')].filter(Boolean).join('; ');
  return out;
}

/** Where a schema leaves OpenAI's strict subset; empty when it is valid. */
export function strictSchemaProblems(schema: unknown, path = '$'): string[] {
  if (!isObject(schema)) return [`${path}: not a schema object`];
  const problems: string[] = [];
  if (path === '$' && schema.type !== 'object') problems.push(`${path}: the root must be an object`);
  for (const key of Object.keys(schema)) if (!ALLOWED.has(key)) problems.push(`${path}: keyword "${key}" is not supported in strict mode`);
  if (schema.type === 'object') {
    if (schema.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    for (const name of Object.keys(properties)) {
      if (!required.includes(name)) problems.push(`${path}.${name}: every property must be required`);
      problems.push(...strictSchemaProblems(properties[name], `${path}.${name}`));
    }
  }
  if (schema.type === 'array') problems.push(...strictSchemaProblems(schema.items, `${path}[]`));
  if (Array.isArray(schema.anyOf)) schema.anyOf.forEach((sub, i) => problems.push(...strictSchemaProblems(sub, `${path}.anyOf[${i}]`)));
  for (const bound of ['minimum', 'maximum'] as const) {
    const value = schema[bound];
    if (typeof value === 'number' && Math.abs(value) >= Number.MAX_SAFE_INTEGER) problems.push(`${path}: ${bound} ${value} is no bound (give the real range)`);
  }
  return problems;
}
