import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';

/**
 * Issue 13: an output folder and cache files inside the corpus folder must never be read as
 * documents, whether or not a run-state.json marks them, and from the first run on.
 */
function project(dir: string): string {
  const corpus = path.join(dir, 'corpus');
  mkdirSync(corpus);
  writeFileSync(path.join(corpus, 'cats.md'), '# Cats\n\nCats purr and sleep all day long.\n');
  writeFileSync(path.join(corpus, 'dogs.txt'), 'Dogs bark at the mailman every morning.\n');
  writeFileSync(path.join(corpus, 'owls.md'), '# Owls\n\nOwls hunt mice at night in silence.\n');
  const items = [
    { id: 'q1', question: 'which animal purrs', references: [{ docId: 'cats.md' }] },
    { id: 'q2', question: 'who barks at the mailman', references: [{ docId: 'dogs.txt' }] },
  ];
  writeFileSync(path.join(dir, 'testset.jsonl'), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
  const config = path.join(dir, 'rag-eval.yaml');
  writeFileSync(
    config,
    [
      'corpus: { path: ./corpus }',
      'testSet: { path: ./testset.jsonl }',
      'relevance: { level: document }',
      'k: 2',
      'metrics: [mrr]',
      'retrievers:',
      '  - { name: bm25, type: bm25 }',
      '  - { name: use, type: dense, embedder: { provider: use, workers: 0, cachePath: ./corpus/cache/embeddings.sqlite } }',
      'llm: { model: gpt-4o-mini, cachePath: ./corpus/cache/llm.sqlite }',
      'history: { path: ./corpus/cache/history.sqlite }',
      'output: { dir: ./corpus/runs }',
      '',
    ].join('\n'),
  );
  return config;
}

interface Summary {
  corpusHash: string;
  corpus: { documents: number; warnings: string[] };
}

const readSummary = (outDir: string): Summary => {
  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8'));
  return { corpusHash: summary.provenance.corpusHash, corpus: summary.corpus };
};

const LEFT_OUT = "corpus: left out rag-eval's own paths inside the corpus folder:";

describe('rag-eval output, caches and history inside the corpus folder are not documents', () => {
  const tempDir = useTempDirs();

  it('the first run, a run whose run-state.json was deleted and a cache folder: 3 documents every time, and one line says what was left out', async () => {
    const dir = tempDir();
    const config = project(dir);
    const corpus = path.join(dir, 'corpus');

    const first = await runCliAsync(['run', config]);
    expect(first.stderr).not.toContain('internal error');
    expect(first.code).toBe(0);
    const leftOut = first.stderr.split('\n').filter((line) => line.startsWith(LEFT_OUT));
    expect(leftOut).toEqual([
      `${LEFT_OUT} runs (output.dir), cache/llm.sqlite (llm.cachePath), cache/embeddings.sqlite (retrievers.use.embedder.cachePath), ` +
        'cache/history.sqlite (history.path)',
    ]);
    const runs = readdirSync(path.join(corpus, 'runs'));
    expect(runs).toHaveLength(1);
    const firstRun = path.join(corpus, 'runs', runs[0]!);
    const one = readSummary(firstRun);
    expect(one.corpus).toEqual({ documents: 3, warnings: [] });
    // The run wrote its caches and history into the corpus folder: they exist now.
    expect(existsSync(path.join(corpus, 'cache', 'embeddings.sqlite'))).toBe(true);
    expect(existsSync(path.join(corpus, 'cache', 'history.sqlite'))).toBe(true);

    // The marker is gone: the run folder is known only by being output.dir.
    rmSync(path.join(firstRun, 'run-state.json'));
    const out = path.join(corpus, 'manual-run');
    const second = await runCliAsync(['run', config, '--out', out]);
    expect(second.stderr).not.toContain('internal error');
    expect(second.code).toBe(0);
    expect(second.stderr.split('\n').filter((line) => line.startsWith(LEFT_OUT))).toEqual([
      `${LEFT_OUT} manual-run (--out), runs (output.dir), cache/llm.sqlite (llm.cachePath), ` +
        'cache/embeddings.sqlite (retrievers.use.embedder.cachePath), cache/history.sqlite (history.path)',
    ]);
    const two = readSummary(out);
    expect(two.corpus).toEqual({ documents: 3, warnings: [] });
    expect(two.corpusHash).toBe(one.corpusHash);
  });
});
