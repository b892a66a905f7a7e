import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { readRunDirectory } from '../../../../reports/run-directory.js';
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

/** Outputs of "an existing application" for 3 of the 13 questions of the bundled example. */
const IMPORTED = [
  // java and go are relevant (of java, python, javascript, go): P@5 = 2/5, recall 2/4, RR 1
  { id: 'gc', answer: 'About gc: Java and Go collect garbage.', contexts: ['Java has a garbage collector.', 'SQL queries tables.', 'Go has a GC.'], retrievedIds: ['java.md', 'sql.md', 'go.md'] },
  // matched by its question; c-cpp.md at rank 2: P@5 = 1/5, recall 1, RR 1/2
  {
    question: 'manual memory management with pointers',
    answer: 'About manual-memory: C uses pointers.',
    contexts: ['Rust has ownership.', 'C and C++ use pointers.'],
    retrievedIds: ['rust.md', 'c-cpp.md'],
  },
  // no retrievedIds: IR metrics cannot be judged
  { id: 'web-backend', answer: 'About web-backend: PHP.', contexts: ['PHP powers websites.'] },
];

function project(dir: string, overrides: Record<string, unknown>, lines: readonly unknown[] = IMPORTED): string {
  const items = readFileSync(path.join(EXAMPLE, 'testset.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const answers: Record<string, string> = { gc: 'Java, Python, JavaScript and Go collect garbage automatically.', 'manual-memory': 'C and C++ manage memory by hand with pointers.' };
  writeFileSync(path.join(dir, 'testset.jsonl'), items.map((item) => JSON.stringify(answers[item.id as string] ? { ...item, referenceAnswer: answers[item.id as string] } : item)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'app-answers.jsonl'), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  const config = {
    corpus: { path: path.join(EXAMPLE, 'corpus') },
    testSet: { path: './testset.jsonl' },
    relevance: { level: 'document' },
    k: 5,
    answers: { source: 'import', path: './app-answers.jsonl' },
    ...overrides,
  };
  const file = path.join(dir, 'rag-eval.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

function judge(body: ChatRequestBody) {
  const tool = body.tools?.[0]?.function.name;
  const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  const contexts = (user.match(/<context id="/g) ?? []).length;
  const about = /About ([^:]*):/.exec(user)?.[1] ?? /<question>\n([^\n]*)/.exec(user)?.[1] ?? '?';
  switch (tool) {
    case 'list_statements':
      return reply.tool({ statements: [`${about}: one.`, `${about}: two.`] }, { usage: { promptTokens: 80, completionTokens: 20 } });
    case 'judge_statements':
      return reply.tool({ verdicts: [1, 2].map((id) => ({ id, reason: 'r', supported: id === 1 })) }, { usage: { promptTokens: 600, completionTokens: 30 } });
    case 'judge_contexts':
      // useful: the last context only → precision@n at rank n = 1/n
      return reply.tool({ verdicts: Array.from({ length: contexts }, (_, i) => ({ id: i + 1, reason: 'r', useful: i === contexts - 1 })) }, { usage: { promptTokens: 700, completionTokens: 50 } });
    case 'attribute_claims':
      return reply.tool({ claims: [{ claim: 'a', reason: 'r', attributed: true }, { claim: 'b', reason: 'r', attributed: false }] }, { usage: { promptTokens: 650, completionTokens: 40 } });
    default:
      return reply.status(400, { message: `unexpected tool ${tool}` });
  }
}

const toolCounts = (s: OpenAiServer) => {
  const counts: Record<string, number> = {};
  for (const r of s.chatRequests()) {
    const name = (r.body as ChatRequestBody).tools?.[0]?.function.name ?? 'none';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
};

const METRICS = ['precision', 'recall', 'mrr', 'faithfulness', 'context_utilization', 'context_recall', 'reference_context_recall'];
const NO_ANSWER = 'no imported answer for this question';

describe('rag-eval run with imported answers (answers.source: import)', () => {
  it('scores an existing application without retrievers: judge metrics, IR metrics from retrievedIds, nulls with reasons, exact calls and tokens; resumable', async () => {
    server = await startOpenAiServer({ chat: judge });
    const dir = tempDir();
    const file = project(dir, { metrics: METRICS, llm: { model: 'test-model', baseURL: server.baseURL, cache: false, maxRetries: 0, prices: { 'test-model': { input: 1, output: 2 } } } });
    vi.stubEnv('OPENAI_API_KEY', TEST_API_KEY);
    const outDir = path.join(dir, 'out');
    const result = await runCli(['run', file, '--out', outDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`report: ${path.join(outDir, 'report.md')}`);
    expect(result.stdout).toContain(`report: ${path.join(outDir, 'report.html')}`);
    expect(result.stderr).toContain('10 of 13 test questions have no imported answer');

    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
    expect(summary.configurations.map((c) => [c.name, c.type, c.chunking])).toEqual([['imported', 'imported', null]]);
    const c = summary.configurations[0]!;
    const m = c.metrics;
    expect(m.precision).toMatchObject({ mean: expect.closeTo((2 / 5 + 1 / 5) / 2, 12), scored: 2, total: 13, nullReasons: { [NO_ANSWER]: 10, 'the imported line names no retrievedIds': 1 } });
    expect(m.recall).toMatchObject({ mean: expect.closeTo((2 / 4 + 1) / 2, 12), scored: 2 });
    expect(m.mrr).toMatchObject({ mean: expect.closeTo((1 + 1 / 2) / 2, 12), scored: 2 });
    expect(m.faithfulness).toMatchObject({ mean: 0.5, scored: 3, total: 13, nullReasons: { [NO_ANSWER]: 10 } });
    // useful at the last rank only: gc 1/3, manual-memory 1/2, web-backend 1/1
    expect(m.context_utilization).toMatchObject({ mean: expect.closeTo((1 / 3 + 1 / 2 + 1) / 3, 12), scored: 3 });
    expect(m.context_recall).toMatchObject({ mean: 0.5, scored: 2, nullReasons: { [NO_ANSWER]: 10, 'no reference answer': 1 } });
    // imported contexts carry no corpus offsets: null with the reason, never 0
    expect(m.reference_context_recall).toMatchObject({ mean: null, scored: 0, nullReasons: { [NO_ANSWER]: 10, 'the contexts carry no document offsets to match the references against': 3 } });
    expect(c.latency.queryMs.count).toBe(0);

    // 3 answers × (faithfulness 2 + context precision 1) + context recall for the 2 with a reference answer; no answer generated
    expect(toolCounts(server)).toEqual({ list_statements: 3, judge_statements: 3, judge_contexts: 3, attribute_claims: 2 });
    expect(c.usage!.requests).toBe(11);
    expect(c.usage!.inputTokens).toBe(3 * (80 + 600 + 700) + 2 * 650);
    expect(c.usage!.outputTokens).toBe(3 * (20 + 30 + 50) + 2 * 40);
    expect(c.usage!.byMetric.answer).toBeUndefined();
    expect(summary.judges?.answers).toBe('import');

    const scores = readFileSync(path.join(outDir, 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { configuration: string; qid: string; scores: Record<string, unknown> });
    expect(scores).toHaveLength(13);
    expect(scores.find((s) => s.qid === 'gc')!.scores).toMatchObject({ precision: { value: 0.4 }, recall: { value: 0.5 }, faithfulness: { value: 0.5 }, context_recall: { value: 0.5 } });
    expect(scores.find((s) => s.qid === 'web-backend')!.scores.precision).toEqual({ value: null, reason: 'the imported line names no retrievedIds' });
    expect(readFileSync(path.join(outDir, 'trec', 'imported.run'), 'utf8')).toBe(
      ['gc Q0 java.md 1 3 imported', 'gc Q0 sql.md 2 2 imported', 'gc Q0 go.md 3 1 imported', 'manual-memory Q0 rust.md 1 2 imported', 'manual-memory Q0 c-cpp.md 2 1 imported', ''].join('\n'),
    );
    const report = readFileSync(path.join(outDir, 'report.md'), 'utf8');
    expect(report).toContain('| imported (imported answers from ./app-answers.jsonl) | 5 | **0.3000** [0.20, 0.40] (2/13) |');
    expect(report).toContain('| imported | 0 | — | — | — | — | — |');

    const html = readFileSync(path.join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('<blockquote>About gc: Java and Go collect garbage.</blockquote>');
    expect(html).toContain('Cost vs quality');
    // answers.jsonl holds the 3 imported answers; judgments.jsonl 3 answers × 4 judge metrics
    const answersLog = () => readFileSync(path.join(outDir, 'answers.jsonl'), 'utf8').trim().split('\n');
    expect(answersLog()).toHaveLength(3);
    const judgmentsPath = path.join(outDir, 'judgments.jsonl');
    const judgments = readFileSync(judgmentsPath, 'utf8').trim().split('\n');
    expect(judgments).toHaveLength(12);

    // Resume after losing gc's judgments: only gc is judged again (faithfulness 2 + precision 1 + recall 1 = 4 calls), same scores, no duplicate lines.
    writeFileSync(judgmentsPath, `${judgments.filter((l) => (JSON.parse(l) as { qid: string }).qid !== 'gc').join('\n')}\n`);
    const firstScores = readFileSync(path.join(outDir, 'scores.jsonl'), 'utf8');
    const before = server.chatRequests().length;
    const resumed = await runCli(['run', file, '--resume', outDir, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(server.chatRequests().length - before).toBe(4);
    expect(readFileSync(judgmentsPath, 'utf8').trim().split('\n')).toHaveLength(12);
    expect(answersLog()).toHaveLength(3);
    expect(readFileSync(path.join(outDir, 'scores.jsonl'), 'utf8')).toBe(firstScores);
  });

  it('beside a retriever: both configurations in summary, scores and compare; answer metrics null for the retriever', async () => {
    const dir = tempDir();
    const metrics = ['precision', 'mrr', 'reference_context_recall', 'string_context_recall'];
    const file = project(dir, {
      metrics,
      retrievers: [{ name: 'bm25', type: 'bm25' }],
      chunking: { size: 1000, overlap: 0 },
      answers: { source: 'import', path: './app-answers.jsonl', name: 'my-app' },
    });
    const a = path.join(dir, 'a');
    expect((await runCli(['run', file, '--out', a, '--quiet'])).code).toBe(0);
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(a, 'summary.json'), 'utf8')));
    expect(summary.configurations.map((c) => c.name)).toEqual(['bm25', 'my-app']);
    const app = summary.configurations[1]!.metrics;
    expect(app.precision).toMatchObject({ mean: expect.closeTo(0.3, 12), scored: 2, total: 13 });
    // "Java, Python, JavaScript and Go collect garbage automatically." vs the gc contexts; manual-memory's claim is covered by "C and C++ use pointers."
    expect(app.string_context_recall!.total).toBe(13);
    expect(summary.configurations[0]!.metrics.reference_context_recall!.scored).toBe(13);
    const run = readRunDirectory(a);
    expect([...run.scores.keys()]).toEqual(['bm25', 'my-app']);
    const b = path.join(dir, 'b');
    expect((await runCli(['run', file, '--out', b, '--quiet'])).code).toBe(0);
    const compared = await runCli(['compare', a, b, '--json']);
    expect(compared.code).toBe(0);
    const comparison = JSON.parse(compared.stdout) as { configurations: { label: string; metrics: { metricId: string; pairs: number; difference: number | null }[] }[] };
    const mine = comparison.configurations.find((c) => c.label === 'my-app')!;
    expect(mine.metrics.find((m) => m.metricId === 'precision')).toMatchObject({ pairs: 2, difference: 0 });
  });

  it('bad input names the file and line; a retriever-less config without import is refused', async () => {
    const dir = tempDir();
    const unknown = project(dir, { metrics: ['precision'] }, [IMPORTED[0], { question: 'Who won the 1954 World Cup?', answer: 'Germany.', contexts: [] }]);
    const r1 = await runCli(['run', unknown, '--out', path.join(dir, 'o1')]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('app-answers.jsonl:2');
    expect(r1.stderr).toContain('question "Who won the 1954 World Cup?" match no test item');

    const notJson = project(dir, { metrics: ['precision'] }, [IMPORTED[0], IMPORTED[1], '{"id": "web-backend", "answer": ']);
    const r2 = await runCli(['run', notJson, '--out', path.join(dir, 'o2')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/app-answers\.jsonl:3.*not valid JSON/);

    const noRetrievers = project(dir, { metrics: ['precision'], answers: undefined });
    const r3 = await runCli(['run', noRetrievers, '--out', path.join(dir, 'o3')]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('retrievers: expected at least one retriever (or answers: { source: import, path: FILE }');

    const clash = project(dir, { metrics: ['precision'], retrievers: [{ name: 'imported', type: 'bm25' }] });
    const r4 = await runCli(['run', clash, '--out', path.join(dir, 'o4')]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain('answers.name: "imported" is already a retriever name');
  });
});
