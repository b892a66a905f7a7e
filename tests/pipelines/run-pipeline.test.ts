import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrecEval } from '../../evaluators/trec-eval-command.js';
import { loadConfig, parseConfig, type LoadedConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { InputError } from '../../kernel/errors.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { RunSummary } from '../../reports/summary-schema.js';
import { useTempDirs } from '../support/temp-dir.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/programming-languages/rag-eval.yaml');

function configIn(dir: string, raw: Record<string, unknown>): LoadedConfig {
  return { config: parseConfig(raw), file: path.join(dir, 'rag-eval.yaml'), baseDir: dir };
}

function writeCorpus(dir: string, docs: Record<string, string>): void {
  mkdirSync(path.join(dir, 'corpus'), { recursive: true });
  for (const [name, text] of Object.entries(docs)) writeFileSync(path.join(dir, 'corpus', name), text);
}

const twoDocs = { 'cats.txt': 'Cats purr and sleep all day long.', 'dogs.txt': 'Dogs bark at the mailman every morning.' };
const testSetLines = [
  { id: 'q-cats', question: 'which animal purrs', references: [{ docId: 'cats.txt' }] },
  { id: 'q-dogs', question: 'who barks at the mailman', references: [{ docId: 'dogs.txt' }] },
].map((item) => JSON.stringify(item));

