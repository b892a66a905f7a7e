/**
 * examples/library/plugins.ts as README "Library use" shows it: plug-in retrievers (rag-eval's
 * contract, a LangChain retriever, a LangChain vector store) and a plug-in metric, next to the
 * config's BM25; plus the mistakes a plug-in can make, as typed errors naming the plug-in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateWithPlugins } from '../../examples/library/plugins.js';
import { ConfigError, InputError, loadConfig, runPipeline, scored, type Retriever, type Score } from '../../index.js';
import { useTempDirs } from '../support/temp-dir.js';

const CONFIG = path.resolve(import.meta.dirname, '../../examples/library/rag-eval.yaml');
const nothing: Retriever = { name: 'nothing', async index() {}, async retrieve() { return []; } };

describe('library plug-ins', () => {
  const tempDir = useTempDirs();

  it('evaluates user retrievers and a user metric next to the YAML retriever', async () => {
    const out = tempDir();
    const result = await evaluateWithPlugins(out);
    const byName = Object.fromEntries(result.summary.configurations.map((c) => [c.name, c]));
    expect(result.summary.configurations.map((c) => [c.name, c.type])).toEqual([
      ['bm25', 'bm25'],
      ['word-overlap', 'custom'],
      ['lc-retriever', 'custom'],
      ['lc-vector-store', 'custom'],
    ]);
    expect(result.summary.metricIds).toEqual(['hit_rate', 'mrr', 'ndcg', 'first_hit_relevant']);
    const mean = (name: string, id: string) => byName[name]!.metrics[id]!.mean;
    expect(mean('bm25', 'mrr')).toBe(1);
    expect(mean('bm25', 'first_hit_relevant')).toBe(1);
    // The same ranking through rag-eval's contract and through a LangChain retriever: the same scores.
    expect(mean('word-overlap', 'mrr')).toBeCloseTo(0.8846, 4);
    expect(mean('lc-retriever', 'mrr')).toBe(mean('word-overlap', 'mrr'));
    expect(mean('word-overlap', 'first_hit_relevant')).toBe(11 / 13);
    // The LangChain store over the bundled encoder ranks like the YAML dense retriever of the quick start (MRR 0.7628).
    expect(mean('lc-vector-store', 'mrr')).toBeCloseTo(0.7628, 4);
    expect(mean('lc-vector-store', 'first_hit_relevant')).toBe(8 / 13);
    expect(byName['lc-vector-store']!.metrics['first_hit_relevant']!.scored).toBe(13);
    const lines = readFileSync(path.join(out, 'scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { configuration: string; scores: Record<string, Score> });
    expect(lines.filter((l) => l.scores['first_hit_relevant'] !== undefined)).toHaveLength(4 * 13);
    expect(readFileSync(result.reportPath, 'utf8')).toContain('first_hit_relevant');
  });

  it('a plug-in named like another configuration is a ConfigError naming it', async () => {
    const loaded = await loadConfig(CONFIG);
    const error: unknown = await runPipeline({ loaded, outDir: tempDir(), retrievers: [{ name: 'bm25', retriever: nothing }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('runPipeline retrievers[0].name: "bm25" is already the name of another configuration');
    await expect(runPipeline({ loaded, outDir: tempDir(), retrievers: [{ retriever: {} as Retriever, name: 'x' }] })).rejects.toThrow(
      'runPipeline retrievers[0].retriever: expected a Retriever (index, retrieve), a LangChain retriever (invoke) or a LangChain vector store',
    );
  });

  it('a metric with a built-in id, or one that returns no Score, is a typed error naming the metric', async () => {
    const loaded = await loadConfig(CONFIG);
    await expect(runPipeline({ loaded, outDir: tempDir(), metrics: [{ id: 'mrr', score: () => scored(1) }] })).rejects.toThrow(
      'runPipeline metrics[0].id: "mrr" is already a metric id',
    );
    const error: unknown = await runPipeline({ loaded, outDir: tempDir(), metrics: [{ id: 'broken', score: () => ({ value: Number.NaN }) as Score }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('metric "broken" returned {"value":null} for question "gc"; expected scored(number) or unscored(reason)');
  });
});
