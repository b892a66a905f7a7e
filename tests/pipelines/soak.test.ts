import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TEST_API_KEY } from '../support/llm-client.js';
import { reply, startOpenAiServer, type ChatRequestBody, type OpenAiServer } from '../support/openai-server.js';
import { ROOT } from '../support/cli-process.js';
import { useTempDirs } from '../support/temp-dir.js';
import { createRng as seeded } from '../../kernel/prng.js';

/**
 * Soak: many LLM-judged items at concurrency 32 while 10% of replies are 429 and 2% are 500.
 * SOAK_ITEMS scales it (default 2,000 questions; 4 chat calls each before retries).
 */
const ITEMS = Number(process.env.SOAK_ITEMS ?? 2000);
const CORPUS = path.resolve(import.meta.dirname, '../../examples/programming-languages/corpus');

function judge(body: ChatRequestBody) {
  const tool = body.tools?.[0]?.function.name;
  const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  const contexts = (user.match(/<context id="/g) ?? []).length;
  const question = /<question>\n([^\n]*)/.exec(user)?.[1] ?? /<answer>\nAbout ([^:]*):/.exec(user)?.[1] ?? '?';
  switch (tool) {
    case 'give_answer':
      return reply.tool({ answer: `About ${question}: Java.` }, { usage: { promptTokens: 300, completionTokens: 10 } });
    case 'list_statements':
      return reply.tool({ statements: [`${question}: Java.`] }, { usage: { promptTokens: 50, completionTokens: 10 } });
    case 'judge_statements':
      return reply.tool({ verdicts: [{ id: 1, reason: 'r', supported: question.length % 2 === 0 }] }, { usage: { promptTokens: 400, completionTokens: 20 } });
    case 'judge_contexts':
      return reply.tool({ verdicts: Array.from({ length: contexts }, (_, i) => ({ id: i + 1, reason: 'r', useful: i === 0 })) }, { usage: { promptTokens: 500, completionTokens: 30 } });
    default:
      return reply.status(400, { message: `unexpected tool ${tool}` });
  }
}

/** Peak and sampled resident memory of a child process, read from /proc (Linux). */
async function sampleMemory(pid: number, samples: number[]): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    if (Number.isFinite(rss)) samples.push(rss / 1024);
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    return Number.isFinite(hwm) ? hwm / 1024 : null;
  } catch {
    return null;
  }
}

describe(`soak: ${ITEMS} LLM-judged questions, concurrency 32, 10% 429 and 2% 500`, () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  const random = seeded(4242);
  let served = { ok: 0, rateLimited: 0, failed: 0 };
  beforeAll(async () => {
    server = await startOpenAiServer({
      chat: (body) => {
        const draw = random();
        if (draw < 0.1) {
          served.rateLimited++;
          return reply.status(429, { message: 'slow down', retryAfter: '0' });
        }
        if (draw < 0.12) {
          served.failed++;
          return reply.status(500, { message: 'boom' });
        }
        served.ok++;
        return judge(body);
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('finishes, scores or explains every item, keeps memory flat, and its counts add up', { timeout: 1_800_000 }, async () => {
    served = { ok: 0, rateLimited: 0, failed: 0 };
    const dir = tempDir();
    const items = Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, question: `question number ${i} about garbage collection`, references: [{ docId: 'java.md' }] }));
    writeFileSync(path.join(dir, 'testset.jsonl'), `${items.join('\n')}\n`);
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      stringify({
        corpus: { path: CORPUS },
        chunking: { size: 1000, overlap: 0 },
        testSet: { path: './testset.jsonl' },
        k: 2,
        retrievers: [{ name: 'bm25', type: 'bm25' }],
        metrics: ['precision', 'faithfulness', 'context_utilization'],
        llm: { model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', concurrency: 32, maxRetries: 8 },
        history: { path: './history.sqlite' },
      }),
    );
    const out = path.join(dir, 'run');
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rag-eval.js'), 'run', config, '--quiet', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, RAG_EVAL_LLM_BASE_URL: server.baseURL, OPENAI_API_KEY: TEST_API_KEY },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Resident memory sampled with the judge stage's progress (its log size), so the report
    // rendering at the end (one burst) is not mistaken for growth during the long stage.
    const samples: { rss: number; judged: number }[] = [];
    let peak: number | null = null;
    const judgmentsFile = path.join(out, 'judgments.jsonl');
    const poll = setInterval(() => {
      const rss: number[] = [];
      const judged = existsSync(judgmentsFile) ? statSync(judgmentsFile).size : 0;
      void sampleMemory(child.pid!, rss).then((hwm) => {
        if (hwm !== null) peak = hwm;
        if (rss[0] !== undefined) samples.push({ rss: rss[0], judged });
      });
    }, 100);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(poll);
    const seconds = (Date.now() - started) / 1000;
    const errorLines = stderr.split('\n').filter((line) => line.startsWith('error') || line.startsWith('internal'));
    expect(code, errorLines.join('\n')).toBe(0);

    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as {
      configurations: { metrics: Record<string, { scored: number; total: number; nullReasons: Record<string, number> }>; usage: { requests: number; cacheHits: number } }[];
    };
    const configuration = summary.configurations[0]!;
    for (const id of ['faithfulness', 'context_utilization']) {
      const metric = configuration.metrics[id]!;
      const nulls = Object.values(metric.nullReasons).reduce((a, b) => a + b, 0);
      expect(metric.total).toBe(ITEMS);
      expect(metric.scored + nulls).toBe(ITEMS);
    }
    const sent = served.ok + served.rateLimited + served.failed;
    // Every HTTP request the server saw is counted in the report's usage, retries included.
    expect(configuration.usage.requests).toBe(sent);
    const judgments = readFileSync(path.join(out, 'judgments.jsonl'), 'utf8').trim().split('\n');
    expect(judgments).toHaveLength(ITEMS * 2);

    // Memory flat: while the judges run, the resident set late in the stage is not far above early in it.
    const finalSize = statSync(judgmentsFile).size;
    const during = (from: number, to: number) => samples.filter((s) => s.judged > from * finalSize && s.judged <= to * finalSize).map((s) => s.rss);
    const earlySamples = during(0, 0.25);
    const lateSamples = during(0.75, 0.99);
    const early = Math.max(...earlySamples);
    const late = Math.max(...lateSamples);
    console.log(
      `soak: ${ITEMS} questions in ${seconds.toFixed(1)} s; HTTP ${sent} (${served.rateLimited} × 429, ${served.failed} × 500); ` +
        `faithfulness scored ${configuration.metrics.faithfulness!.scored}/${ITEMS}, context_utilization ${configuration.metrics.context_utilization!.scored}/${ITEMS}; ` +
        `RSS while judging: first quarter max ${early.toFixed(0)} MB, last quarter max ${late.toFixed(0)} MB; process peak ${peak === null ? '?' : (peak as number).toFixed(0)} MB (incl. reports)`,
    );
    expect(earlySamples.length).toBeGreaterThan(0);
    expect(lateSamples.length).toBeGreaterThan(0);
    expect(late).toBeLessThan(early * 1.5 + 64);
  });
});
