/**
 * trec_eval 10.0 as the oracle: every line of every fixture output whose measure rag-eval
 * supports must print the same value, per query and `all`, and in the same order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMeasureId } from '../../../evaluators/ir/registry.js';
import { runTrecEval, type TrecEvalOptions } from '../../../evaluators/trec-eval-command.js';
import { HAVE_FIXTURES, fixturePath, reportSkippedFixtures } from '../fixtures.js';

reportSkippedFixtures('trec_eval oracle tests');

/** Everything rag-eval supports from trec_eval's all_trec set. */
const ALL_TREC_SUPPORTED = ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'recip_rank', 'P', 'recall', 'ndcg', 'ndcg_cut', 'success'];

interface FixtureCase {
  readonly output: string;
  readonly qrels: string;
  readonly run: string;
  readonly options: Omit<TrecEvalOptions, 'qrelsPath' | 'runPath'>;
  /** Lines of the fixture with a supported measure: the test fails if fewer are compared. */
  readonly comparedLines: number;
}

const base = { perQuery: false, complete: false };
// Per query in all_trec: 6 scalar measures + P 9 + recall 9 + ndcg 1 + ndcg_cut 9 + success 3 = 37;
// `all` adds runid, num_q and gm_map: 40.
const CASES: FixtureCase[] = [
  { output: 'out.test', qrels: 'qrels.test', run: 'results.test', options: { ...base, measures: [] }, comparedLines: 18 },
  { output: 'out.test.a', qrels: 'qrels.test', run: 'results.test', options: { ...base, measures: ALL_TREC_SUPPORTED }, comparedLines: 40 },
  { output: 'out.test.aq', qrels: 'qrels.test', run: 'results.test', options: { ...base, perQuery: true, measures: ALL_TREC_SUPPORTED }, comparedLines: 3 * 37 + 40 },
  { output: 'out.test.aqc', qrels: 'qrels.test', run: 'results.trunc', options: { perQuery: true, complete: true, measures: ALL_TREC_SUPPORTED }, comparedLines: 3 * 37 + 40 },
  {
    output: 'out.test.aqcM', qrels: 'qrels.test', run: 'results.trunc',
    options: { perQuery: true, complete: true, maxResults: 100, measures: ALL_TREC_SUPPORTED }, comparedLines: 3 * 37 + 40,
  },
  {
    output: 'out.test.aql', qrels: 'qrels.rel_level', run: 'results.test',
    options: { ...base, perQuery: true, relLevel: 2, measures: ALL_TREC_SUPPORTED }, comparedLines: 3 * 37 + 40,
  },
  {
    // trec_eval was given ndcg_cut.10,20,23.4 and truncated 23.4 to 23; rag-eval accepts integers only.
    output: 'out.test.meas_params', qrels: 'qrels.test', run: 'results.test',
    options: { ...base, perQuery: true, measures: ['P.5,7,3', 'recall.20,2000', 'ndcg_cut.10,20,23', 'success.2,5,20'] },
    comparedLines: 4 * (3 + 2 + 3 + 3),
  },
  {
    output: 'tiny.out', qrels: 'tiny.qrels', run: 'tiny.run',
    options: { ...base, perQuery: true, measures: ['map', 'P.1,3,5', 'recall.3,5', 'recip_rank', 'ndcg', 'ndcg_cut.3,10', 'success.1,3', 'num_rel_ret'] },
    comparedLines: 39,
  },
];

interface OutputLine {
  readonly measure: string;
  readonly queryId: string;
  readonly value: string;
  readonly raw: string;
}

function parseOutput(text: string): OutputLine[] {
  return text.split('\n').filter((line) => line !== '').map((raw) => {
    const [measure = '', queryId = '', value = ''] = raw.split('\t');
    return { measure: measure.trim(), queryId, value, raw };
  });
}

describe.skipIf(!HAVE_FIXTURES)('rag-eval trec equals trec_eval 10.0 on its test fixtures', () => {
  for (const fixture of CASES) {
    describe(fixture.output, () => {
      const expected = () => parseOutput(readFileSync(fixturePath('trec_eval', fixture.output), 'utf8'))
        .filter((line) => parseMeasureId(line.measure) !== undefined);
      const actual = () => runTrecEval({
        qrelsPath: fixturePath('trec_eval', fixture.qrels),
        runPath: fixturePath('trec_eval', fixture.run),
        ...fixture.options,
      });

      it('prints the same value for every supported line', () => {
        const ours = new Map(parseOutput(actual()).map((line) => [`${line.measure}\t${line.queryId}`, line.value]));
        let compared = 0;
        for (const line of expected()) {
          expect(ours.get(`${line.measure}\t${line.queryId}`), `${fixture.output}: ${line.raw}`).toBe(line.value);
          compared += 1;
        }
        expect(compared).toBe(fixture.comparedLines);
      });

      it('prints exactly those lines, in trec_eval order and format', () => {
        const text = expected().map((line) => `${line.raw}\n`).join('');
        expect(actual()).toBe(text);
      });
    });
  }
});
