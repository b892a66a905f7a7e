import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../kernel/errors.js';
import { parseConfig, type LoadedConfig } from '../../pipelines/config/load.js';
import { HistoryStore } from '../../pipelines/history/store.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { useTempDirs } from '../support/temp-dir.js';

function project(dir: string, extra: Record<string, unknown> = {}): LoadedConfig {
  mkdirSync(path.join(dir, 'corpus'));
  writeFileSync(path.join(dir, 'corpus', 'cats.txt'), 'Cats purr and sleep all day long.');
  writeFileSync(path.join(dir, 'corpus', 'dogs.txt'), 'Dogs bark at the mailman every morning.');
  writeFileSync(path.join(dir, 'testset.jsonl'), `${JSON.stringify({ id: 'q1', question: 'which animal purrs', references: [{ docId: 'cats.txt' }] })}\n`);
  return {
    config: parseConfig({ corpus: { path: './corpus' }, testSet: { path: './testset.jsonl' }, k: 1, retrievers: [{ name: 'bm25', type: 'bm25' }], ...extra }),
    file: path.join(dir, 'rag-eval.yaml'),
    baseDir: dir,
  };
}

describe('a run that cannot start leaves no run directory behind', () => {
  const tempDir = useTempDirs();

  it('a missing test set, an unset judge key variable and an unset embedder key variable fail before the directory exists', async () => {
    const dir = tempDir();
    const loaded = project(dir);
    const outDir = path.join(dir, 'runs', 'one');
    const missingTestSet = { ...loaded, config: { ...loaded.config, testSet: { ...loaded.config.testSet, path: './nope.jsonl' } } };
    await expect(runPipeline({ loaded: missingTestSet, outDir, clients: defaultClients(), progress: silentProgress })).rejects.toBeInstanceOf(InputError);
    expect(existsSync(path.join(dir, 'runs'))).toBe(false);

    const judged = project(tempDir(), { metrics: ['mrr', 'faithfulness'], llm: { model: 'gpt-4o-mini', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'RAG_EVAL_TEST_UNSET_KEY' } });
    const judgedOut = path.join(judged.baseDir, 'runs', 'one');
    await expect(runPipeline({ loaded: judged, outDir: judgedOut, clients: defaultClients(), progress: silentProgress, env: {} })).rejects.toThrow(
      /llm\.apiKeyEnv: the environment variable RAG_EVAL_TEST_UNSET_KEY is not set/,
    );
    expect(existsSync(path.join(judged.baseDir, 'runs'))).toBe(false);

    const dense = project(tempDir(), {
      retrievers: [{ name: 'oa', type: 'dense', embedder: { provider: 'openai', model: 'text-embedding-3-small', apiKeyEnv: 'RAG_EVAL_TEST_UNSET_KEY', baseURL: 'http://127.0.0.1:9/v1' } }],
    });
    const denseOut = path.join(dense.baseDir, 'runs', 'one');
    await expect(runPipeline({ loaded: dense, outDir: denseOut, clients: defaultClients({ env: {} }), progress: silentProgress })).rejects.toBeInstanceOf(ConfigError);
    expect(existsSync(path.join(dense.baseDir, 'runs'))).toBe(false);
  });
});

describe('history records each run once', () => {
  const tempDir = useTempDirs();

  it('resuming a run that was recorded (killed while writing reports) or already finished replaces its row', async () => {
    const dir = tempDir();
    const loaded = project(dir);
    const outDir = path.join(dir, 'run');
    const store = HistoryStore.open(path.join(dir, 'history.sqlite'));
    const history = { store, gitCommit: null };
    const first = await runPipeline({ loaded, outDir, clients: defaultClients(), progress: silentProgress, history });
    expect(store.recent(loaded.file, 10)).toHaveLength(1);

    // Resuming the finished run: still one row.
    await runPipeline({ loaded, resume: outDir, clients: defaultClients(), progress: silentProgress, history });
    // A run killed after it was recorded but before its reports were written is left "interrupted".
    const stateFile = path.join(outDir, 'run-state.json');
    writeFileSync(stateFile, readFileSync(stateFile, 'utf8').replace('"complete"', '"interrupted"'));
    const resumed = await runPipeline({ loaded, resume: outDir, clients: defaultClients(), progress: silentProgress, history });

    const rows = store.recent(loaded.file, 10);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.runAt).toBe(first.summary.createdAt);
    expect(rows[0]!.outDir).toBe(outDir);
    expect(rows[0]!.metrics.find((m) => m.metric === 'mrr')!.mean).toBe(1);
    // The run is not compared with its own earlier row: no history alert, however the metric moved.
    expect(resumed.summary.warnings.filter((w) => w.startsWith('history alert'))).toEqual([]);

    // A new run is a new row.
    await runPipeline({ loaded, outDir: path.join(dir, 'run2'), clients: defaultClients(), progress: silentProgress, history });
    expect(store.recent(loaded.file, 10)).toHaveLength(2);
    store.close();
  });
});
