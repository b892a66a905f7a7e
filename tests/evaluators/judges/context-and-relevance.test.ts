import { describe, expect, it } from 'vitest';
import { createAnswerRelevanceEvaluator } from '../../../evaluators/judges/answer-relevance.js';
import { createContextPrecisionEvaluator, createContextUtilizationEvaluator } from '../../../evaluators/judges/context-precision.js';
import { createContextRecallEvaluator } from '../../../evaluators/judges/context-recall.js';
import { createFaithfulnessEvaluator } from '../../../evaluators/judges/faithfulness.js';
import type { JudgeSample } from '../../../evaluators/judges/judge-types.js';
import { reply, type ChatRequestBody } from '../../support/openai-server.js';
import { toolName, usage, useJudgeServer, userMessage } from './judge-server.js';

const setup = useJudgeServer();
const contexts = ['Go has a garbage collector.', 'PHP powers many websites.', 'Java has a garbage collector.', 'SQL queries tables.', 'Rust has no GC.'].map((text, i) => ({ id: `c${i + 1}`, text }));
const sample = (overrides: Partial<JudgeSample> = {}): JudgeSample => ({
  qid: 'gc',
  question: 'Which languages have garbage collection?',
  answer: 'Go and Java.',
  referenceAnswer: 'Go has garbage collection. Java has garbage collection. Python has garbage collection.',
  contexts,
  references: [],
  ...overrides,
});
const useful = (...flags: boolean[]) => ({ verdicts: flags.map((u, i) => ({ id: i + 1, reason: 'r', useful: u })) });

// Vectors chosen so the cosines are exact: question → (1, 0).
const vectors: Record<string, number[]> = {
  'Which languages have garbage collection?': [1, 0],
  'Which languages collect garbage?': [2, 0],
  'What is Go?': [0.6, 0.8],
  'Is SQL a language?': [0, 1],
};
const embed = (text: string) => vectors[text] ?? [0.5, 0.5];

