import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../../pipelines/config/load.js';
import { silentProgress } from '../../../pipelines/progress/progress.js';
import { defaultClients } from '../../../pipelines/runner/default-clients.js';
import { runPipeline } from '../../../pipelines/runner/run-pipeline.js';
import { RunSummary } from '../../../reports/summary-schema.js';
import { useTempDirs } from '../../support/temp-dir.js';

const docs: Record<string, string> = {
  'cats.txt': 'Cats purr and sleep all day long.',
  'dogs.txt': 'Dogs bark at the mailman every morning.',
  'fish.txt': 'Fish swim in the pond and eat small insects.',
};
const testSet = [
  { id: 'q-cats', question: 'which animal purrs', references: [{ docId: 'cats.txt' }] },
  { id: 'q-dogs', question: 'who barks at the mailman', references: [{ docId: 'dogs.txt' }] },
];

async function runOnce(dir: string, outDir: string, cache?: boolean): Promise<RunSummary> {
  const raw = {
    corpus: { path: './corpus' },
    testSet: { path: './testset.jsonl' },
    relevance: { level: 'document' },
    k: 2,
    retrievers: [{ name: 'use', type: 'dense', embedder: { provider: 'use', ...(cache === undefined ? {} : { cache }) } }],
    metrics: ['mrr'],
  };
  const loaded: LoadedConfig = { config: parseConfig(raw), file: path.join(dir, 'rag-eval.yaml'), baseDir: dir };
  const clients = defaultClients({ baseDir: dir, env: {} });
  try {
    await runPipeline({ loaded, outDir, clients, progress: silentProgress });
  } finally {
    await clients.close?.();
  }
  return RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
}

describe('local embeddings are cached on disk like API embeddings', () => {
  const tempDir = useTempDirs();

  it('a warm re-run of an unchanged corpus embeds 0 texts; a changed document is the only one embedded', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    for (const [name, text] of Object.entries(docs)) writeFileSync(path.join(dir, 'corpus', name), text);
    writeFileSync(path.join(dir, 'testset.jsonl'), testSet.map((item) => JSON.stringify(item)).join('\n') + '\n');

    const cold = await runOnce(dir, path.join(dir, 'run-1'));
    // 3 chunks + 2 questions embedded; the untimed warm-up query repeats the first question and is
    // served by the dense retriever's own query vectors, so it never reaches the cache.
    expect(cold.configurations[0]!.embeddingCost).toMatchObject({ cacheMisses: 5, cacheHits: 0 });

    const warm = await runOnce(dir, path.join(dir, 'run-2'));
    expect(warm.configurations[0]!.embeddingCost).toMatchObject({ cacheMisses: 0, cacheHits: 5 });
    // Vectors are stored as float32, the precision the model returns: identical scores.
    expect(warm.configurations[0]!.metrics.mrr).toEqual(cold.configurations[0]!.metrics.mrr);
    const rankings = (run: string) => readFileSync(path.join(dir, run, 'retrieval.jsonl'), 'utf8').split('\n').map((line) => line.replace(/"latencyMs":[0-9.e-]+,/, ''));
    expect(rankings('run-2')).toEqual(rankings('run-1'));

    writeFileSync(path.join(dir, 'corpus', 'fish.txt'), 'Fish swim in the pond and sometimes eat small flies.');
    const changed = await runOnce(dir, path.join(dir, 'run-3'));
    expect(changed.configurations[0]!.embeddingCost).toMatchObject({ cacheMisses: 1, cacheHits: 4 });

    const off = await runOnce(dir, path.join(dir, 'run-4'), false);
    expect(off.configurations[0]!.embeddingCost).toMatchObject({ cacheMisses: 5, cacheHits: 0 });
  });
});
