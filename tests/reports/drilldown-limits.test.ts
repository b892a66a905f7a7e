import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipelines/config/load.js';
import { silentProgress } from '../../pipelines/progress/progress.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import { renderDrilldown } from '../../reports/html/drilldown.js';
import type { ReportQuestion } from '../../reports/html/report-data.js';
import { describeCut, informativeness, selectQuestions } from '../../reports/html/select-questions.js';
import { useTempDirs } from '../support/temp-dir.js';

describe('choosing the drill-down questions', () => {
  it('informativeness: disagreement between configurations, then failure at half weight; unmeasured last', () => {
    expect(informativeness([1, 0])).toBe(1.5);
    expect(informativeness([0.5, 0.5])).toBe(0.25);
    expect(informativeness([1, 1])).toBe(0);
    expect(informativeness([null, 0.2])).toBe(0.4);
    expect(informativeness([null, null])).toBe(-1);
  });

  it('keeps all questions that fit; else the most informative, in test-set order, ties by order', () => {
    const qs = [
      { qid: 'a', values: [1, 1] },
      { qid: 'b', values: [0, 1] },
      { qid: 'c', values: [null, null] },
      { qid: 'd', values: [0.5, 0.5] },
      { qid: 'e', values: [0.5, 0.5] },
    ];
    expect([...selectQuestions(qs, 5)]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...selectQuestions(qs, 2)].sort()).toEqual(['b', 'd']);
    expect([...selectQuestions(qs, 4)].sort()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('says what it left out', () => {
    expect(describeCut({ totalQuestions: 10, shownQuestions: 10, metric: 'mrr', maxHits: 10, hitsCut: false })).toBeNull();
    expect(describeCut({ totalQuestions: 100_000, shownQuestions: 500, metric: 'mrr', maxHits: 10, hitsCut: true })).toBe(
      'Showing 500 of 100,000 questions: the ones where the configurations disagree most on mrr, then those scoring lowest. ' +
        'Each ranking shows its top 10 results. Every question and result is in scores.jsonl, retrieval.jsonl and the TREC run files.',
    );
  });

  it('stops adding question blocks at the byte budget and says how many it left out', () => {
    const question = (i: number): ReportQuestion => ({
      qid: `q${i}`,
      question: 'x'.repeat(1000),
      referenceAnswer: null,
      references: [],
      configurations: { a: { hits: [], scores: {}, latencyMs: 1 } },
    });
    const html = renderDrilldown(Array.from({ length: 20 }, (_, i) => question(i)), ['a'], ['mrr'], null, 5_000);
    const shown = html.match(/<details class="question"/g)!.length;
    expect(shown).toBe(3);
    expect(html).toContain('17 more questions were left out to keep this page under 5000 bytes');
    expect(html).toContain(`${shown} of ${shown} questions shown`);
  });
});

describe('report.html of a run with many questions and a deep k', () => {
  const tempDir = useTempDirs();

  it('shows 500 questions with the top 10 results each, says so, and stays small', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'corpus'));
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
    for (let d = 0; d < 60; d++) {
      writeFileSync(path.join(dir, 'corpus', `doc${String(d).padStart(2, '0')}.txt`), `${words[d % 12]} ${words[(d * 5) % 12]} document ${d} ${'filler text '.repeat(20)}`);
    }
    const lines = Array.from({ length: 700 }, (_, i) =>
      JSON.stringify({
        id: `q${i}`,
        question: `${words[i % 12]} ${words[(i * 7) % 12]} document`,
        references: [{ docId: `doc${String(i % 60).padStart(2, '0')}.txt` }],
      }),
    );
    writeFileSync(path.join(dir, 'testset.jsonl'), `${lines.join('\n')}\n`);
    const config = parseConfig({
      corpus: { path: './corpus' },
      testSet: { path: './testset.jsonl' },
      relevance: { level: 'document' },
      k: 30,
      retrievers: [{ name: 'bm25', type: 'bm25' }, { name: 'bm25-flat', type: 'bm25', bm25: { k1: 0 } }],
      metrics: ['mrr', 'recall'],
    });
    const outDir = path.join(dir, 'run');
    const result = await runPipeline({ loaded: { config, file: path.join(dir, 'rag-eval.yaml'), baseDir: dir }, outDir, clients: defaultClients({ baseDir: dir, env: {} }), progress: silentProgress });
    const html = readFileSync(result.htmlPath ?? path.join(outDir, 'report.html'), 'utf8');
    expect(html.match(/<details class="question"/g)).toHaveLength(500);
    expect(html).toContain('Showing 500 of 700 questions: the ones where the configurations disagree most on mrr, then those scoring lowest. Each ranking shows its top 10 results.');
    const firstQuestion = html.slice(html.indexOf('<details class="question"'), html.indexOf('</details>', html.indexOf('<details class="question"')));
    expect(firstQuestion.match(/<table class="hits">/g)).toHaveLength(2);
    expect(firstQuestion.match(/<tr class="(rel|nonrel)">/g)).toHaveLength(20);
    expect(statSync(path.join(outDir, 'report.html')).size).toBeLessThan(10_000_000);
    // Everything is still in the JSONL: 700 questions × 2 configurations, 30 results each.
    const retrieval = readFileSync(path.join(outDir, 'retrieval.jsonl'), 'utf8').trim().split('\n');
    expect(retrieval).toHaveLength(1400);
  });
});