describe('context precision', () => {
  it('judges all K chunks in one call; useful only at rank 3 scores 1/3', async () => {
    const { server, judge } = await setup();
    server.enqueue(reply.tool(useful(false, false, true, false, false), usage(300, 50)));
    const outcome = await createContextPrecisionEvaluator({ judge }).evaluate(sample());
    expect(outcome.score.value).toBeCloseTo(1 / 3, 15);
    expect(outcome.usage).toEqual({ requests: 1, cacheHits: 0, inputTokens: 300, outputTokens: 50, costUsd: 400 / 1e6 });
    expect(server.chatRequests()).toHaveLength(1);
    expect(toolName(server, 0)).toBe('judge_contexts');
    const message = userMessage(server, 0);
    for (let i = 1; i <= 5; i++) expect(message).toContain(`<context id="${i}">`);
    expect(message).toContain('<reference>');
  });

  it('needs a reference answer: without one it is null (context_utilization judges against the answer); single context; null paths', async () => {
    const { server, judge } = await setup();
    const evaluator = createContextPrecisionEvaluator({ judge });
    expect((await evaluator.evaluate(sample({ referenceAnswer: undefined }))).score).toEqual({ value: null, reason: 'no reference answer' });
    expect(server.chatRequests()).toHaveLength(0);
    server.enqueue(reply.tool(useful(true)));
    const single = await evaluator.evaluate(sample({ contexts: contexts.slice(0, 1) }));
    expect(single.score).toEqual({ value: 1 });
    expect(single.details?.against).toBe('reference');
    expect(userMessage(server, 0)).toContain('<reference>\n');
    expect((await evaluator.evaluate(sample({ contexts: [] }))).score).toEqual({ value: null, reason: 'no contexts retrieved' });
    server.enqueue(reply.tool(useful(true, true)), reply.tool(useful(true, true, true, true)));
    expect((await evaluator.evaluate(sample())).score).toEqual({ value: null, reason: 'judge reply invalid after repair' });
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('context_utilization judges the same ranking against the generated answer, under its own prompt id', async () => {
    const { server, judge } = await setup();
    const evaluator = createContextUtilizationEvaluator({ judge });
    server.enqueue(reply.tool(useful(false, true, false, false, false)));
    const outcome = await evaluator.evaluate(sample({ referenceAnswer: undefined }));
    expect(outcome.score.value).toBeCloseTo(1 / 2, 15);
    expect(outcome.details?.against).toBe('answer');
    expect(userMessage(server, 0)).toContain('<answer>\nGo and Java.\n</answer>');
    expect(userMessage(server, 0)).not.toContain('<reference>');
    expect((await evaluator.evaluate(sample({ answer: undefined }))).score).toEqual({ value: null, reason: 'no answer to judge' });
    expect(server.chatRequests()).toHaveLength(1);
  });
});

describe('context recall', () => {
  it('attributed ÷ claims in one call', async () => {
    const { server, judge } = await setup();
    const claims = [
      { claim: 'Go has garbage collection.', reason: 'c1', attributed: true },
      { claim: 'Java has garbage collection.', reason: 'c3', attributed: true },
      { claim: 'Python has garbage collection.', reason: 'none', attributed: false },
    ];
    server.enqueue(reply.tool({ claims }, usage(280, 90)));
    const outcome = await createContextRecallEvaluator({ judge }).evaluate(sample());
    expect(outcome.score.value).toBeCloseTo(2 / 3, 15);
    expect(outcome.usage.inputTokens + outcome.usage.outputTokens).toBe(370);
    expect(toolName(server, 0)).toBe('attribute_claims');
  });

  it('null paths: no reference answer, no contexts, no claims', async () => {
    const { server, judge } = await setup();
    const evaluator = createContextRecallEvaluator({ judge });
    expect((await evaluator.evaluate(sample({ referenceAnswer: undefined }))).score).toEqual({ value: null, reason: 'no reference answer' });
    expect((await evaluator.evaluate(sample({ contexts: [] }))).score).toEqual({ value: null, reason: 'no contexts retrieved' });
    server.enqueue(reply.tool({ claims: [] }));
    expect((await evaluator.evaluate(sample())).score).toEqual({ value: null, reason: 'the reference answer has no claims' });
    expect(server.chatRequests()).toHaveLength(1);
  });
});

describe('answer relevance', () => {
  it('asks for n = 3 choices in ONE call and averages exact cosines', async () => {
    const { server, judge, embeddings } = await setup({ embed });
    server.enqueue({
      choices: ['Which languages collect garbage?', 'What is Go?', 'Is SQL a language?'].map((question) => ({ toolArguments: { question, noncommittal: false } })),
      usage: { promptTokens: 60, completionTokens: 45 },
    });
    const outcome = await createAnswerRelevanceEvaluator({ judge, embeddings }).evaluate(sample());
    // cosines 1, 0.6, 0 (float32 vectors from the server: 0.6 and 0.8 are not exact in float32)
    expect(outcome.score.value).toBeCloseTo(1.6 / 3, 6);
    expect(outcome.usage).toEqual({ requests: 1, cacheHits: 0, inputTokens: 60, outputTokens: 45, costUsd: 150 / 1e6 });
    const body = server.chatRequests()[0]!.body as ChatRequestBody;
    expect(body.n).toBe(3);
    // sampled above 0 so the three questions differ (temperature 0 gave near-identical ones)
    expect(body.temperature).toBe(0.7);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('one noncommittal vote of three does not zero the score; two of three do; a negative cosine adds 0', async () => {
    const { server, judge, embeddings } = await setup({ embed: (text) => (text === 'Opposite?' ? [-1, 0] : embed(text)) });
    const evaluator = createAnswerRelevanceEvaluator({ judge, embeddings, temperature: 1 });
    const choices = (...votes: [string, boolean][]) => ({ choices: votes.map(([question, noncommittal]) => ({ toolArguments: { question, noncommittal } })) });
    server.enqueue(choices(['Which languages collect garbage?', true], ['Which languages collect garbage?', false], ['Opposite?', false]));
    const one = await evaluator.evaluate(sample());
    // cosines 1, 1, −1 → (1 + 1 + 0) / 3
    expect(one.score.value).toBeCloseTo(2 / 3, 6);
    expect(one.details).toMatchObject({ noncommittal: false, choices: { returned: 3, valid: 3 } });
    server.enqueue(choices(['Which languages collect garbage?', true], ['What is Go?', true], ['Is SQL a language?', false]));
    expect((await evaluator.evaluate(sample({ answer: 'Perhaps.' }))).score).toEqual({ value: 0 });
    expect((server.chatRequests()[0]!.body as ChatRequestBody).temperature).toBe(1);
  });

  it('list strategy asks for three questions in one answer; noncommittal scores 0 without embedding', async () => {
    const { server, judge, embeddings } = await setup({ embed });
    const evaluator = createAnswerRelevanceEvaluator({ judge, embeddings, strategy: 'list', questions: 3 });
    server.enqueue(reply.tool({ questions: ['Which languages collect garbage?', 'Which languages collect garbage?', 'What is Go?'], noncommittal: false }));
    expect((await evaluator.evaluate(sample())).score.value).toBeCloseTo(2.6 / 3, 6);
    expect((server.chatRequests()[0]!.body as ChatRequestBody).n ?? 1).toBe(1);
    expect(userMessage(server, 0)).toContain('Write 3 different questions');
    server.enqueue(reply.tool({ questions: ['a?', 'b?', 'c?'], noncommittal: true }));
    const embedsBefore = server.requests.filter((r) => r.path === '/v1/embeddings').length;
    expect((await evaluator.evaluate(sample({ answer: "I don't know." }))).score).toEqual({ value: 0 });
    expect(server.requests.filter((r) => r.path === '/v1/embeddings').length).toBe(embedsBefore);
    expect((await evaluator.evaluate(sample({ answer: undefined }))).score).toEqual({ value: null, reason: 'no answer to judge' });
  });
});

describe('all four metrics on one sample at K = 5', () => {
  it('send exactly 5 chat requests: faithfulness 2, relevance 1, context precision 1, context recall 1', async () => {
    const { server, judge, embeddings } = await setup({ embed });
    server.setChatHandler((body) => {
      const tool = body.tools?.[0]?.function.name;
      if (tool === 'list_statements') return reply.tool({ statements: ['Go has GC.', 'Java has GC.'] }, usage(100, 20));
      if (tool === 'judge_statements') return reply.tool({ verdicts: [1, 2].map((id) => ({ id, reason: 'r', supported: true })) }, usage(200, 30));
      if (tool === 'give_question') return { choices: [0, 1, 2].map(() => ({ toolArguments: { question: 'Which languages collect garbage?', noncommittal: false } })), ...usage(50, 40) };
      if (tool === 'judge_contexts') return reply.tool(useful(true, false, true, false, false), usage(400, 60));
      if (tool === 'attribute_claims') return reply.tool({ claims: [{ claim: 'x', reason: 'r', attributed: true }] }, usage(380, 25));
      return reply.status(500);
    });
    const evaluators = {
      faithfulness: createFaithfulnessEvaluator({ judge }),
      answer_relevance: createAnswerRelevanceEvaluator({ judge, embeddings }),
      context_precision: createContextPrecisionEvaluator({ judge }),
      context_recall: createContextRecallEvaluator({ judge }),
    };
    const results = Object.fromEntries(await Promise.all(Object.entries(evaluators).map(async ([id, e]) => [id, await e.evaluate(sample())] as const)));
    expect(Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.score.value]))).toEqual({ faithfulness: 1, answer_relevance: 1, context_precision: (1 + 2 / 3) / 2, context_recall: 1 });
    expect(Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.usage.requests]))).toEqual({ faithfulness: 2, answer_relevance: 1, context_precision: 1, context_recall: 1 });
    expect(server.chatRequests()).toHaveLength(5);
    const tokens = Object.values(results).reduce((sum, r) => sum + r.usage.inputTokens + r.usage.outputTokens, 0);
    expect(tokens).toBe(100 + 20 + 200 + 30 + 50 + 40 + 400 + 60 + 380 + 25);
  });
});
