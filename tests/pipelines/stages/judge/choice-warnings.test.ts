import { describe, expect, it } from 'vitest';
import { choiceWarnings } from '../../../../pipelines/stages/judge/choice-warnings.js';
import type { JudgmentRecord } from '../../../../pipelines/stages/judge/judge-samples.js';

const record = (returned: number, valid: number, strategy = 'n'): JudgmentRecord => ({
  configuration: 'bm25',
  qid: `q${returned}${valid}`,
  metric: 'answer_relevance',
  score: { value: 0.5 },
  samples: [{ seed: null, score: { value: 0.5 }, details: { strategy, generated: [], noncommittal: false, choices: { returned, valid } } }],
  spread: null,
  usage: { requests: 1, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: null },
});

describe('answer_relevance choice warnings', () => {
  it('"fewer than 3 choices" only when fewer were returned; invalid choices are named as invalid', () => {
    expect(choiceWarnings([record(3, 3)], 3)).toEqual([]);
    // three choices came back but one failed validation: that is not "fewer than 3 choices"
    expect(choiceWarnings([record(3, 2), record(3, 3)], 3)).toEqual(['answer_relevance: 1 of 3 choices in 1 answer(s) failed validation and were left out; scores use the valid ones']);
    expect(choiceWarnings([record(1, 1), record(3, 1)], 3)).toEqual([
      'answer_relevance: for 1 answer(s) the endpoint returned fewer than 3 choices for n = 3 (as few as 1); ' +
        'scores use the questions returned. Set judges.answerRelevance.strategy: list for servers that ignore n',
      'answer_relevance: 2 of 3 choices in 1 answer(s) failed validation and were left out; scores use the valid ones',
    ]);
    expect(choiceWarnings([record(1, 1)], 1)).toEqual([]);
    expect(choiceWarnings([record(1, 1, 'list')], 3)).toEqual([]);
  });
});
