import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../pipelines/config/load.js';
import { sessionOptionsFor, TransformersEmbeddings } from '../../../pipelines/embeddings/transformers-embedder.js';
import { ConfigError } from '../../../kernel/errors.js';
import { writeTinyModel } from '../../support/tiny-onnx-model.js';
import { useTempDirs } from '../../support/temp-dir.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const RECORDER = path.join(ROOT, 'tests/support/onnx-session-recorder.ts');

interface Recording {
  recorded: { intraOpNumThreads: number | null; interOpNumThreads: number | null }[];
  before: number;
  after: number;
  vectors: number[][];
}

function configError(embedder: object): string {
  try {
    parseConfig({ corpus: { path: './corpus' }, retrievers: [{ name: 'd', type: 'dense', embedder }] }, 'rag-eval.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n').slice(1).join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('embedder.threads (transformers.js / ONNX Runtime intra-op threads)', () => {
  it('is validated in the config with a message naming the option', () => {
    const transformers = { provider: 'transformers', model: 'Xenova/e5-small-v2' };
    expect(configError({ ...transformers, threads: 0 })).toBe('  retrievers[0].embedder.threads: expected an integer >= 1, got 0');
    expect(configError({ ...transformers, threads: 1.5 })).toBe('  retrievers[0].embedder.threads: expected an integer >= 1, got 1.5');
    expect(configError({ ...transformers, threads: '4' })).toBe('  retrievers[0].embedder.threads: expected an integer >= 1, got "4"');
    expect(configError({ ...transformers, threads: 5000 })).toBe('  retrievers[0].embedder.threads: expected at most 1024, got 5000');
    expect(configError({ provider: 'use', threads: 2 })).toBe('  retrievers[0].embedder.threads: applies to provider transformers only, not use, got 2');
    const parsed = parseConfig({ corpus: { path: './corpus' }, retrievers: [{ name: 'd', type: 'dense', embedder: { ...transformers, threads: 3 } }] });
    expect(parsed.retrievers[0]).toMatchObject({ embedder: { threads: 3 } });
  });

  it('defaults to every core the process may use; library callers get a ConfigError for a bad count', () => {
    expect(sessionOptionsFor({})).toEqual({ intraOpNumThreads: availableParallelism() });
    expect(sessionOptionsFor({ threads: 3 })).toEqual({ intraOpNumThreads: 3 });
    expect(() => sessionOptionsFor({ threads: 0 })).toThrow(new ConfigError('embedder.threads must be a positive whole number of threads, got 0'));
    expect(() => new TransformersEmbeddings({ model: 'm', modelDir: '.', pooling: 'mean', normalize: true, batchSize: 1, threads: 2.5 })).toThrow(ConfigError);
  });
});

describe('the thread count reaches onnxruntime-node (a generated model, real sessions, child processes)', () => {
  const tempDir = useTempDirs();
  let modelDir: string;
  let model: string;
  beforeAll(() => {
    modelDir = tempDir();
    model = writeTinyModel({ modelDir, words: 'the quick brown fox jumps over lazy dog a and'.split(' '), dimension: 64 });
  });

  const record = async (embedder: object): Promise<Recording> => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', RECORDER, modelDir, model, JSON.stringify(embedder)], { cwd: ROOT });
    return JSON.parse(stdout) as Recording;
  };

  it('config → createEmbedder → pipeline session_options → InferenceSession.create; N threads start N − 1 OS threads', async () => {
    const single = await record({ threads: 1 });
    const three = await record({ threads: 3 });
    const byDefault = await record({});
    expect(single.recorded).toEqual([{ intraOpNumThreads: 1, interOpNumThreads: null }]);
    expect(three.recorded).toEqual([{ intraOpNumThreads: 3, interOpNumThreads: null }]);
    expect(byDefault.recorded).toEqual([{ intraOpNumThreads: availableParallelism(), interOpNumThreads: null }]);
    // ONNX Runtime's intra-op pool: the calling thread plus N − 1 threads of its own.
    expect(single.after - single.before).toBe(0);
    expect(three.after - three.before).toBe(2);
    expect(byDefault.after - byDefault.before).toBe(availableParallelism() - 1);
    // Vectors are identical whatever the thread count (4 texts, 64 dimensions, normalised).
    expect(single.vectors).toHaveLength(4);
    expect(single.vectors[0]).toHaveLength(64);
    expect(three.vectors).toEqual(single.vectors);
    expect(byDefault.vectors).toEqual(single.vectors);
  });
});
