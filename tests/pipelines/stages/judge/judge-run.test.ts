import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { RunSummary } from '../../../../reports/summary-schema.js';
import { runCli } from '../../cli/run-cli.js';
import { TEST_API_KEY } from '../../../support/llm-client.js';
import { reply, startOpenAiServer, type ChatRequestBody, type OpenAiServer } from '../../../support/openai-server.js';
import { useTempDirs } from '../../../support/temp-dir.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../examples/programming-languages');
const tempDir = useTempDirs();
let server: OpenAiServer | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

/** The bundled example with reference answers on two questions and the given config changes. */
function exampleIn(dir: string, overrides: Record<string, unknown>): string {
  const items = readFileSync(path.join(EXAMPLE, 'testset.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const answers: Record<string, string> = { gc: 'Java, Python, JavaScript and Go collect garbage automatically.', 'manual-memory': 'C and C++ manage memory by hand with pointers.' };
  writeFileSync(path.join(dir, 'testset.jsonl'), items.map((item) => JSON.stringify(answers[item.id as string] ? { ...item, referenceAnswer: answers[item.id as string] } : item)).join('\n') + '\n');
  const config = {
    corpus: { path: path.join(EXAMPLE, 'corpus') },
    chunking: { size: 1000, overlap: 0 },
    testSet: { path: './testset.jsonl' },
    relevance: { level: 'document' },
    k: 5,
    retrievers: [{ name: 'bm25', type: 'bm25' }],
    output: { dir: './runs' },
    ...overrides,
  };
  const file = path.join(dir, 'rag-eval.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/** A scripted judge: fixed verdicts and token counts per tool. */
function scriptedJudge(body: ChatRequestBody) {
  const tool = body.tools?.[0]?.function.name;
  const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  const contexts = (user.match(/<context id="/g) ?? []).length;
  // Answers and statements name the question, so no two questions send identical judge requests
  // (the LLM layer would merge those into one).
  const question = /<question>\n([^\n]*)/.exec(user)?.[1] ?? /<answer>\nAbout ([^:]*):/.exec(user)?.[1] ?? '?';
  switch (tool) {
    case 'give_answer':
      return reply.tool({ answer: `About ${question}: several languages.` }, { usage: { promptTokens: 500, completionTokens: 10 } });
    case 'list_statements':
      return reply.tool({ statements: [`${question}: Java.`, `${question}: Go.`] }, { usage: { promptTokens: 80, completionTokens: 20 } });
    case 'judge_statements':
      return reply.tool({ verdicts: [1, 2].map((id) => ({ id, reason: 'r', supported: id === 1 })) }, { usage: { promptTokens: 600, completionTokens: 30 } });
    case 'give_question':
      return {
        choices: Array.from({ length: body.n ?? 1 }, () => ({
          toolArguments: { question: 'Which languages collect garbage?', noncommittal: false },
        })),
        usage: { promptTokens: 60, completionTokens: 45 },
      };
    case 'judge_contexts':
      return reply.tool({ verdicts: Array.from({ length: contexts }, (_, i) => ({ id: i + 1, reason: 'r', useful: i === 0 })) }, { usage: { promptTokens: 700, completionTokens: 50 } });
    case 'attribute_claims':
      return reply.tool({ claims: [{ claim: 'a', reason: 'r', attributed: true }, { claim: 'b', reason: 'r', attributed: false }] }, { usage: { promptTokens: 650, completionTokens: 40 } });
    default:
      return reply.status(400, { message: `unexpected tool ${tool}` });
  }
}

const LLM_METRICS = ['faithfulness', 'answer_relevance', 'context_precision', 'context_utilization', 'context_recall'];
const OFFLINE_METRICS = ['reference_context_precision', 'reference_context_recall', 'string_context_recall'];

describe('rag-eval run with judge metrics on the bundled example', () => {
  it('scores all four LLM metrics through the loopback endpoint (env override), ≤ 5 judge calls per question at K = 5, cost in summary and report', async () => {
    server = await startOpenAiServer({ chat: scriptedJudge });
    const dir = tempDir();
    const file = exampleIn(dir, {
      metrics: ['precision', 'mrr', ...LLM_METRICS, ...OFFLINE_METRICS, 'answer_similarity'],
      llm: { model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', cache: false, prices: { 'test-model': { input: 1, output: 2 } } },
      judges: { embedder: { provider: 'openai', model: 'test-embed', cache: false } },
    });
    vi.stubEnv('RAG_EVAL_LLM_BASE_URL', server.baseURL);
    vi.stubEnv('RAG_EVAL_EMBEDDINGS_BASE_URL', server.baseURL);
    vi.stubEnv('OPENAI_API_KEY', TEST_API_KEY);
    const outDir = path.join(dir, 'out');
    const result = await runCli(['run', file, '--out', outDir, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
    const bm25 = summary.configurations[0]!;
    const m = bm25.metrics;
    expect(m.faithfulness).toMatchObject({ mean: 0.5, scored: 13, total: 13 });
    expect(m.answer_relevance!.scored).toBe(13);
    // one useful chunk at rank 1 of 5 → 1; context_precision needs a reference answer (2 items), context_utilization the answer
    expect(m.context_precision).toMatchObject({ mean: 1, scored: 2, total: 13, nullReasons: { 'no reference answer': 11 } });
    expect(m.context_utilization).toMatchObject({ mean: 1, scored: 13, total: 13 });
    expect(m.context_recall).toMatchObject({ mean: 0.5, scored: 2, total: 13, nullReasons: { 'no reference answer': 11 } });
    expect(m.answer_similarity).toMatchObject({ scored: 2, total: 13 });
    expect(m.reference_context_recall!.scored).toBe(13);
    expect(m.string_context_recall!.scored).toBe(2);

    // 13 questions × (1 answer + faithfulness 2 + relevance 1 + utilization 1) + context recall and precision for the 2 questions with a reference answer
    const chats = server.chatRequests();
    const counts = Object.fromEntries(
      ['give_answer', 'list_statements', 'judge_statements', 'give_question', 'judge_contexts', 'attribute_claims'].map((n) => [
        n,
        chats.filter((r) => (r.body as ChatRequestBody).tools?.[0]?.function.name === n).length,
      ]),
    );
    expect(counts).toEqual({ give_answer: 13, list_statements: 13, judge_statements: 13, give_question: 13, judge_contexts: 15, attribute_claims: 2 });
    expect(chats).toHaveLength(69);
    expect(chats.every((r) => (r.body as ChatRequestBody).model === 'test-model')).toBe(true);

    const usage = bm25.usage!;
    const tokens = { answer: 13 * 510, faithfulness: 13 * (80 + 20 + 600 + 30), answer_relevance: 13 * 105, context_precision: 2 * 750, context_utilization: 13 * 750, context_recall: 2 * 690 };
    expect(Object.fromEntries(Object.entries(usage.byMetric).map(([id, u]) => [id, u.inputTokens + u.outputTokens]))).toEqual(tokens);
    expect(Object.fromEntries(Object.entries(usage.byMetric).map(([id, u]) => [id, u.requests]))).toEqual({
      answer: 13,
      faithfulness: 26,
      answer_relevance: 13,
      context_precision: 2,
      context_utilization: 13,
      context_recall: 2,
    });
    expect(usage.requests).toBe(69);
    expect(usage.perQuestion.requests).toBeCloseTo(69 / 13, 12);
    expect(usage.inputTokens).toBe(13 * (500 + 80 + 600 + 60 + 700) + 2 * 650 + 2 * 700);
    expect(usage.outputTokens).toBe(13 * (10 + 20 + 30 + 45 + 50) + 2 * 40 + 2 * 50);
    expect(usage.costUsd).toBeCloseTo((usage.inputTokens + 2 * usage.outputTokens) / 1e6, 12);
    expect(summary.judges).toEqual({
      model: 'test-model',
      samples: 1,
      prompts: { 'faithfulness-statements': '1', 'faithfulness-verdicts': '1', 'answer-relevance': '2', 'context-precision': '2', 'context-utilization': '1', 'context-recall': '1', answer: '1' },
      answers: 'generate',
    });

    const report = readFileSync(path.join(outDir, 'report.md'), 'utf8');
    expect(report).toContain('## Answer quality (judges)');
    // faithfulness per question: 2 calls, 680 + 50 tokens, (680 × $1 + 50 × $2) / 1e6
    // every faithfulness score is 0.5: no zero-width "interval" is printed (summary.json says why in ciNote)
    expect(report).toContain('| bm25 | Faithfulness | 0.5000 (13/13) | — | 2.00 calls, 730 tokens, $0.00078 |');
    expect(report).toMatch(/Ctx recall .*\(2\/13\) \| no reference answer × 11/);
    expect(report).toContain('### LLM cost');
    const scores = readFileSync(path.join(outDir, 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { qid: string; scores: Record<string, unknown> });
    expect(scores.find((s) => s.qid === 'gc')!.scores.context_recall).toEqual({ value: 0.5 });
    const judgments = readFileSync(path.join(outDir, 'judgments.jsonl'), 'utf8').trim().split('\n');
    expect(judgments).toHaveLength(13 * 9);
    expect(readFileSync(path.join(outDir, 'answers.jsonl'), 'utf8').trim().split('\n')).toHaveLength(13);
  });

  it('--dry-run estimates the judge calls and cost without sending a request', async () => {
    const dir = tempDir();
    const file = exampleIn(dir, { metrics: ['precision', ...LLM_METRICS], llm: { model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', prices: { 'test-model': { input: 1, output: 2 } } } });
    const result = await runCli(['run', file, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { llmCalls: number; estimatedCostUsd: number; lines: string[] };
    // 13 × (answer 1 + faithfulness 2 + relevance 1 + utilization 1) + recall and precision for the 2 items with a reference answer
    expect(plan.llmCalls).toBe(69);
    expect(plan.estimatedCostUsd).toBeGreaterThan(0);
    expect(plan.lines.join('\n')).toContain('69 LLM calls to test-model');
    const twice = JSON.parse((await runCli(['run', file, '--dry-run', '--json', '--judge-samples', '2'])).stdout) as { llmCalls: number };
    expect(twice.llmCalls).toBe(13 + 2 * (13 * 4 + 4));
  });

  it('--judge-samples 3 repeats each LLM judgment with seeds and reports the spread', async () => {
    server = await startOpenAiServer({
      chat: (body) => {
        if (body.tools?.[0]?.function.name !== 'judge_contexts') return scriptedJudge(body);
        // The judge changes its mind with the seed: rank 1 useful (seed 100), rank 2 (101), rank 5 (102).
        const usefulAt = { 100: 0, 101: 1, 102: 4 }[body.seed ?? 0] ?? 2;
        return reply.tool({ verdicts: Array.from({ length: 5 }, (_, i) => ({ id: i + 1, reason: 'r', useful: i === usefulAt })) });
      },
    });
    const dir = tempDir();
    const file = exampleIn(dir, { metrics: ['context_utilization'], llm: { model: 'test-model', baseURL: server.baseURL, cache: false, seed: 100 } });
    vi.stubEnv('OPENAI_API_KEY', TEST_API_KEY);
    const outDir = path.join(dir, 'out');
    const result = await runCli(['run', file, '--out', outDir, '--quiet', '--judge-samples', '3']);
    expect(result.code).toBe(0);
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
    const metric = summary.configurations[0]!.metrics.context_utilization!;
    // each question: mean(1, 1/2, 1/5) = 17/30, spread 1 − 1/5
    expect(metric.mean).toBeCloseTo(17 / 30, 12);
    expect(metric.judgeNoise).toEqual({ samples: 3, questions: 13, meanSpread: expect.closeTo(0.8, 12), maxSpread: expect.closeTo(0.8, 12) });
    const seeds = server.chatRequests().map((r) => (r.body as ChatRequestBody).seed);
    expect(new Set(seeds)).toEqual(new Set([100, 101, 102]));
    expect(readFileSync(path.join(outDir, 'report.md'), 'utf8')).toContain('### Judge noise');
    expect((await runCli(['run', file, '--judge-samples', '0'])).code).toBe(2);
  });

  it('runs the non-LLM variants with no endpoint configured; LLM metrics without llm are a config error', async () => {
    const dir = tempDir();
    const file = exampleIn(dir, { metrics: ['precision', ...OFFLINE_METRICS] });
    const outDir = path.join(dir, 'out');
    const result = await runCli(['run', file, '--out', outDir, '--quiet']);
    expect(result.code).toBe(0);
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
    const m = summary.configurations[0]!.metrics;
    expect(m.reference_context_recall!.scored).toBe(13);
    expect(m.string_context_recall).toMatchObject({ scored: 2, total: 13, nullReasons: { 'no reference answer': 11 } });
    expect(summary.configurations[0]!.usage).toBeUndefined();

    const bad = exampleIn(dir, { metrics: ['faithfulness'] });
    const failed = await runCli(['run', bad, '--out', path.join(dir, 'out2')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('metrics: faithfulness call an LLM judge; add an llm section');
  });
});
