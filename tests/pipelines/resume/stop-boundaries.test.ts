import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../../pipelines/config/load.js';
import { HistoryStore } from '../../../pipelines/history/store.js';
import { silentProgress } from '../../../pipelines/progress/progress.js';
import { RunInterruptedError } from '../../../pipelines/run-state/stop-signal.js';
import type { RunClients } from '../../../pipelines/stages/run-clients.js';
import { runPipeline } from '../../../pipelines/runner/run-pipeline.js';
import { useTempDirs } from '../../support/temp-dir.js';

/**
 * Every stage stops at its next batch boundary once the stop signal is set — including indexing
 * (between embedding batches) and a retrieval with fewer questions left than one log batch.
 * The signal is set by the fake embedder at a known call, so the evidence is causal: call counts
 * and log lines, no clocks.
 */

/** A deterministic embedder (a 4-d vector from character codes) that counts its calls. */
class CountingEmbeddings implements EmbeddingsInterface {
  documentCalls = 0;
  queryCalls = 0;
  constructor(private readonly hooks: { onDocuments?: (call: number) => void; onQuery?: (call: number) => void } = {}) {}
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documentCalls++;
    this.hooks.onDocuments?.(this.documentCalls);
    return texts.map(vectorOf);
  }
  async embedQuery(text: string): Promise<number[]> {
    this.queryCalls++;
    this.hooks.onQuery?.(this.queryCalls);
    return vectorOf(text);
  }
}

function vectorOf(text: string): number[] {
  const v = [1, 0, 0, 0];
  for (let i = 0; i < text.length; i++) v[i % 4]! += text.charCodeAt(i) / 1000;
  return v;
}

function project(dir: string, documents: number, questions: number): LoadedConfig {
  mkdirSync(path.join(dir, 'corpus'));
  for (let d = 0; d < documents; d++) writeFileSync(path.join(dir, 'corpus', `doc${d}.txt`), `document ${d} about topic${d}`);
  const items = Array.from({ length: questions }, (_, q) => JSON.stringify({ id: `q${q}`, question: `topic${q % documents}`, references: [{ docId: `doc${q % documents}.txt` }] }));
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.join('\n')}\n`);
  return {
    config: parseConfig({
      corpus: { path: './corpus' },
      testSet: { path: './testset.jsonl' },
      relevance: { level: 'document' },
      k: 2,
      retrievers: [{ name: 'dense', type: 'dense', embedder: { provider: 'use', batchSize: 10 } }],
    }),
    file: path.join(dir, 'rag-eval.yaml'),
    baseDir: dir,
  };
}

const clientsWith = (embeddings: EmbeddingsInterface): RunClients => ({ embeddingsFor: () => embeddings });

describe('a stop is honoured at every batch boundary', () => {
  const tempDir = useTempDirs();

  it('during indexing: no embedding batch is requested after the stop, no report is written, and the resume completes', async () => {
    const dir = tempDir();
    const loaded = project(dir, 100, 5);
    const outDir = path.join(dir, 'run');
    const stop = { stopped: false };
    // 100 chunks in batches of 10 = 10 embedding requests; the stop arrives during the 3rd.
    const embeddings = new CountingEmbeddings({ onDocuments: (call) => call === 3 && (stop.stopped = true) });
    const store = HistoryStore.open(path.join(dir, 'history.sqlite'));
    const run = runPipeline({ loaded, outDir, stop, clients: clientsWith(embeddings), progress: silentProgress, history: { store, gitCommit: null } });
    await expect(run).rejects.toBeInstanceOf(RunInterruptedError);
    expect(embeddings.documentCalls).toBe(3);
    expect(embeddings.queryCalls).toBe(0);
    expect(existsSync(path.join(outDir, 'report.md'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(outDir, 'run-state.json'), 'utf8')).status).toBe('interrupted');
    expect(store.recent(loaded.file, 10)).toEqual([]);

    const again = new CountingEmbeddings();
    const resumed = await runPipeline({ loaded, resume: outDir, clients: clientsWith(again), progress: silentProgress, history: { store, gitCommit: null } });
    expect(again.documentCalls).toBe(10);
    expect(resumed.summary.configurations[0]!.metrics.mrr!.total).toBe(5);
    expect(store.recent(loaded.file, 10)).toHaveLength(1);
    store.close();
  });

  it('with fewer questions left than one log batch: the run stops after them, before judging and reports', async () => {
    const dir = tempDir();
    const loaded = project(dir, 20, 10);
    const outDir = path.join(dir, 'run');
    const stop = { stopped: false };
    // One warm-up query, then 10 timed ones; the stop arrives during the 4th question.
    const embeddings = new CountingEmbeddings({ onQuery: (call) => call === 5 && (stop.stopped = true) });
    const run = runPipeline({ loaded, outDir, stop, clients: clientsWith(embeddings), progress: silentProgress });
    await expect(run).rejects.toThrow(`interrupted; finished work is saved. Resume with: rag-eval run ${loaded.file} --resume ${outDir}`);
    // The batch in flight (all 10 questions, fewer than 32) finished and was logged.
    expect(readFileSync(path.join(outDir, 'retrieval.jsonl'), 'utf8').trim().split('\n')).toHaveLength(10);
    expect(existsSync(path.join(outDir, 'report.md'))).toBe(false);
    expect(existsSync(path.join(outDir, 'summary.json'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(outDir, 'run-state.json'), 'utf8')).status).toBe('interrupted');

    const again = new CountingEmbeddings();
    const resumed = await runPipeline({ loaded, resume: outDir, clients: clientsWith(again), progress: silentProgress });
    // Nothing is retrieved twice: the resume needs no query at all (and so no index).
    expect(again.queryCalls).toBe(0);
    expect(again.documentCalls).toBe(0);
    expect(resumed.summary.configurations[0]!.metrics.mrr!.total).toBe(10);
  });
});