describe('the bundled example, end to end', () => {
  const tempDir = useTempDirs();

  it('compares three retrievers and writes reports whose TREC files trec_eval-reproduce the summary', async () => {
    const outDir = tempDir();
    const result = await runPipeline({ loaded: await loadConfig(EXAMPLE), outDir, clients: defaultClients(), progress: silentProgress });
    const summary = RunSummary.parse(JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')));
    expect(summary.configurations.map((c) => c.name)).toEqual(['bm25', 'use-dense', 'hybrid-rrf']);
    expect(summary.testSet.items).toBe(13);
    expect(summary.relevance.level).toBe('document');

    for (const configuration of summary.configurations) {
      expect(configuration.metrics.precision!.scored).toBe(13);
      const trec = runTrecEval({
        qrelsPath: path.join(outDir, configuration.files.qrels),
        runPath: path.join(outDir, configuration.files.run),
        measures: ['P.4', 'recall.4', 'map', 'recip_rank', 'ndcg_cut.4', 'success.4'],
        perQuery: false,
        complete: true,
      });
      const value = (measure: string) => Number(trec.split('\n').find((line) => line.startsWith(`${measure} `))!.split('\t')[2]);
      expect(value('P_4')).toBeCloseTo(configuration.metrics.precision!.mean!, 4);
      expect(value('recall_4')).toBeCloseTo(configuration.metrics.recall!.mean!, 4);
      expect(value('map')).toBeCloseTo(configuration.metrics.map!.mean!, 4);
      expect(value('recip_rank')).toBeCloseTo(configuration.metrics.mrr!.mean!, 4);
      expect(value('ndcg_cut_4')).toBeCloseTo(configuration.metrics.ndcg!.mean!, 4);
      expect(value('success_4')).toBeCloseTo(configuration.metrics.hit_rate!.mean!, 4);
    }

    const report = readFileSync(result.reportPath, 'utf8');
    expect(report).toContain('### `gc`: auto garbage collection');
    expect(report).toContain('### `web-backend`: suite for web backend server development');
    expect(report).toContain('| Rank | bm25 | use-dense | hybrid-rrf |');
    expect(report).toMatch(/\| 1 \| [✅❎] \S+\.md \|/u);
    expect(report).toContain('| Precision@4 |');
    expect(report).toContain('## Latency');
    expect(report).toContain(`corpus sha256 \`${summary.provenance.corpusHash}\``);
    const dense = summary.configurations[1]!;
    expect(dense.latency.embeddingTextsPerSecond).toBeGreaterThan(0);
    expect(dense.latency.queryMs.count).toBe(13);
  });
});

describe('bad input', () => {
  const tempDir = useTempDirs();
  const run = (loaded: LoadedConfig) => runPipeline({ loaded, outDir: path.join(loaded.baseDir, 'out'), clients: defaultClients(), progress: silentProgress });
  const bm25Only = { retrievers: [{ name: 'bm25', type: 'bm25' }], testSet: { path: './testset.jsonl' } };

  it('names a missing corpus path', async () => {
    const dir = tempDir();
    await expect(run(configIn(dir, { ...bm25Only, corpus: { path: './nowhere' } }))).rejects.toThrow(`corpus.path: ${path.join(dir, 'nowhere')} does not exist`);
  });

  it('refuses an empty corpus', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    writeFileSync(path.join(dir, 'testset.jsonl'), testSetLines.join('\n'));
    await expect(run(configIn(dir, { ...bm25Only, corpus: { path: './corpus' } }))).rejects.toThrow(InputError);
  });

  it('clamps k larger than the corpus, with a warning', async () => {
    const dir = tempDir();
    writeCorpus(dir, twoDocs);
    writeFileSync(path.join(dir, 'testset.jsonl'), testSetLines.join('\n'));
    const result = await run(configIn(dir, { ...bm25Only, corpus: { path: './corpus' }, k: 5 }));
    expect(result.summary.configurations[0]!.k).toBe(2);
    expect(result.summary.warnings).toContain('retriever "bm25": k = 5 is larger than the 2 chunks in the corpus; using k = 2');
    expect(result.summary.configurations[0]!.metrics.mrr!.mean).toBe(1);
  });

  it('stops at a test-set line that is not JSON, naming file and line', async () => {
    const dir = tempDir();
    writeCorpus(dir, twoDocs);
    writeFileSync(path.join(dir, 'testset.jsonl'), [testSetLines[0], '{not json', testSetLines[1]].join('\n'));
    await expect(run(configIn(dir, { ...bm25Only, corpus: { path: './corpus' } }))).rejects.toThrow(`${path.join(dir, 'testset.jsonl')}:2: not valid JSON`);
  });

  it('skips such a line when told to, and says so', async () => {
    const dir = tempDir();
    writeCorpus(dir, twoDocs);
    writeFileSync(path.join(dir, 'testset.jsonl'), [testSetLines[0], '{not json', testSetLines[1]].join('\n'));
    const result = await run(configIn(dir, { ...bm25Only, corpus: { path: './corpus' }, testSet: { path: './testset.jsonl', onInvalidLine: 'skip' } }));
    expect(result.summary.testSet.items).toBe(2);
    expect(result.summary.warnings.some((w) => w.startsWith(`${path.join(dir, 'testset.jsonl')}:2: not valid JSON`) && w.endsWith('(line skipped)'))).toBe(true);
  });

  it('counts and names references to unknown documents; their questions score null, not 0', async () => {
    const dir = tempDir();
    writeCorpus(dir, twoDocs);
    const ghost = JSON.stringify({ id: 'q-ghost', question: 'where is the ghost', references: [{ docId: 'ghost.txt' }] });
    writeFileSync(path.join(dir, 'testset.jsonl'), [...testSetLines, ghost].join('\n'));
    const result = await run(configIn(dir, { ...bm25Only, corpus: { path: './corpus' }, k: 1 }));
    expect(result.summary.testSet.unknownReferences).toEqual([{ itemId: 'q-ghost', docId: 'ghost.txt' }]);
    expect(result.summary.warnings).toContain('1 reference(s) name documents that are not in the corpus (q-ghost → ghost.txt); they can never be retrieved');
    const recall = result.summary.configurations[0]!.metrics.recall!;
    // Two hits of two: the Wilson interval [0.3424, 1], never the zero-width [1, 1] (changed on purpose).
    expect(recall).toEqual({
      mean: 1,
      scored: 2,
      total: 3,
      ci95: [expect.closeTo(0.34238, 5) as unknown, 1],
      ciMethod: 'wilson',
      sd: 0,
      nullReasons: { 'the references of this question name only documents that are not in the corpus': 1 },
    });
  });

  it('rejects duplicate question ids', async () => {
    const dir = tempDir();
    writeCorpus(dir, twoDocs);
    writeFileSync(path.join(dir, 'testset.jsonl'), [testSetLines[0], testSetLines[0]].join('\n'));
    await expect(run(configIn(dir, { ...bm25Only, corpus: { path: './corpus' } }))).rejects.toThrow(/testset\.jsonl:2: .*q-cats/);
  });

  it('asks for a test set when none is configured', async () => {
    const dir = tempDir();
    writeCorpus(dir, twoDocs);
    await expect(run(configIn(dir, { retrievers: [{ name: 'bm25', type: 'bm25' }], corpus: { path: './corpus' } }))).rejects.toThrow(
      'testSet.path: expected the path of a JSONL test set; write one by hand or run `rag-eval generate CONFIG --offline`',
    );
  });
});
