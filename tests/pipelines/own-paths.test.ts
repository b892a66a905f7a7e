import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipelines/config/load.js';
import { ownPathsOf } from '../../pipelines/runner/own-paths.js';
import { ownPathsLine } from '../../pipelines/stages/own-paths.js';

const base = '/project';
const loaded = (raw: Record<string, unknown>) => ({
  config: parseConfig({ corpus: { path: '.' }, testSet: { path: './testset.jsonl' }, retrievers: [{ name: 'bm25', type: 'bm25' }], ...raw }),
  file: path.join(base, 'rag-eval.yaml'),
  baseDir: base,
});

describe('ownPathsOf: every path a run writes, named by the option that puts it there', () => {
  it('defaults: output.dir, history and the test set (and its archive); no LLM cache without an llm section', () => {
    expect(ownPathsOf(loaded({}))).toEqual([
      { path: '/project/runs', option: 'output.dir' },
      { path: '/project/.rag-eval/history.sqlite', option: 'history.path', sqlite: true },
      { path: '/project/testset.jsonl', option: 'testSet.path' },
      { path: '/project/testset.archive.jsonl', option: 'testSet.path (archive)' },
    ]);
  });

  it('dense retrievers: the embedding cache (unless cache: false) and a LanceDB folder; judges.embedder; --resume', () => {
    const own = ownPathsOf(
      loaded({
        retrievers: [
          { name: 'd1', type: 'dense', store: { type: 'lancedb', path: './db' } },
          { name: 'd2', type: 'dense', embedder: { provider: 'use', cache: false } },
        ],
        judges: { embedder: { provider: 'use', cachePath: './j.sqlite' } },
        llm: { model: 'gpt-4o-mini', cache: false },
      }),
      { resume: '/project/runs/r1' },
    );
    expect(own.map((p) => `${p.option} ${p.path}`)).toEqual([
      '--resume /project/runs/r1',
      'output.dir /project/runs',
      'retrievers.d1.embedder.cachePath /project/.rag-eval/embeddings.sqlite',
      'retrievers.d1.store.path /project/db',
      'judges.embedder.cachePath /project/j.sqlite',
      'history.path /project/.rag-eval/history.sqlite',
      'testSet.path /project/testset.jsonl',
      'testSet.path (archive) /project/testset.archive.jsonl',
    ]);
  });
});

describe('ownPathsLine', () => {
  it('lists the paths inside the corpus folder once each, leaves out hidden ones (skipped anyway) and those outside', () => {
    const line = ownPathsLine('/project', [
      { path: '/project/runs', option: 'output.dir' },
      { path: '/project/cache/e.sqlite', option: 'retrievers.a.embedder.cachePath', sqlite: true },
      { path: '/project/cache/e.sqlite', option: 'retrievers.b.embedder.cachePath', sqlite: true },
      { path: '/project/.rag-eval/history.sqlite', option: 'history.path', sqlite: true },
      { path: '/elsewhere/out', option: '--out' },
      { path: '/project', option: 'output.dir' },
    ]);
    expect(line).toBe(
      "corpus: left out rag-eval's own paths inside the corpus folder: runs (output.dir), " +
        'cache/e.sqlite (retrievers.a.embedder.cachePath, retrievers.b.embedder.cachePath)',
    );
    expect(ownPathsLine('/project', [{ path: '/elsewhere', option: 'output.dir' }])).toBeUndefined();
  });
});
