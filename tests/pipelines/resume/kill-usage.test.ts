import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TEST_API_KEY } from '../../support/llm-client.js';
import { reply, startOpenAiServer, type ChatRequestBody, type OpenAiServer, type ScriptedReply } from '../../support/openai-server.js';
import { runCliAndKill, runCliAsync } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { RunSummary } from '../../../reports/summary-schema.js';

const CONCURRENCY = 8;
const USAGE = { promptTokens: 100, completionTokens: 7 };

/** Every reply carries the same token counts, so the expected totals are exact. */
function answer(body: ChatRequestBody): ScriptedReply {
  const tool = body.tools?.[0]?.function.name;
  const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  const question = /<question>\n([^\n]*)/.exec(user)?.[1] ?? /<answer>\nAbout ([^:]*):/.exec(user)?.[1] ?? '?';
  switch (tool) {
    case 'give_answer':
      return reply.tool({ answer: `About ${question}: several languages.` }, { usage: USAGE });
    case 'list_statements':
      return reply.tool({ statements: [`${question}: one.`, `${question}: two.`] }, { usage: USAGE });
    case 'judge_statements':
      return reply.tool({ verdicts: [1, 2].map((id) => ({ id, reason: 'r', supported: id === 1 })) }, { usage: USAGE });
    default:
      return reply.status(400, { message: `unexpected tool ${tool}` });
  }
}

function makeProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const corpus = path.join(dir, 'corpus');
  mkdirSync(corpus);
  for (let d = 0; d < 4; d++) writeFileSync(path.join(corpus, `doc${d}.md`), `# Document ${d}\n\nTopic ${d} is about subject ${d} and nothing else.\n`);
  const items = Array.from({ length: 40 }, (_, i) => ({ id: `q${i}`, question: `question ${i} about subject ${i % 4}`, references: [{ docId: `doc${i % 4}.md` }] }));
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
  const config = {
    corpus: { path: './corpus' },
    testSet: { path: './testset.jsonl' },
    relevance: { level: 'document' },
    k: 2,
    retrievers: [{ name: 'bm25', type: 'bm25' }],
    metrics: ['mrr', 'faithfulness'],
    llm: { model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', concurrency: CONCURRENCY, prices: { 'test-model': { input: 1, output: 2 } } },
  };
  const file = path.join(dir, 'rag-eval.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

describe('usage after kill -9 with LLM requests in flight, then --resume', () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  /** Requests the server holds without replying (attempt 1's verdict requests), released after the kill. */
  const held: ((reply: ScriptedReply) => void)[] = [];
  const heldKeys: string[] = [];
  let holdVerdicts = true;

  beforeAll(async () => {
    server = await startOpenAiServer({
      chat: (body) => {
        if (holdVerdicts && body.tools?.[0]?.function.name === 'judge_statements') {
          heldKeys.push(JSON.stringify(body.messages));
          return new Promise<ScriptedReply>((resolve) => held.push(resolve));
        }
        return answer(body);
      },
    });
  });
  afterAll(async () => {
    for (const release of held) release({ resetConnection: true });
    await server.close();
  });

  it('the resumed summary counts every request the server received, the ones lost in flight apart with unknown tokens', async () => {
    const env = { RAG_EVAL_LLM_BASE_URL: server.baseURL, OPENAI_API_KEY: TEST_API_KEY };
    const dir = tempDir();
    const config = makeProject(dir);
    const runDir = path.join(dir, 'run');

    // Every verdict request is held: answers and statement lists complete, then the client's
    // CONCURRENCY slots fill with held verdict requests and nothing more can be sent. The kill
    // comes once the server holds all of them: exactly CONCURRENCY requests are in flight.
    const killed = await runCliAndKill(['run', config, '--quiet', '--out', runDir], { ready: () => held.length >= CONCURRENCY, afterMs: 0, env });
    expect(killed.killed).toBe(true);
    expect(held).toHaveLength(CONCURRENCY);
    const firstAttempt = server.chatRequests().length;
    holdVerdicts = false;
    for (const release of held) release({ resetConnection: true });

    const resumed = await runCliAsync(['run', config, '--quiet', '--resume', runDir], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const received = server.chatRequests();
    // The verdicts lost in flight were asked again: each held request reached the server twice.
    const resent = received.slice(firstAttempt).map((r) => JSON.stringify((r.body as ChatRequestBody).messages));
    for (const key of heldKeys) expect(resent).toContain(key);

    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')));
    const replied = received.length - CONCURRENCY;
    expect(summary.llmUsage).toEqual({
      attempts: 2,
      requests: received.length,
      failed: 0,
      inputTokens: replied * USAGE.promptTokens,
      outputTokens: replied * USAGE.completionTokens,
      costUsd: (replied * USAGE.promptTokens * 1 + replied * USAGE.completionTokens * 2) / 1_000_000,
      inFlightAtCrash: {
        requests: CONCURRENCY,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
        reason:
          `${CONCURRENCY} requests were in flight when an earlier attempt ended abruptly (crash, kill -9, a second Ctrl-C): ` +
          'the endpoint received them and may charge for them, but the reply was lost, so tokens and cost are unknown ' +
          '(not in inputTokens, outputTokens or costUsd)',
      },
    });
    // The configuration counts only the requests behind its logged results; the run total is larger.
    const counted = summary.configurations[0]!.usage!;
    expect(counted.requests).toBeLessThanOrEqual(received.length - CONCURRENCY);
    expect(existsSync(path.join(runDir, 'llm-requests.jsonl'))).toBe(true);
    expect(readFileSync(path.join(runDir, 'report.md'), 'utf8')).toContain(
      `${received.length} requests were sent to the LLM endpoint over 2 attempts`,
    );
  });
});

describe('embedding requests in flight at a kill -9 during dense indexing, then --resume', () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  const held: (() => void)[] = [];
  let holdAfter = Number.POSITIVE_INFINITY;
  let seen = 0;
  let repliedTokens = 0;

  beforeAll(async () => {
    server = await startOpenAiServer({
      beforeEmbeddingsReply: (texts) => {
        seen += 1;
        if (seen > holdAfter) return new Promise<void>((resolve) => held.push(resolve));
        // The server's own token count (tests/support/openai-server.ts: ceil(characters / 4) per text).
        repliedTokens += texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
      },
    });
  });
  afterAll(async () => {
    for (const release of held) release();
    await server.close();
  });

  it('the resumed summary counts every embedding request the server received, the lost one apart', async () => {
    const env = { RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL, OPENAI_API_KEY: TEST_API_KEY };
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'), { recursive: true });
    for (let d = 0; d < 24; d++) writeFileSync(path.join(dir, 'corpus', `doc${String(d).padStart(2, '0')}.md`), `Document ${d} tells about subject ${d}.\n`);
    const items = Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, question: `subject ${i}`, references: [{ docId: `doc0${i}.md` }] }));
    writeFileSync(path.join(dir, 'testset.jsonl'), `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      stringify({
        corpus: { path: './corpus' },
        testSet: { path: './testset.jsonl' },
        relevance: { level: 'document' },
        k: 3,
        retrievers: [{ name: 'dense', type: 'dense', embedder: { provider: 'openai', model: 'test-embed', batchSize: 4 } }],
        metrics: ['mrr'],
      }),
    );
    const runDir = path.join(dir, 'run');
    // Indexing embeds one batch of 4 chunks at a time and waits for it: once the third request is
    // held, nothing more can be sent, so exactly one request is in flight when the kill comes.
    holdAfter = 2;
    const killed = await runCliAndKill(['run', config, '--quiet', '--out', runDir], { ready: () => held.length >= 1, afterMs: 0, env });
    expect(killed.killed).toBe(true);
    expect(held).toHaveLength(1);
    expect(seen).toBe(3);
    holdAfter = Number.POSITIVE_INFINITY;

    const resumed = await runCliAsync(['run', config, '--quiet', '--resume', runDir], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const received = server.requests.filter((r) => r.path === '/v1/embeddings').length;
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')));
    expect(summary.embeddingRequests).toEqual([
      {
        model: 'test-embed',
        attempts: 2,
        requests: received,
        failed: 0,
        inputTokens: repliedTokens,
        inFlightAtCrash: {
          requests: 1,
          inputTokens: null,
          reason:
            '1 request was in flight when an earlier attempt ended abruptly (crash, kill -9, a second Ctrl-C): ' +
            'the endpoint received it and may charge for it, but the reply was lost, so tokens and cost are unknown (not in inputTokens)',
        },
      },
    ]);
    // The configuration's own count is this attempt's requests only.
    expect(summary.configurations[0]!.embeddingCost!.requests).toBe(received - 3);
  });
});
