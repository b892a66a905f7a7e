import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBeir } from '../../corpora/beir.js';
import { hashText } from '../../corpora/hash.js';
import { loadCorpus } from '../../corpora/load.js';
import { TestItem } from '../../kernel/test-item.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rag-eval-beir-'));
  await mkdir(join(dir, 'qrels'));
  await writeFile(
    join(dir, 'corpus.jsonl'),
    [
      { _id: 'd1', title: 'Cats', text: 'Cats purr.' },
      { _id: 'd2', title: '', text: 'Dogs bark.' },
      { _id: 'd3', text: 'Fish swim.' },
    ].map((line) => JSON.stringify(line)).join('\n') + '\n',
  );
  await writeFile(
    join(dir, 'queries.jsonl'),
    ['{"_id":"q1","text":"what purrs"}', '{"_id":"q2","text":"who barks"}', '{"_id":"q3","text":"unjudged"}', '{"_id":"q4","text":"only zero"}'].join('\n'),
  );
  await writeFile(join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td3\t0\nq2\td2\t1\nq2\tghost\t1\nq4\td3\t0\n');
  await writeFile(join(dir, 'qrels', 'dev.tsv'), 'query-id\tcorpus-id\tscore\nq3\td3\t1\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadBeir', () => {
  it('turns qrels of the test split into document-reference test items', async () => {
    const { corpus, testItems, skippedQueries, warnings } = await loadBeir(dir);
    expect(corpus.documents.map((d) => [d.id, d.title, d.text])).toEqual([
      ['d1', 'Cats', 'Cats\n\nCats purr.'],
      ['d2', undefined, 'Dogs bark.'],
      ['d3', undefined, 'Fish swim.'],
    ]);
    expect(testItems).toEqual([
      {
        schemaVersion: 1,
        id: 'q1',
        question: 'what purrs',
        references: [{ docId: 'd1', grade: 2 }, { docId: 'd3', grade: 0 }],
        generator: { name: 'beir' },
        language: 'en',
        sourceHashes: { d1: hashText('Cats\n\nCats purr.'), d3: hashText('Fish swim.') },
      },
      {
        schemaVersion: 1,
        id: 'q2',
        question: 'who barks',
        references: [{ docId: 'd2', grade: 1 }],
        generator: { name: 'beir' },
        language: 'en',
        sourceHashes: { d2: hashText('Dogs bark.') },
      },
    ]);
    for (const item of testItems) expect(TestItem.parse(item)).toEqual(item);
    expect(skippedQueries).toEqual({ noQrels: 1, noRelevantDocument: 1 });
    expect(warnings).toEqual(['qrels/test.tsv:5: document "ghost" is not in the corpus; reference dropped']);
  });

  it('reads another split and can keep titles out of the text', async () => {
    const { corpus, testItems, skippedQueries } = await loadBeir(dir, { split: 'dev', titleInText: false });
    expect(corpus.documents[0]?.text).toBe('Cats purr.');
    expect(testItems.map((item) => [item.id, item.references])).toEqual([['q3', [{ docId: 'd3', grade: 1 }]]]);
    expect(skippedQueries).toEqual({ noQrels: 3, noRelevantDocument: 0 });
  });

  it('names a missing split and lists the available ones', async () => {
    await expect(loadBeir(dir, { split: 'train' })).rejects.toThrow(
      `BEIR split "train" not found: expected ${join(dir, 'qrels', 'train.tsv')}; available splits: dev, test`,
    );
  });

  it('reports a malformed qrels line as file:line', async () => {
    await writeFile(join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\thigh\n');
    await expect(loadBeir(dir)).rejects.toThrow(
      `${join(dir, 'qrels', 'test.tsv')}:2: expected "query-id<TAB>corpus-id<TAB>integer score", got "q1\td1\thigh"`,
    );
  });

  it('is recognised by loadCorpus, which loads only the corpus', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
  });
});
