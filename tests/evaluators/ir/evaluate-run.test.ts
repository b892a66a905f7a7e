import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../../evaluators/ir/evaluate-run.js';
import { parseQrels, parseRun, readQrelsFile, readRunFile } from '../../../evaluators/trec/formats.js';
import { ConfigError } from '../../../kernel/errors.js';
import { HAVE_FIXTURES, fixturePath, reportSkippedFixtures } from '../fixtures.js';

const QRELS = parseQrels(
  ['q1 0 a 3', 'q1 0 b 0', 'q1 0 c 1', 'q1 0 d 2', 'q2 0 g 0', 'q2 0 h 0', 'q3 0 z 1'].join('\n'),
  'hand.qrels',
);
// q1 scores tie between c and d: trec_eval puts the larger docid (d) first.
const RUN = parseRun(
  ['q1 Q0 c 1 0.5 r', 'q1 Q0 a 2 0.9 r', 'q1 Q0 d 3 0.5 r', 'q1 Q0 x 4 0.1 r', 'q2 Q0 g 1 2 r', 'q2 Q0 y 2 1 r', 'q9 Q0 a 1 1 r'].join('\n'),
  'hand.run',
).run;

describe('evaluateRun on a hand-made run', () => {
  const result = evaluateRun({ qrels: QRELS, run: RUN, measures: ['map', 'P.2', 'recip_rank', 'num_rel', 'num_ret', 'gm_map', 'num_q', 'F1.2'] });

  it('evaluates queries in both run and qrels, in id order', () => {
    expect(result.numQueries).toBe(2);
    expect([...result.perQuery.keys()]).toEqual(['q1', 'q2']);
  });

  it('ranks ties by docid descending (q1 order: a d c x)', () => {
    expect(result.perQuery.get('q1')).toEqual({
      num_ret: 4, num_rel: 3, map: (1 + 2 / 2 + 3 / 3) / 3, recip_rank: 1, P_2: 1, F1_2: (2 * 1 * (2 / 3)) / (1 + 2 / 3),
    });
  });

  it('gives a query without relevant documents zeros, and leaves all-only measures out of perQuery', () => {
    expect(result.perQuery.get('q2')).toEqual({ num_ret: 2, num_rel: 0, map: 0, recip_rank: 0, P_2: 0, F1_2: 0 });
  });

  it('averages: means for rates, sums for counts, floored geometric mean for gm_map', () => {
    const { gm_map: gmMap, ...rest } = result.averages;
    expect(rest).toEqual({ num_q: 2, num_ret: 6, num_rel: 3, map: 0.5, recip_rank: 0.5, P_2: 0.5, F1_2: 0.4 });
    expect(gmMap).toBeCloseTo(Math.sqrt(1 * 0.00001), 15); // q2's AP of 0 floored
    expect(result.measures.map((m) => m.id)).toEqual(['num_q', 'num_ret', 'num_rel', 'map', 'gm_map', 'recip_rank', 'P_2', 'F1_2']);
  });

  it('completeQueries averages over every qrels query; a missing one counts as an empty ranking', () => {
    const complete = evaluateRun({ qrels: QRELS, run: RUN, measures: ['map', 'num_rel', 'num_q'], completeQueries: true });
    expect(complete.numQueries).toBe(3);
    expect(complete.perQuery.get('q3')).toEqual({ num_rel: 1, map: 0 });
    expect(complete.averages).toEqual({ num_q: 3, num_rel: 4, map: 1 / 3 });
  });

  it('maxResults keeps the first N after ordering', () => {
    const cut = evaluateRun({ qrels: QRELS, run: RUN, measures: ['num_ret', 'num_rel_ret'], maxResults: 2 });
    expect(cut.perQuery.get('q1')).toEqual({ num_ret: 2, num_rel_ret: 2 }); // a, d
  });

  it('relLevel raises the relevance threshold', () => {
    const strict = evaluateRun({ qrels: QRELS, run: RUN, measures: ['num_rel', 'P.2'], relLevel: 3 });
    expect(strict.perQuery.get('q1')).toEqual({ num_rel: 1, P_2: 0.5 });
  });

  it('no evaluated query gives zeros, not NaN', () => {
    const none = evaluateRun({ qrels: QRELS, run: new Map(), measures: ['map', 'gm_map', 'num_q', 'ndcg'] });
    expect(none.numQueries).toBe(0);
    expect(none.averages).toEqual({ num_q: 0, map: 0, gm_map: 0, ndcg: 0 });
  });

  it('rejects bad options by name', () => {
    expect(() => evaluateRun({ qrels: QRELS, run: RUN, measures: ['map'], maxResults: 0 })).toThrow(ConfigError);
    expect(() => evaluateRun({ qrels: QRELS, run: RUN, measures: ['map'], maxResults: 0 })).toThrow(/maxResults \(-M\)/);
    expect(() => evaluateRun({ qrels: QRELS, run: RUN, measures: ['bpref'] })).toThrow(/unsupported measure "bpref"/);
  });
});

reportSkippedFixtures('ir_measures fixtures through evaluateRun');

describe.skipIf(!HAVE_FIXTURES)('ir_measures fixtures through evaluateRun', () => {
  const measures = ['official', 'recall', 'ndcg', 'ndcg_cut', 'success', 'F1'];

  async function evaluate(name: string) {
    const qrels = await readQrelsFile(fixturePath('ir_measures', `${name}.qrels`));
    const { run } = await readRunFile(fixturePath('ir_measures', `${name}.run`));
    return evaluateRun({ qrels, run, measures });
  }

  function allValues(result: Awaited<ReturnType<typeof evaluate>>): number[] {
    return [...result.perQuery.values()].flatMap((values) => Object.values(values)).concat(Object.values(result.averages));
  }

  it('compat: finite values and hand-checked counts', async () => {
    const result = await evaluate('compat');
    const values = allValues(result);
    // per query: 6 scalar measures + P 9 + recall 9 + ndcg 1 + ndcg_cut 9 + success 3 + F1 9 = 46;
    // `all` adds num_q and gm_map.
    expect(values.length).toBe(2 * 46 + 48);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(result.perQuery.get('31_1')).toMatchObject({ num_ret: 980, num_rel: 89, num_rel_ret: 81, P_10: 1, recip_rank: 1, recall_1000: 81 / 89 });
    expect(result.perQuery.get('31_2')).toMatchObject({ num_ret: 947, num_rel: 77, num_rel_ret: 46, recip_rank: 1 / 26, success_10: 0 });
    expect(result.averages.recip_rank).toBeCloseTo((1 + 1 / 26) / 2, 12);
  });

  it('cwl: finite values and hand-checked precision, AP and RR', async () => {
    const result = await evaluate('cwl');
    expect(allValues(result).every(Number.isFinite)).toBe(true);
    expect(result.numQueries).toBe(3);
    expect(result.perQuery.get('T1')).toMatchObject({ P_5: 0.6, num_rel: 5, recip_rank: 1 });
    expect(result.perQuery.get('T1')?.map).toBeCloseTo((1 + 2 / 3 + 3 / 4 + 4 / 7 + 5 / 9) / 5, 12);
    expect(result.perQuery.get('T2')).toMatchObject({ P_5: 0.6, num_rel: 6 });
    expect(result.perQuery.get('T3')).toMatchObject({ P_5: 0, recip_rank: 1 / 6, recall_10: 1, success_5: 0 });
  });
});
