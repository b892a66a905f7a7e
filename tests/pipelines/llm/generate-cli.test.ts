import { spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTestSet } from '../../../synthetic-data/test-set-io.js';
import { scriptedGenerator } from '../../support/llm-generation.js';
import { startOpenAiServer, type OpenAiServer } from '../../support/openai-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The real CLI in a child process; async, so the loopback server in this process keeps serving. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rag-eval.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: OpenAiServer;
afterEach(async () => server?.close());

describe('rag-eval generate CONFIG (LLM) on the bundled example', () => {
  const tempDir = useTempDirs();

  it('writes a test set, then reports it up to date; a bad key exits 3 with the message', async () => {
    server = await startOpenAiServer({ chat: scriptedGenerator(), apiKey: 'sk-right' });
    const dir = tempDir();
    cpSync(path.join(ROOT, 'examples/programming-languages/corpus'), path.join(dir, 'corpus'), { recursive: true });
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      [
        'corpus: { path: ./corpus }',
        'chunking: { size: 1000, overlap: 0 }',
        'testSet:',
        '  path: ./testset.jsonl',
        '  generate: { llm: { perDocument: 1, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } } }',
        'retrievers: [{ name: bm25, type: bm25 }]',
        'llm: { model: gpt-4o-mini, baseURL: "http://192.0.2.1:9/v1", embeddingModel: text-embedding-3-small }',
        '',
      ].join('\n'),
    );
    const env = { OPENAI_API_KEY: 'sk-right', RAG_EVAL_LLM_BASE_URL: server.baseURL, RAG_EVAL_EMBEDDINGS_BASE_URL: server.baseURL };

    const dry = await cli(['generate', config, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^dry run: 12 document\(s\) to generate for \(12 new, 0 changed, 0 deleted\); would ask for 12 questions/);
    expect(server.requests).toHaveLength(0);

    const first = await cli(['generate', config], env);
    expect(first.stderr).not.toContain('error');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe(`+12 new, −0 retired, 0 kept → ${path.join(dir, 'testset.jsonl')}`);
    expect(server.chatRequests()).toHaveLength(24);
    expect((await readTestSet(path.join(dir, 'testset.jsonl'))).items).toHaveLength(12);

    const second = await cli(['generate', config], env);
    expect(second.stdout).toBe(`test set ${path.join(dir, 'testset.jsonl')} is up to date: +0 new, −0 retired, 12 kept\n`);
    expect(server.chatRequests()).toHaveLength(24);

    const stats = await cli(['cache', 'stats', config], env);
    expect(stats.stdout).toContain('  gpt-4o-mini  critic  12\n  gpt-4o-mini  generate-single-hop  12');

    // A new document: a copy of an old one would be answered from the cache without a request.
    writeFileSync(
      path.join(dir, 'corpus/zig.md'),
      '# Zig\n\nZig is a systems programming language with manual memory management, comptime evaluation and no hidden control flow. ' +
        'Its build system is written in Zig itself, and it can compile C code as well.\n',
    );
    const rejected = await cli(['generate', config], { ...env, OPENAI_API_KEY: 'sk-wrong' });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toContain(`error: the API key in OPENAI_API_KEY was rejected by ${server.host} (HTTP 401: Incorrect API key provided.)`);
    expect(server.chatRequests()).toHaveLength(25);
  });
});
