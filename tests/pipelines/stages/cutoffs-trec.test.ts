/**
 * Metrics at cut-offs through the run pipeline's scoring (scoreRetrieval), checked against
 * trec_eval 10.0's own outputs: P_N, recall_N, ndcg_cut_N and success_N per query.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Judgments } from '../../../evaluators/ir/relevance.js';
import { readQrelsFileSync, readRunFileSync } from '../../../evaluators/trec/formats.js';
import { formatFourDecimals } from '../../../evaluators/trec-eval-command.js';
import { scoreRetrieval, NO_RELEVANT_REASON } from '../../../pipelines/stages/score-retrieval.js';
import type { QueryRetrieval } from '../../../pipelines/stages/retrieve.js';
import { HAVE_FIXTURES, fixturePath, reportSkippedFixtures } from '../../evaluators/fixtures.js';

reportSkippedFixtures('cut-off metrics against trec_eval');

const TREC_NAME: Record<string, string> = { precision: 'P', recall: 'recall', ndcg: 'ndcg_cut', hit_rate: 'success' };

/** Each run line becomes a retrieved "chunk" whose id is the docno, judged at chunk level. */
function retrievalsOf(runFile: string): QueryRetrieval[] {
  const { run } = readRunFileSync(fixturePath('trec_eval', runFile));
  return [...run].map(([qid, docs]) => ({
    qid,
    latencyMs: 0,
    hits: docs.map((d) => ({ chunk: { id: d.docId, docId: d.docId, index: 0, start: 0, end: 0, text: '' }, score: d.score })),
  }));
}

function expectedLines(output: string): Map<string, string> {
  const lines = readFileSync(fixturePath('trec_eval', output), 'utf8').split('\n').filter(Boolean);
  return new Map(lines.map((line) => line.split('\t')).map(([measure = '', qid = '', value = '']) => [`${measure.trim()}\t${qid}`, value]));
}

function compare(options: { qrels: string; run: string; output: string; cutoffs: Record<string, number[]>; expectedCount: number }): void {
  const judgments: Judgments = new Map([...readQrelsFileSync(fixturePath('trec_eval', options.qrels))].map(([q, m]) => [q, new Map(m)]));
  const all = [...new Set(Object.values(options.cutoffs).flat())];
  const scores = scoreRetrieval({
    retrievals: retrievalsOf(options.run),
    judgments,
    level: 'chunk',
    k: 1000,
    metrics: ['precision', 'recall', 'hit_rate', 'ndcg'],
    relLevel: 1,
    cutoffs: all,
  });
  const expected = expectedLines(options.output);
  let compared = 0;
  for (const row of scores) {
    for (const [metric, cutoffs] of Object.entries(options.cutoffs)) {
      for (const n of cutoffs) {
        const score = row.scores[`${metric}@${n}`]!;
        const want = expected.get(`${TREC_NAME[metric]}_${n}\t${row.qid}`);
        expect(want, `${options.output}: ${TREC_NAME[metric]}_${n} ${row.qid}`).toBeDefined();
        if ((judgments.get(row.qid)?.size ?? 0) === 0) {
          expect(score).toEqual({ value: null, reason: NO_RELEVANT_REASON });
          continue;
        }
        expect(formatFourDecimals(score.value!), `${metric}@${n} ${row.qid}`).toBe(want);
        compared += 1;
      }
    }
  }
  expect(compared).toBe(options.expectedCount);
}

describe.skipIf(!HAVE_FIXTURES)('cut-off metrics equal trec_eval 10.0', () => {
  it('tiny fixture: P.1,3,5 recall.3,5 ndcg_cut.3,10 success.1,3 for every query', () => {
    const cutoffs = { precision: [1, 3, 5], recall: [3, 5], ndcg: [3, 10], hit_rate: [1, 3] };
    compare({ qrels: 'tiny.qrels', run: 'tiny.run', output: 'tiny.out', cutoffs, expectedCount: 2 * 9 });
  });

  it('out.test.aq: P, recall, ndcg_cut at 5..100 and success at 1, 5, 10 for every query', () => {
    const depths = [5, 10, 15, 20, 30, 100];
    const cutoffs = { precision: depths, recall: depths, ndcg: depths, hit_rate: [1, 5, 10] };
    compare({ qrels: 'qrels.test', run: 'results.test', output: 'out.test.aq', cutoffs, expectedCount: 3 * (3 * 6 + 3) });
  });
});
