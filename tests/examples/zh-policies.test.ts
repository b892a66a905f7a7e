/**
 * The bundled Chinese example, run offline as the README says: its numbers (the README's table),
 * the language warning for the English-only bundled model, per-language and per-tag slices, cut-offs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { runPipeline, type RunPipelineResult } from '../../pipelines/runner/run-pipeline.js';
import type { RunSummary } from '../../reports/summary-schema.js';
import { useTempDirs } from '../support/temp-dir.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/zh-policies/rag-eval.yaml');

describe('examples/zh-policies', () => {
  const tempDir = useTempDirs();
  let result: RunPipelineResult;
  let summary: RunSummary;
  let report = '';
  let html = '';
  const mean = (configuration: string, metric: string) => summary.configurations.find((c) => c.name === configuration)!.metrics[metric]!.mean;
  const slice = (dimension: string, value: string) => summary.slices.find((s) => s.dimension === dimension && s.value === value)!;

  beforeAll(async () => {
    result = await runPipeline({ loaded: await loadConfig(EXAMPLE), outDir: tempDir(), clients: defaultClients(), progress: silentProgress });
    summary = result.summary;
    report = readFileSync(result.reportPath, 'utf8');
    html = readFileSync(result.htmlPath, 'utf8');
  });

  it('scores the README table: BM25 18 of 23 at rank 1, the English-only dense model far behind', () => {
    expect(summary.testSet.items).toBe(23);
    expect(mean('bm25', 'hit_rate')).toBe(18 / 23);
    expect(mean('bm25', 'mrr')).toBe(18 / 23);
    expect(mean('use-dense', 'hit_rate')).toBe(8 / 23);
    expect(mean('use-dense', 'mrr')!.toFixed(4)).toBe('0.2406');
    expect(mean('hybrid-rrf', 'hit_rate')).toBe(17 / 23);
    expect(mean('hybrid-rrf', 'mrr')!.toFixed(4)).toBe('0.4899');
  });

  it('reports every rank metric at the cut-offs 1, 3 and 5', () => {
    expect(summary.cutoffs?.values).toEqual([1, 3, 5]);
    expect(mean('use-dense', 'hit_rate@1')).toBe(4 / 23);
    expect(mean('use-dense', 'hit_rate@3')).toBe(7 / 23);
    expect(mean('hybrid-rrf', 'hit_rate@1')).toBe(9 / 23);
    expect(mean('hybrid-rrf', 'hit_rate@5')).toBe(mean('hybrid-rrf', 'hit_rate'));
    expect(mean('bm25', 'precision@3')!.toFixed(10)).toBe((18 / 23 / 3).toFixed(10));
  });

  it('warns that the bundled model covers English only, naming the share of affected items', () => {
    expect(summary.languages).toEqual({
      documents: { zh: 15, en: 5 },
      questions: { zh: 18, en: 5 },
      gaps: [
        {
          configuration: 'use-dense',
          model: 'universal-sentence-encoder',
          modelLanguages: ['en'],
          uncovered: ['zh'],
          documents: { affected: 15, total: 20 },
          // 18 Chinese questions + 2 English questions whose evidence is Chinese.
          questions: { affected: 20, total: 23 },
        },
      ],
    });
    expect(summary.warnings.some((w) => w.startsWith('retriever "use-dense": its embedding model universal-sentence-encoder supports en only') && w.includes('20 of 23 (87%) questions'))).toBe(true);
    expect(report).toContain('> **Warning:** use-dense uses universal-sentence-encoder, which supports en only; not covered: zh. Affected: 20 of 23 (87%) questions, 15 of 20 (75%) documents.');
    expect(html).toContain('<p class="warning"><b>Warning:</b> use-dense uses universal-sentence-encoder, which supports en only; not covered: zh.');
  });

  it('slices every metric per language and per tag', () => {
    expect(summary.slices.map((s) => `${s.dimension}:${s.value}:${s.questions}`)).toEqual([
      'language:en:5', 'language:zh:18', 'tag:cross-language:4', 'tag:keyword:6', 'tag:paraphrase:13',
    ]);
    expect(slice('language', 'zh').metrics['bm25']!['hit_rate']!.mean).toBe(15 / 18);
    expect(slice('language', 'zh').metrics['use-dense']!['hit_rate']!.mean).toBe(5 / 18);
    expect(slice('language', 'en').metrics['use-dense']!['hit_rate']!.mean).toBe(3 / 5);
    expect(slice('tag', 'keyword').metrics['bm25']!['hit_rate']!.mean).toBe(1);
    // Nothing here retrieves across languages: BM25 has no shared words, the dense model knows English only.
    for (const name of ['bm25', 'use-dense', 'hybrid-rrf']) expect(slice('tag', 'cross-language').metrics[name]!['hit_rate']!.mean).toBe(0);
    expect(report).toContain('| language: zh | 18 | bm25 | 0.1667 (18/18) | 0.8333 (18/18) | 0.8333 (18/18) | 0.8333 (18/18) | 0.8333 (18/18) |');
  });

  it('robustness: every question perturbed where it fits, original vs perturbed Hit@5 per configuration, paired', () => {
    const r = summary.robustness!;
    expect(r.metric).toBe('hit_rate');
    expect(r.perturbations.map((p) => `${p.id}:${p.questions}`)).toEqual([
      'typos:5', 'case:5', 'punctuation:17', 'width:18', 'traditional:18', 'homophone:18', 'pinyin:18', 'truncation:23', 'filler:23', 'code-switch:16',
    ]);
    const row = (configuration: string, perturbation: string) => r.results.find((x) => x.configuration === configuration && x.perturbation === perturbation)!;
    // Traditional characters: BM25 loses 5 of its 15 Chinese hits and gains none (exact McNemar p = 2 × 0.5^5).
    expect(row('bm25', 'traditional')).toMatchObject({ n: 18, original: 15 / 18, perturbed: 10 / 18, method: 'mcnemar-exact' });
    expect(row('bm25', 'traditional').difference!.toFixed(12)).toBe((-5 / 18).toFixed(12));
    expect(row('bm25', 'traditional').p!.toFixed(12)).toBe((2 * 0.5 ** 5).toFixed(12));
    expect(row('hybrid-rrf', 'pinyin')).toMatchObject({ n: 18, original: 14 / 18 });
    expect(row('hybrid-rrf', 'pinyin').perturbed!.toFixed(12)).toBe((11 / 18).toFixed(12));
    expect(r.degradesLeast).toBe('use-dense');
    expect(report).toContain('## Robustness');
    expect(report).toContain('| traditional | bm25 | 18 | 0.8333 | 0.5556 | −0.2778 [−0.2778, +0.0121] | 0.063 |');
    expect(report).toContain('- **pinyin** (18 questions): one Chinese word typed as toneless pinyin — `年假 天数` → `nianjia 天数`');
    expect(html).toContain('<h2>Robustness</h2>');
  });
});
