import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnswerRelevanceQuestion, answerRelevanceQuestions } from '../../../evaluators/judges/answer-relevance.js';
import { contextPrecisionVerdicts } from '../../../evaluators/judges/context-precision.js';
import { ContextRecallVerdicts } from '../../../evaluators/judges/context-recall.js';
import { FaithfulnessStatements, faithfulnessVerdicts } from '../../../evaluators/judges/faithfulness.js';
import { GeneratedAnswer } from '../../../pipelines/stages/answer.js';
import { strictSchemaProblems } from '../../../pipelines/llm/strict-schema.js';
import { toToolSchema } from '../../../pipelines/llm/structured.js';
import { CriticVerdict, generatedQuestion } from '../../../synthetic-data/llm/prompts.js';
import { loopbackRuntime } from '../../support/llm-client.js';
import { reply, startOpenAiServer, type ChatRequestBody, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

/** Every schema a judge, the answer stage or the generator sends, at a few list sizes. */
const SCHEMAS: [string, z.ZodType][] = [
  ['list_statements', FaithfulnessStatements],
  ['judge_statements (1)', faithfulnessVerdicts(1)],
  ['judge_statements (7)', faithfulnessVerdicts(7)],
  ['give_question', AnswerRelevanceQuestion],
  ['give_questions (3)', answerRelevanceQuestions(3)],
  ['judge_contexts (5)', contextPrecisionVerdicts(5)],
  ['attribute_claims', ContextRecallVerdicts],
  ['give_answer', GeneratedAnswer],
  ['submit_question (2)', generatedQuestion(2)],
  ['submit_review', CriticVerdict],
];

describe("OpenAI's strict structured-output subset", () => {
  it('the checker finds what strict mode rejects', () => {
    expect(strictSchemaProblems({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toEqual(['$: additionalProperties must be false']);
    expect(
      strictSchemaProblems({
        type: 'object',
        properties: { a: { type: 'string', minLength: 2 }, b: { type: 'integer', minimum: -9007199254740991 } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toEqual([
      '$.a: keyword "minLength" is not supported in strict mode',
      '$.b: every property must be required',
      '$.b: minimum -9007199254740991 is no bound (give the real range)',
    ]);
    expect(strictSchemaProblems({ type: 'array', items: { type: 'string' } })).toEqual(['$: the root must be an object']);
  });

  it.each(SCHEMAS)('%s is valid under strict mode as sent', (_name, schema) => {
    expect(strictSchemaProblems(toToolSchema(schema))).toEqual([]);
  });

  it('ids and passage numbers carry their real bounds, not ±2^53', () => {
    const verdicts = toToolSchema(contextPrecisionVerdicts(5)) as { properties: { verdicts: { items: { properties: { id: unknown } } } } };
    expect(verdicts.properties.verdicts.items.properties.id).toEqual({ type: 'integer', minimum: 1, maximum: 5 });
    const generated = toToolSchema(generatedQuestion(2)) as { properties: { evidence: { items: { properties: { passage: unknown } } } } };
    expect(generated.properties.evidence.items.properties.passage).toEqual({ type: 'integer', minimum: 1, maximum: 2 });
    // a passage outside 1..2 fails validation (so the repair request names it) instead of being dropped later
    expect(generatedQuestion(2).safeParse({ question: 'What is Go?', answer: 'A language.', evidence: [{ passage: 3, quote: 'Go' }] }).success).toBe(false);
  });
});

describe('a request with strict: true', () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  afterEach(async () => {
    await server?.close();
  });

  it('every tool goes out with strict: true and a schema the strict subset accepts (the server rejects anything else with 400)', async () => {
    server = await startOpenAiServer({
      chat: (body: ChatRequestBody) => {
        const fn = body.tools?.[0]?.function as { strict?: boolean; parameters?: unknown } | undefined;
        const problems = fn?.strict === true ? strictSchemaProblems(fn.parameters) : ['strict is not true'];
        return problems.length ? reply.status(400, { message: `Invalid schema: ${problems.join('; ')}` }) : reply.tool({ verdicts: [{ id: 1, reason: 'r', supported: true }] });
      },
    });
    const runtime = loopbackRuntime(server, tempDir());
    try {
      for (const [name, schema] of SCHEMAS) {
        const result = await runtime.client.complete({ promptId: 'strict', promptVersion: '1', messages: [{ role: 'user', content: name }], schema, schemaName: 'answer' });
        // judge_statements (1) is the one schema the scripted reply satisfies; the others are repaired once and fail, never a 400
        expect(result.ok).toBe(name === 'judge_statements (1)');
      }
    } finally {
      runtime.close();
    }
    const bodies = server.chatRequests().map((r) => r.body as ChatRequestBody);
    expect(bodies.length).toBe(1 + 2 * (SCHEMAS.length - 1));
    expect(bodies.every((b) => (b.tools?.[0]?.function as { strict?: boolean }).strict === true)).toBe(true);
  });

  it('llm.strict: false leaves the field off for servers that reject it', async () => {
    server = await startOpenAiServer({ chat: () => reply.tool({ answer: 'x' }) });
    const runtime = loopbackRuntime(server, tempDir(), { strict: false });
    try {
      await runtime.client.complete({ promptId: 'p', promptVersion: '1', messages: [{ role: 'user', content: 'q' }], schema: GeneratedAnswer, schemaName: 'give_answer' });
    } finally {
      runtime.close();
    }
    expect((server.chatRequests()[0]!.body as ChatRequestBody).tools?.[0]?.function).not.toHaveProperty('strict');
  });
});
