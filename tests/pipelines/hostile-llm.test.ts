import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { reply, startOpenAiServer, type ChatRequestBody, type OpenAiServer } from '../support/openai-server.js';
import { runCliAsync } from '../support/cli-process.js';
import { useTempDirs } from '../support/temp-dir.js';

const CORPUS = path.resolve(import.meta.dirname, '../../examples/programming-languages/corpus');
/** Recognisable, so a leak anywhere is found by a plain search. */
const FAKE_KEY = 'sk-rag-eval-FAKE-KEY-d41d8cd98f00b204e980';
const LONG_QUESTION = `what about ${'very '.repeat(400)}long questions`;

function judge(body: ChatRequestBody) {
  const tool = body.tools?.[0]?.function.name;
  const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  if (user.includes('very very very')) return reply.status(400, { code: 'context_length_exceeded', message: "This model's maximum context length is 128 tokens." });
  const contexts = (user.match(/<context id="/g) ?? []).length;
  switch (tool) {
    case 'give_answer':
      return reply.tool({ answer: 'Java and Go.' });
    case 'list_statements':
      return reply.tool({ statements: ['Java collects garbage.'] });
    case 'judge_statements':
      return reply.tool({ verdicts: [{ id: 1, reason: 'r', supported: true }] });
    case 'judge_contexts':
      return reply.tool({ verdicts: Array.from({ length: contexts }, (_, i) => ({ id: i + 1, reason: 'r', useful: i === 0 })) });
    default:
      return reply.status(400, { message: `unexpected tool ${tool}` });
  }
}

function project(dir: string, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  const items = [
    { id: 'gc', question: 'auto garbage collection', references: [{ docId: 'java.md' }] },
    { id: 'long', question: LONG_QUESTION, references: [{ docId: 'go.md' }] },
    { id: 'web', question: 'web backend', references: [{ docId: 'php.md' }] },
  ];
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
  const file = path.join(dir, 'rag-eval.yaml');
  writeFileSync(
    file,
    stringify({
      corpus: { path: CORPUS },
      chunking: { size: 1000, overlap: 0 },
      testSet: { path: './testset.jsonl' },
      k: 2,
      retrievers: [{ name: 'bm25', type: 'bm25' }],
      metrics: ['precision', 'faithfulness', 'context_precision'],
      llm: { model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'MY_LLM_KEY' },
      history: { path: './history.sqlite' },
      ...extra,
    }),
  );
  return file;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? allFiles(full) : entry.isFile() ? [full] : [];
  });
}

describe('LLM failures and secrets in a full run', () => {
  const tempDir = useTempDirs();
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ chat: judge, apiKey: FAKE_KEY, models: ['test-model'] });
  });
  afterAll(async () => {
    await server.close();
  });
  const env = () => ({ RAG_EVAL_LLM_BASE_URL: server.baseURL, MY_LLM_KEY: FAKE_KEY });

  it('an item past the context window is null with the reason; the run goes on; the key is written nowhere', async () => {
    const dir = tempDir();
    const config = project(dir);
    const out = path.join(dir, 'run');
    const result = await runCliAsync(['run', config, '--quiet', '--out', out], env());
    expect(result.code, result.stderr).toBe(0);
    type Metric = { mean: number | null; scored: number; total: number; nullReasons: Record<string, number> };
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { configurations: { metrics: Record<string, Metric> }[] };
    const faithfulness = summary.configurations[0]!.metrics.faithfulness!;
    expect(faithfulness.scored).toBe(2);
    expect(faithfulness.total).toBe(3);
    const reasons = Object.keys(faithfulness.nullReasons);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain("the prompt is longer than test-model's context window");

    // Secrets are never data: search every file the run wrote (run directory, caches, history).
    const written = allFiles(dir);
    expect(written.some((f) => f.endsWith('cache.sqlite'))).toBe(true);
    expect(written.some((f) => f.endsWith('history.sqlite'))).toBe(true);
    for (const file of written) expect(readFileSync(file).includes(FAKE_KEY), file).toBe(false);
    expect(result.stdout.includes(FAKE_KEY) || result.stderr.includes(FAKE_KEY)).toBe(false);
  });

  it('a missing key, a rejected key and an unknown model stop with exit 3 or 2 and a message that says what to fix', async () => {
    const dir = tempDir();
    const config = project(dir);
    const missing = await runCliAsync(['run', config, '--out', path.join(dir, 'a')], { RAG_EVAL_LLM_BASE_URL: server.baseURL, MY_LLM_KEY: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('MY_LLM_KEY');
    const rejected = await runCliAsync(['run', config, '--out', path.join(dir, 'b')], { RAG_EVAL_LLM_BASE_URL: server.baseURL, MY_LLM_KEY: 'sk-wrong' });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toContain(`the API key in MY_LLM_KEY was rejected by ${server.host}`);
    expect(rejected.stderr.includes('sk-wrong')).toBe(false);
    const unknown = await runCliAsync(['run', config, '--out', path.join(dir, 'c')], { ...env(), RAG_EVAL_LLM_MODEL: 'gpt-x' });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain(`model gpt-x not found at ${server.baseURL}`);
  });

  it('a corrupted response cache is set aside with a warning and rebuilt; the run goes on', async () => {
    const dir = tempDir();
    const config = project(dir);
    mkdirSync(path.join(dir, '.rag-eval'), { recursive: true });
    writeFileSync(path.join(dir, '.rag-eval', 'cache.sqlite'), 'this is not a database '.repeat(100));
    const result = await runCliAsync(['run', config, '--quiet', '--out', path.join(dir, 'run')], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/cache\.sqlite.*(corrupt|not a database)/i);
    expect(readdirSync(path.join(dir, '.rag-eval')).some((name) => name.startsWith('cache.sqlite.corrupt'))).toBe(true);
  });

  // A real full disk: a 256 KiB tmpfs, nearly filled. Mounting needs root (CI runs as root).
  const canMount = process.getuid?.() === 0 && process.platform === 'linux';
  if (!canMount) console.log('skipped: the disk-full test mounts a small tmpfs, which needs root on Linux');
  it.skipIf(!canMount)('a full disk stops the run with a clear message; after freeing space it resumes to the same scores', async () => {
    const dir = tempDir();
    const config = project(dir);
    const reference = await runCliAsync(['run', config, '--quiet', '--out', path.join(dir, 'reference')], env());
    expect(reference.code, reference.stderr).toBe(0);
    const mountPoint = path.join(dir, 'small-disk');
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]);
    try {
      // Leave 12 KiB: room for the run state and the first logs, not for the whole run.
      writeFileSync(path.join(mountPoint, 'filler'), Buffer.alloc(256 * 1024 - 12 * 1024));
      const out = path.join(mountPoint, 'run');
      const full = await runCliAsync(['run', config, '--out', out], env());
      expect(full.code, full.stderr).toBe(2);
      expect(full.stderr).toMatch(/no space left on device \(ENOSPC\) while writing \S+/);
      expect(full.stderr).toContain(`--resume ${out}`);
      unlinkSync(path.join(mountPoint, 'filler'));
      const resumed = await runCliAsync(['run', config, '--quiet', '--resume', out], env());
      expect(resumed.code, resumed.stderr).toBe(0);
      const scores = (run: string) => readFileSync(path.join(run, 'scores.jsonl'), 'utf8').trim().split('\n').sort();
      expect(scores(out)).toEqual(scores(path.join(dir, 'reference')));
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });
});
