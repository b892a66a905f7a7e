import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../kernel/errors.js';
import { importedSamples, parseImportedAnswers } from '../../../../pipelines/stages/imported/import-answers.js';
import { judgeSamples } from '../../../../pipelines/stages/judge/judge-samples.js';
import { TestItem } from '../../../../kernel/test-item.js';

const items = [
  TestItem.parse({ id: 'gc', question: 'auto garbage collection', referenceAnswer: 'Java has a GC.', references: [{ docId: 'java.md' }] }),
  TestItem.parse({ id: 'web', question: 'web backends', references: [{ docId: 'php.md' }] }),
];

describe('imported answers', () => {
  it('match test items by id, then by question; unmatched lines keep their question', () => {
    const text = [
      { id: 'gc', answer: 'Java collects garbage.', contexts: ['Java has a garbage collector.'], retrievedIds: ['java.md#0'] },
      { question: ' web backends ', answer: 'PHP.', contexts: ['PHP powers websites.', 'Go too.'] },
      { question: 'something else', answer: 'No idea.', contexts: [] },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const result = importedSamples(parseImportedAnswers(text, 'answers.jsonl'), items, 'answers.jsonl');
    expect(result.samples.map((s) => s.qid)).toEqual(['gc', 'web', 'answers.jsonl:3']);
    expect(result.samples[0]).toMatchObject({
      referenceAnswer: 'Java has a GC.',
      contexts: [{ id: 'java.md#0', text: 'Java has a garbage collector.' }],
      references: [{ docId: 'java.md', grade: 1 }],
    });
    expect(result.samples[1]!.contexts.map((c) => c.id)).toEqual(['context-1', 'context-2']);
    expect(result.unmatched).toBe(1);
    expect(result.warnings[0]).toContain('1 of 3 imported answers match no test item');
  });

  it('bad lines name the file and line', () => {
    const bad = (text: string) => () => importedSamples(parseImportedAnswers(text, 'a.jsonl'), items, 'a.jsonl');
    expect(bad('{"answer": "x", "contexts": []}')).toThrow(/a\.jsonl:1.*id or a question/);
    expect(bad('{"id": "gc", "answer": "x", "contexts": ["a"], "retrievedIds": []}')).toThrow(/retrievedIds must name each context/);
    expect(bad('{"id": "nope", "answer": "x", "contexts": []}')).toThrow(InputError);
    expect(bad('{"id": "gc", "answer": "x", "contexts": []}\n{"id": "gc", "answer": "y", "contexts": []}')).toThrow(/a\.jsonl:2.*second answer/);
    expect(bad('not json')).toThrow(/a\.jsonl:1/);
  });

  it('imported samples go through the judge stage like generated ones (non-LLM metrics, no endpoint)', async () => {
    const text = JSON.stringify({ id: 'gc', answer: 'Java collects garbage.', contexts: ['Java has a garbage collector.', 'SQL queries tables.'] });
    const { samples } = importedSamples(parseImportedAnswers(text, 'a.jsonl'), items, 'a.jsonl');
    const judged = await judgeSamples({
      configuration: 'imported',
      samples,
      metrics: ['string_context_recall', 'reference_context_recall'],
      deps: { minOverlap: 0.5, answerRelevance: { questions: 3, strategy: 'n' }, stringThreshold: 0.5 },
      repetitions: 1,
      baseSeed: 1,
    });
    // "Java has a GC." → content words java, gc; context 1 holds "java" only: coverage 1/2 ≥ 0.5 → attributed
    expect(judged.scores.get('gc')).toEqual({
      string_context_recall: { value: 1 },
      // imported contexts carry no offsets into the corpus: not measurable rather than 0
      reference_context_recall: { value: null, reason: 'the contexts carry no document offsets to match the references against' },
    });
  });
});
