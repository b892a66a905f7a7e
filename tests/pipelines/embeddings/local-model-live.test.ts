import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TransformersEmbeddings } from '../../../pipelines/embeddings/transformers-embedder.js';

/**
 * Real local inference through @huggingface/transformers. No model weights can be downloaded
 * here, so it runs only when a model folder is provided, e.g.
 *   RAG_EVAL_LOCAL_MODEL_DIR=./models RAG_EVAL_LOCAL_MODEL=Xenova/all-MiniLM-L6-v2 npx vitest run tests/pipelines/embeddings/local-model-live.test.ts
 * (transformers-threads.test.ts runs the same thread checks on a generated model every time.)
 */
const modelDir = process.env.RAG_EVAL_LOCAL_MODEL_DIR;
const model = process.env.RAG_EVAL_LOCAL_MODEL ?? 'Xenova/all-MiniLM-L6-v2';
if (!modelDir) console.log('skipped: local transformers.js model test (RAG_EVAL_LOCAL_MODEL_DIR is not set; no weights can be downloaded here)');

const ROOT = path.resolve(import.meta.dirname, '../../..');
const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

interface Recording {
  recorded: { intraOpNumThreads: number | null }[];
  before: number;
  after: number;
  vectors: number[][];
}

/** Loads the model in a child process through the config path and records what reached ONNX Runtime. */
async function record(embedder: object): Promise<Recording> {
  const script = path.join(ROOT, 'tests/support/onnx-session-recorder.ts');
  const args = ['--import', 'tsx', script, path.resolve(modelDir!), model, JSON.stringify(embedder)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Recording;
}

describe.skipIf(!modelDir)(`local model ${model}`, () => {
  it('embeds offline; a related sentence is closer than an unrelated one', { timeout: 600_000 }, async () => {
    const embeddings = new TransformersEmbeddings({ model, modelDir: modelDir!, pooling: 'mean', normalize: true, batchSize: 8 });
    expect(embeddings.sessionOptions).toEqual({ intraOpNumThreads: availableParallelism() });
    const [gc, memory, tax] = await embeddings.embedDocuments(['Java reclaims unused objects with a garbage collector.', 'automatic memory management', 'rules for filing income tax']);
    expect(gc!.length).toBeGreaterThan(0);
    expect(memory!.length).toBe(gc!.length);
    expect(cosine(gc!, memory!)).toBeGreaterThan(cosine(gc!, tax!));
  });

  it('runs on every core by default, with vectors identical to one thread', { timeout: 600_000 }, async () => {
    const single = await record({ threads: 1 });
    const every = await record({});
    // One session per ONNX file the model has; each is created with the thread count.
    expect(single.recorded.length).toBeGreaterThan(0);
    expect(single.recorded.map((r) => r.intraOpNumThreads)).toEqual(single.recorded.map(() => 1));
    expect(every.recorded.map((r) => r.intraOpNumThreads)).toEqual(every.recorded.map(() => availableParallelism()));
    // ONNX Runtime's intra-op pool: N − 1 threads of its own per session.
    expect(single.after - single.before).toBe(0);
    expect(every.after - every.before).toBe(every.recorded.length * (availableParallelism() - 1));
    expect(every.vectors).toEqual(single.vectors);
  });
});
