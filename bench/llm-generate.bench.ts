/**
 * LLM test-set generation throughput: a loopback OpenAI-compatible server adds 200 ms to every
 * reply; 200 questions (100 documents × 2) are generated at concurrency 16 (one generate and one
 * critic call each). Wall time is compared with the ideal calls × 0.2 s ÷ 16 (target ≤ 1.15×).
 * The response cache is off so every run sends every request. The server runs in a child process
 * so its own CPU time is not charged to the client. Median of 3 runs.
 * Run: npx tsx bench/llm-generate.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chunkDocuments } from '../corpora/chunk.js';
import { hashText } from '../corpora/hash.js';
import type { SourceDocument } from '../kernel/corpus.js';
import { LlmConfig } from '../pipelines/llm/config.js';
import { createLlmRuntime } from '../pipelines/llm/factory.js';
import { LlmGenerateConfig } from '../synthetic-data/llm/config.js';
import { generateFromPlans } from '../synthetic-data/llm/generate.js';
import { planQuestions } from '../synthetic-data/llm/plan.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LATENCY_MS = 200;
const CONCURRENCY = 16;
const DOCUMENTS = 100;
const PER_DOCUMENT = 2;
const RUNS = 3;

function documents(): SourceDocument[] {
  return Array.from({ length: DOCUMENTS }, (_, i) => {
    const name = `Riverton${i.toString(36)}`;
    const text =
      `The ${name} river rises in the hills of district ${i} and runs for ${100 + i} kilometres. ` +
      `Its bridge was rebuilt in ${1900 + i}, and fishermen on the ${name} catch trout in spring. ` +
      `The ${name} valley is known for orchards, a stone mill and a market held every ${(i % 6) + 1} days.`;
    return { id: `doc-${i}.txt`, text, hash: hashText(text), source: `doc-${i}.txt` };
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Starts tests/support/openai-server-process.ts and waits for its `ready <baseURL>` line. */
async function startServerProcess(latencyMs: number): Promise<{ baseURL: string; close(): void }> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/support/openai-server-process.ts'), String(latencyMs)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (data: Buffer) => {
      buffer += data.toString('utf8');
      const match = /^ready (\S+)$/m.exec(buffer);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`loopback server exited with code ${code}`)));
  });
  return { baseURL, close: () => child.stdin.end() };
}

export async function main(): Promise<void> {
  const server = await startServerProcess(LATENCY_MS);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rag-eval-bench-'));
  try {
    const docs = documents();
    const chunks = await chunkDocuments(docs, { size: 800, overlap: 0 });
    const config = LlmGenerateConfig.parse({ perDocument: PER_DOCUMENT, kinds: { singleHop: 1, multiHop: 0, abstract: 0 } });
    const { plans } = planQuestions({ targets: docs, chunks, config, seed: 42 });
    const walls: number[] = [];
    let calls = 0;
    let items = 0;
    let tokens = { input: 0, output: 0 };
    for (let run = 0; run < RUNS; run += 1) {
      const runtime = createLlmRuntime({
        config: LlmConfig.parse({ model: 'gpt-4o-mini', baseURL: server.baseURL, concurrency: CONCURRENCY, cache: false }),
        baseDir: dir,
        env: { OPENAI_API_KEY: 'bench' },
      });
      const started = performance.now();
      const result = await generateFromPlans({ plans, documents: docs, client: runtime.client, config, seed: 42 });
      walls.push((performance.now() - started) / 1000);
      items = result.items.length;
      const total = runtime.client.usage().total;
      calls = total.requests;
      tokens = { input: total.inputTokens, output: total.outputTokens };
      runtime.close();
    }
    const ideal = (calls * LATENCY_MS) / 1000 / CONCURRENCY;
    const wall = median(walls);
    console.log(`items generated: ${items} (planned ${plans.length}), chat calls per run: ${calls}`);
    console.log(`wall time, median of ${RUNS}: ${wall.toFixed(2)} s (runs: ${walls.map((w) => w.toFixed(2)).join(', ')})`);
    console.log(`ideal (calls × ${LATENCY_MS / 1000} s ÷ ${CONCURRENCY}): ${ideal.toFixed(2)} s; ratio ${(wall / ideal).toFixed(3)}× (target ≤ 1.15×)`);
    console.log(`per item: ${(calls / items).toFixed(2)} calls, ${(tokens.input / items).toFixed(0)} input + ${(tokens.output / items).toFixed(0)} output tokens (scripted server counts chars/4)`);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
