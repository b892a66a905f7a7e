import { describe, expect, it } from 'vitest';
import { parseMeasureId, parseMeasureSpecs } from '../../../evaluators/ir/registry.js';
import { ConfigError } from '../../../kernel/errors.js';

const ids = (specs: string[]) => parseMeasureSpecs(specs).map((m) => m.id);

describe('parseMeasureSpecs', () => {
  it('expands defaults and orders like trec_eval (table order, cutoffs ascending, merged)', () => {
    expect(ids(['success', 'map', 'P.5,7,3', 'P.5,20'])).toEqual(['map', 'P_3', 'P_5', 'P_7', 'P_20', 'success_1', 'success_5', 'success_10']);
    expect(ids(['recall.20,2000', 'ndcg_cut.10,20', 'ndcg', 'Rprec', 'recip_rank'])).toEqual([
      'Rprec', 'recip_rank', 'recall_20', 'recall_2000', 'ndcg', 'ndcg_cut_10', 'ndcg_cut_20',
    ]);
    expect(ids(['F1.5'])).toEqual(['F1_5']);
  });

  it('official (and no -m at all) is trec_eval\'s default set minus unsupported measures', () => {
    const official = ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'recip_rank',
      'P_5', 'P_10', 'P_15', 'P_20', 'P_30', 'P_100', 'P_200', 'P_500', 'P_1000'];
    expect(ids(['official'])).toEqual(official);
    expect(ids([])).toEqual(official);
  });

  it.each([
    ['bpref', /unsupported measure "bpref"; supported: runid, num_q, .*, F1, official/],
    ['iprec_at_recall.0.5', /unsupported measure "iprec_at_recall"/],
    ['map.5', /-m map.5: measure "map" takes no parameters/],
    ['P.5,x', /-m P.5,x: expected cutoffs as comma-separated positive integers \(e.g. P.5,10\), found "x"/],
    ['ndcg_cut.23.4', /found "23.4"/],
    ['P.', /found ""/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseMeasureSpecs([spec])).toThrow(ConfigError);
    expect(() => parseMeasureSpecs([spec])).toThrow(message);
  });
});

describe('parseMeasureId', () => {
  it('maps printed ids back to measures and refuses look-alikes', () => {
    expect(parseMeasureId('ndcg_cut_10')).toEqual({ id: 'ndcg_cut_10', family: 'ndcg_cut', cutoff: 10 });
    expect(parseMeasureId('gm_map')).toEqual({ id: 'gm_map', family: 'gm_map' });
    expect(['map_cut_5', 'relative_P_5', 'Rprec_mult_0.20', 'ndcg_1=3,2=9', 'P', 'map_5', 'bpref'].map(parseMeasureId)).toEqual(Array(7).fill(undefined));
  });
});
