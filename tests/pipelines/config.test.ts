import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../pipelines/config/load.js';
import { closestName, editDistance } from '../../pipelines/config/suggest.js';
import { STARTER_CONFIG } from '../../pipelines/cli/starter-config.js';
import { ConfigError } from '../../kernel/errors.js';
import { useTempDirs } from '../support/temp-dir.js';

const base = { corpus: { path: './corpus' }, retrievers: [{ name: 'bm25', type: 'bm25' }] };

function messageOf(raw: unknown): string {
  try {
    parseConfig(raw, 'rag-eval.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config validation', () => {
  it('names the path, the expectation and the value given', () => {
    const message = messageOf({ ...base, retrievers: [{ name: 'a', type: 'bm25' }, { name: 'b', type: 'bm25', k: 'five' }] });
    expect(message).toBe('rag-eval.yaml: invalid config\n  retrievers[1].k: expected a positive integer, got "five"');
  });

  it('rejects k <= 0 and fractional k', () => {
    expect(messageOf({ ...base, k: 0 })).toContain('k: expected a positive integer, got 0');
    expect(messageOf({ ...base, retrievers: [{ name: 'a', type: 'bm25', k: -3 }] })).toContain('retrievers[0].k: expected a positive integer, got -3');
    expect(messageOf({ ...base, k: 2.5 })).toContain('k: expected a positive integer, got 2.5');
  });

  it('suggests the near name for unknown keys, at any depth', () => {
    const message = messageOf({ ...base, retreivers: [], chunking: { size: 100, overlapp: 10 } });
    expect(message).toContain('retreivers: unknown option; did you mean "retrievers"?');
    expect(message).toContain('chunking.overlapp: unknown option; did you mean "overlap"?');
  });

  it('lists the known keys when nothing is close', () => {
    expect(messageOf({ ...base, relevance: { zzz: 1 } })).toContain('relevance.zzz: unknown option (known: level, minOverlap)');
  });

  it('rejects an unknown metric with a suggestion', () => {
    expect(messageOf({ ...base, metrics: ['ndgc'] })).toContain(
      'metrics[0]: expected one of "precision", "recall", "f1", "hit_rate", "mrr", "map", "ndcg", "ndcg_full", "rprec", ' +
        '"faithfulness", "answer_relevance", "context_precision", "context_utilization", "context_recall", ' +
        '"reference_context_precision", "reference_context_recall", "string_context_recall", "answer_similarity", ' +
        'got "ndgc"; did you mean "ndcg"?',
    );
  });

  it('rejects duplicated configuration names and bad hybrid members', () => {
    const message = messageOf({
      ...base,
      retrievers: [
        { name: 'a', type: 'bm25' },
        { name: 'a', type: 'dense' },
        { name: 'h', type: 'hybrid', of: ['a', 'missing'] },
        { name: 'h2', type: 'hybrid', of: ['a'] },
      ],
    });
    expect(message).toContain('retrievers[1].name: "a" is already used by retrievers[0]');
    expect(message).toContain('retrievers[2].of: no retriever named "missing" (known: a, h, h2)');
    expect(message).toContain('retrievers[3].of: expected the names of two or more retrievers to fuse');
  });

  it('refuses options that do not apply to the retriever type, naming the types that use them', () => {
    const message = messageOf({
      ...base,
      retrievers: [
        { name: 'b', type: 'bm25', embedder: { provider: 'use' }, store: { type: 'memory' }, weights: [1, 2], rrfK: 5 },
        { name: 'd', type: 'dense', bm25: { k1: 1 }, of: ['b'] },
        { name: 'h', type: 'hybrid', of: ['b', 'd'], chunking: { size: 400, overlap: 50 }, embedder: { provider: 'use' } },
      ],
    });
    expect(message.split('\n').slice(1)).toEqual([
      '  retrievers[0].embedder: does not apply to a bm25 retriever (it is an option of dense retrievers), got an object',
      '  retrievers[0].store: does not apply to a bm25 retriever (it is an option of dense retrievers), got an object',
      '  retrievers[0].weights: does not apply to a bm25 retriever (it is an option of hybrid retrievers), got a list',
      '  retrievers[0].rrfK: does not apply to a bm25 retriever (it is an option of hybrid retrievers), got 5',
      '  retrievers[1].bm25: does not apply to a dense retriever (it is an option of bm25 retrievers), got an object',
      '  retrievers[1].of: does not apply to a dense retriever (it is an option of hybrid retrievers), got a list',
      '  retrievers[2].chunking: does not apply to a hybrid retriever (it is an option of bm25 and dense retrievers; set it on the members), got an object',
      '  retrievers[2].embedder: does not apply to a hybrid retriever (it is an option of dense retrievers; set it on the members), got an object',
    ]);
  });

  it('refuses embedder options of another provider', () => {
    const message = messageOf({
      ...base,
      retrievers: [{ name: 'd', type: 'dense', embedder: { provider: 'use', dimensions: 256, baseURL: 'http://127.0.0.1:1/v1' } }],
    });
    expect(message.split('\n').slice(1)).toEqual([
      '  retrievers[0].embedder.dimensions: applies to provider openai only, not use, got 256',
      '  retrievers[0].embedder.baseURL: applies to provider openai only, not use, got "http://127.0.0.1:1/v1"',
    ]);
    expect(messageOf({ ...base, retrievers: [{ name: 'd', type: 'dense', embedder: { provider: 'openai', model: 'm', workers: 2 } }] })).toContain(
      'retrievers[0].embedder.workers: applies to provider use only, not openai, got 2',
    );
  });

  it('requires overlap < size', () => {
    expect(messageOf({ ...base, chunking: { size: 100, overlap: 100 } })).toContain('chunking.overlap: overlap must be smaller than size, got 100');
  });

  it('fills defaults', () => {
    const config = parseConfig(base);
    expect(config.k).toBe(10);
    expect(config.chunking).toEqual({ size: 800, overlap: 100 });
    expect(config.relevance).toEqual({ level: 'auto', minOverlap: 0.5 });
  });

  it('the starter config and the bundled example are valid', async () => {
    const starter = parseConfig(parse(STARTER_CONFIG));
    expect(starter.retrievers.map((r) => r.name)).toEqual(['bm25', 'dense', 'hybrid']);
    const example = await loadConfig(path.resolve(import.meta.dirname, '../../examples/programming-languages/rag-eval.yaml'));
    expect(example.config.retrievers.map((r) => r.type)).toEqual(['bm25', 'dense', 'hybrid']);
    expect(example.config.k).toBe(4);
  });
});

describe('config files', () => {
  const tempDir = useTempDirs();

  it('reports YAML syntax errors with file and line', async () => {
    const file = path.join(tempDir(), 'bad.yaml');
    writeFileSync(file, 'corpus:\n  path: x\nretrievers: [\n');
    await expect(loadConfig(file)).rejects.toThrow(/bad\.yaml:\d+: not valid YAML/);
  });

  it('names a missing config file', async () => {
    await expect(loadConfig('/nonexistent/rag-eval.yaml')).rejects.toThrow('cannot read config file /nonexistent/rag-eval.yaml: ENOENT');
  });
});

describe('suggestions', () => {
  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('retreivers', ['retrievers', 'metrics'])).toBe('retrievers');
    expect(closestName('zzz', ['level', 'minOverlap'])).toBeUndefined();
  });
});
