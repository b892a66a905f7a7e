import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TEST_API_KEY } from '../../support/llm-client.js';
import { reply, startOpenAiServer, type ChatRequestBody, type OpenAiServer } from '../../support/openai-server.js';
import { runCliAndKill, runCliAndSignal, runCliAsync } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { createRng as seeded } from '../../../kernel/prng.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../examples/programming-languages/corpus');
const LATENCY_MS = 15;

/** Deterministic verdicts derived from the request, so every run of the same work scores the same. */
function judge(body: ChatRequestBody) {
  const tool = body.tools?.[0]?.function.name;
  const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  const contexts = (user.match(/<context id="/g) ?? []).length;
  const question = /<question>\n([^\n]*)/.exec(user)?.[1] ?? /<answer>\nAbout ([^:]*):/.exec(user)?.[1] ?? '?';
  const odd = question.length % 2 === 1;
  switch (tool) {
    case 'give_answer':
      return reply.tool({ answer: `About ${question}: several languages.` });
    case 'list_statements':
      return reply.tool({ statements: [`${question}: one.`, `${question}: two.`] });
    case 'judge_statements':
      return reply.tool({ verdicts: [1, 2].map((id) => ({ id, reason: 'r', supported: id === 1 || odd })) });
    case 'give_question':
      return { choices: Array.from({ length: body.n ?? 1 }, () => ({ toolArguments: { question, noncommittal: false } })) };
    case 'judge_contexts':
      return reply.tool({ verdicts: Array.from({ length: contexts }, (_, i) => ({ id: i + 1, reason: 'r', useful: (i + question.length) % 3 === 0 })) });
    default:
      return reply.status(400, { message: `unexpected tool ${tool}` });
  }
}

/** One project per trial: its own LLM cache, so nothing is shared between trials. */
function makeProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const topics = ['garbage collection', 'web backend', 'pointers', 'mobile apps', 'concurrency', 'databases', 'browsers', 'games', 'functional', 'jvm'];
  const items = Array.from({ length: 40 }, (_, i) => ({
    id: `q${i}`,
    question: `question ${i} about ${topics[i % topics.length]}`,
    references: [{ docId: ['java.md', 'go.md', 'c-cpp.md', 'kotlin.md'][i % 4] }],
  }));
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
  const config = {
    corpus: { path: CORPUS },
    chunking: { size: 1000, overlap: 0 },
    testSet: { path: './testset.jsonl' },
    relevance: { level: 'document' },
    k: 4,
    retrievers: [
      { name: 'bm25', type: 'bm25' },
      { name: 'bm25-plain', type: 'bm25', bm25: { stemming: false, stopWords: false } },
    ],
    metrics: ['precision', 'mrr', 'faithfulness', 'answer_relevance', 'context_utilization'],
    llm: { model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', concurrency: 8 },
    judges: { embedder: { provider: 'openai', model: 'test-embed' } },
    history: { path: './history.sqlite' },
  };
  const file = path.join(dir, 'rag-eval.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

function scores(runDir: string): string[] {
  return lines(path.join(runDir, 'scores.jsonl')).sort();
}

function keysOf(file: string, key: (row: Record<string, unknown>) => string): string[] {
  return lines(file).map((line) => key(JSON.parse(line) as Record<string, unknown>));
}

function logBytes(runDir: string): number {
  return ['answers.jsonl', 'judgments.jsonl'].reduce((sum, name) => sum + (existsSync(path.join(runDir, name)) ? statSync(path.join(runDir, name)).size : 0), 0);
}

describe('kill -9 during the answer and judge stages, then --resume', () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  /** Every chat request as received, by identity. */
  let received: { key: string }[] = [];

  /** While set, every chat request after the first `after` is held until `open` resolves. */
  let gate: { after: number; seen: number; held: number; open: Promise<void>; release: () => void } | undefined;

  beforeAll(async () => {
    server = await startOpenAiServer({
      latencyMs: LATENCY_MS,
      chat: async (body) => {
        received.push({ key: JSON.stringify([body.messages, body.tools?.[0]?.function.name, body.seed, body.n]) });
        if (gate && ++gate.seen > gate.after) {
          gate.held += 1;
          await gate.open;
        }
        return judge(body);
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps every finished answer and verdict, repeats no finished request, duplicates no row (10 trials)', { timeout: 1_800_000 }, async () => {
    const env = { RAG_EVAL_LLM_BASE_URL: server.baseURL, RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL, OPENAI_API_KEY: TEST_API_KEY };
    const root = tempDir();
    const referenceConfig = makeProject(path.join(root, 'reference'));
    const reference = path.join(root, 'reference', 'run');
    const first = await runCliAsync(['run', referenceConfig, '--quiet', '--out', reference], env);
    expect(first.code, first.stderr).toBe(0);
    const expected = scores(reference);
    expect(expected).toHaveLength(80);
    const fullBytes = logBytes(reference);
    const requestsPerRun = received.length;
    // Per sample: answer, 2 × faithfulness, relevance, precision; identical requests (two retrievers
    // returning the same contexts) are sent once, so the count is below 80 × 5.
    expect(requestsPerRun).toBeGreaterThan(200);

    const random = seeded(99);
    let killedInStage = 0;
    for (let trial = 0; trial < 10; trial++) {
      received = [];
      const config = makeProject(path.join(root, `trial-${trial}`));
      const runDir = path.join(root, `trial-${trial}`, 'run');
      const target = Math.floor(random() * fullBytes);
      const killed = await runCliAndKill(['run', config, '--quiet', '--out', runDir], {
        ready: () => existsSync(path.join(runDir, 'run-state.json')) && existsSync(path.join(runDir, 'answers.jsonl')) && logBytes(runDir) >= target,
        afterMs: 0,
        env,
      });
      if (killed.killed) killedInStage++;
      const finish = killed.killed ? await runCliAsync(['run', config, '--quiet', '--resume', runDir], env) : { code: 0, stderr: '' };
      expect(finish.code, finish.stderr).toBe(0);

      expect(scores(runDir)).toEqual(expected);
      const answerKeys = keysOf(path.join(runDir, 'answers.jsonl'), (r) => `${String(r.configuration)} ${String(r.qid)}`);
      const judgmentKeys = keysOf(path.join(runDir, 'judgments.jsonl'), (r) => `${String(r.configuration)} ${String(r.qid)} ${String(r.metric)}`);
      expect(answerKeys).toHaveLength(80);
      expect(new Set(answerKeys).size).toBe(80);
      expect(judgmentKeys).toHaveLength(240);
      expect(new Set(judgmentKeys).size).toBe(240);

      // A request may be sent again only if its first copy was still in flight (not yet in the
      // response cache) when the process died. The client holds at most llm.concurrency (8)
      // requests open, so at most 8 keys can repeat, each once: counted, not timed.
      const sends = new Map<string, number>();
      for (const { key } of received) sends.set(key, (sends.get(key) ?? 0) + 1);
      const repeated = [...sends.values()].filter((count) => count > 1);
      expect(repeated.length, `requests sent again after the kill (trial ${trial})`).toBeLessThanOrEqual(8);
      expect(Math.max(1, ...repeated), `a request sent more than twice (trial ${trial})`).toBeLessThanOrEqual(2);
      expect(received.length).toBeLessThanOrEqual(requestsPerRun + 16);
    }
    expect(killedInStage).toBeGreaterThanOrEqual(8);
  });

  it('Ctrl-C while judges are in flight stops after them; a second Ctrl-C exits at once; both resume cleanly', { timeout: 600_000 }, async () => {
    const env = { RAG_EVAL_LLM_BASE_URL: server.baseURL, RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL, OPENAI_API_KEY: TEST_API_KEY };
    const root = tempDir();
    for (const name of ['once', 'twice'] as const) {
      const config = makeProject(path.join(root, name));
      const runDir = path.join(root, name, 'run');
      const answered = () => existsSync(path.join(runDir, 'answers.jsonl')) && statSync(path.join(runDir, 'answers.jsonl')).size > 0;
      let release = () => {};
      if (name === 'twice') {
        // Requests after the first 20 are held, so the run cannot finish its batch between the two
        // Ctrl-Cs: the second is sent once the first is acknowledged, and must end the run at once.
        const open = new Promise<void>((resolve) => (release = resolve));
        gate = { after: 20, seen: 0, held: 0, open, release };
      }
      const stopped = await runCliAndSignal(['run', config, '--out', runDir], {
        ready: name === 'twice' ? () => gate!.held > 0 : answered,
        afterMs: 0,
        signal: 'SIGINT',
        ...(name === 'twice' ? { againWhen: (stderr: string) => stderr.includes('SIGINT: finishing the current batch') } : {}),
        env,
      });
      gate = undefined;
      release();
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toContain('SIGINT: finishing the current batch, then stopping');
      if (name === 'twice') expect(stopped.stderr).toContain('SIGINT again: exiting now; the run directory can still be resumed');
      else expect(stopped.stderr).toContain(`Resume with: rag-eval run ${config} --resume ${runDir}`);
      const resumed = await runCliAsync(['run', config, '--quiet', '--resume', runDir], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const judgmentKeys = keysOf(path.join(runDir, 'judgments.jsonl'), (r) => `${String(r.configuration)} ${String(r.qid)} ${String(r.metric)}`);
      expect(new Set(judgmentKeys).size).toBe(240);
      expect(judgmentKeys).toHaveLength(240);
    }
  });
});
