import { describe, expect, it } from 'vitest';
import { chunkDocuments } from '../../corpora/chunk.js';
import { hashCorpus, hashText } from '../../corpora/hash.js';
import type { Corpus } from '../../kernel/corpus.js';
import { InputError } from '../../kernel/errors.js';
import { InverseDocumentFrequency } from '../../synthetic-data/idf.js';
import { generateOffline, pickKeywords } from '../../synthetic-data/offline-generator.js';
import { mulberry32, shuffled } from '../../synthetic-data/prng.js';
import { TestItem } from '../../kernel/test-item.js';
import { checkReferences, serializeTestSet } from '../../synthetic-data/test-set-io.js';

function corpusOf(texts: Record<string, string>): Corpus {
  const documents = Object.entries(texts).map(([id, text]) => ({ id, text, hash: hashText(text), source: id }));
  return { root: '/mem', documents, warnings: [], hash: hashCorpus(documents) };
}

describe('generateOffline', () => {
  it('asks the salient sentence and cites the rest of the chunk (English, sentence first)', async () => {
    const text = 'Dense retrievers embed passages into vectors.\nThey compare vectors by cosine similarity.';
    const corpus = corpusOf({ 'a.md': text });
    const chunks = await chunkDocuments(corpus.documents, { size: 200, overlap: 0 });
    const { items, warnings } = generateOffline(corpus, chunks, { count: 1, seed: 3, keywordVariant: false });
    expect(warnings).toEqual([]);
    // One chunk, so every word has the same IDF: 6 distinct words in each sentence, and the tie
    // would go to the earlier one, but a question is never longer than its evidence: the first
    // sentence (45 characters) would leave 42, so the second is asked and the first is the evidence.
    expect(items).toEqual([
      {
        schemaVersion: 1,
        id: 'ict-a.md-0',
        question: 'They compare vectors by cosine similarity.',
        references: [{ docId: 'a.md', start: 0, end: 45, text: 'Dense retrievers embed passages into vectors.', grade: 1 }],
        generator: { name: 'offline-ict', seed: 3 },
        language: 'en',
        sourceHashes: { 'a.md': hashText(text) },
      },
    ]);
    for (const item of items) expect(TestItem.parse(item)).toEqual(item);
  });

  it('works on Chinese: a middle sentence, evidence is the larger remaining part', async () => {
    const text = '向量数据库存储嵌入向量。检索增强生成结合了检索与生成两个步骤。模型生成回答。';
    const corpus = corpusOf({ 'zh.md': text });
    const chunks = await chunkDocuments(corpus.documents, { size: 100, overlap: 0 });
    const { items, warnings } = generateOffline(corpus, chunks, { count: 1, seed: 1, keywordVariant: true });
    expect(warnings).toEqual([]);
    // One chunk, so all IDFs are equal and the score is the number of distinct words. Sentence 2
    // (19 characters, 9 words) would score highest but leaves at most 12 characters of evidence:
    // a question is never longer than its evidence. Sentence 3 (7 characters) is too short to ask.
    // Sentence 1 (12 characters: 向量 数据 库 存储 嵌入) is asked; the 26 characters after it are the evidence.
    expect(items.map((item) => [item.id, item.question, item.language, item.generator])).toEqual([
      ['ict-zh.md-0', '向量数据库存储嵌入向量。', 'zh', { name: 'offline-ict', seed: 1 }],
      ['kw-zh.md-0', items[1]?.question, 'zh', { name: 'offline-keywords', seed: 1 }],
    ]);
    expect(items[0]?.references).toEqual([{ docId: 'zh.md', start: 12, end: 38, text: '检索增强生成结合了检索与生成两个步骤。模型生成回答。', grade: 1 }]);
    expect(items[1]?.references).toEqual(items[0]?.references);
    // Equal IDFs and equal lengths: the two-character words in sentence order (库 is one character).
    expect(items[1]?.question).toBe('向量 数据 存储 嵌入');
    expect(checkReferences(items, corpus)).toEqual({ unknown: [], spanProblems: [] });
  });

  it('is byte-identical for a seed, samples differently for another, lists items in chunk order', async () => {
    const texts: Record<string, string> = {};
    const topics = ['apples', 'rivers', 'engines', 'violins', 'glaciers', 'comets', 'bridges', 'forests'];
    topics.forEach((topic, i) => {
      texts[`doc${i}.txt`] = `This document explains ${topic} in detail. Everything about ${topic} is covered here.`;
    });
    const corpus = corpusOf(texts);
    const chunks = await chunkDocuments(corpus.documents, { size: 500, overlap: 0 });
    const run = (seed: number) => generateOffline(corpus, chunks, { count: 3, seed, keywordVariant: true });
    expect(serializeTestSet(run(11).items)).toBe(serializeTestSet(run(11).items));
    const ids = (seed: number) => run(seed).items.filter((item) => item.generator.name === 'offline-ict').map((item) => item.id);
    const first = ids(11);
    // Checked against an independent Python mulberry32 + Fisher-Yates: seed 11 picks chunks 0, 1, 7.
    expect(first).toEqual(['ict-doc0.txt-0', 'ict-doc1.txt-0', 'ict-doc7.txt-0']);
    expect([...first].sort()).toEqual(first);
    expect(ids(12)).not.toEqual(first);
    expect(run(11).items.map((item) => item.id)).toEqual(first.flatMap((id) => [id, id.replace('ict-', 'kw-')]));
  });

  it('warns and makes what it can when chunks are too few', async () => {
    const corpus = corpusOf({ 'one.md': 'A single sentence is here.\nAnd a second one follows it.', 'short.md': 'Too short.' });
    const chunks = await chunkDocuments(corpus.documents, { size: 200, overlap: 0 });
    const { items, warnings } = generateOffline(corpus, chunks, { count: 5, seed: 1, keywordVariant: false });
    expect(items.map((item) => item.id)).toEqual(['ict-one.md-0']);
    expect(warnings).toEqual([
      'offline generator: only 1 of 2 chunks can yield a question ' +
        '(a chunk needs a sentence of >= 12 characters and >= 3 words, plus >= 12 characters of other text); ' +
        'made 1 of the 5 questions requested (count)',
    ]);
  });

  it('says so when nothing can be made', async () => {
    const corpus = corpusOf({ 'tiny.md': 'Hi.' });
    const chunks = await chunkDocuments(corpus.documents, { size: 200, overlap: 0 });
    const { items, warnings } = generateOffline(corpus, chunks, { count: 2, seed: 1, keywordVariant: true });
    expect(items).toEqual([]);
    expect(warnings[0]).toMatch(/made 0 of the 2 questions requested \(count\)\. No items were made: use larger chunks, more documents or a lower minSentenceChars$/);
  });

  it('lower-case text without ICU sentence breaks (Cranfield): questions are sentence-sized and never longer than their evidence', async () => {
    // A Cranfield-style record: title, then a lower-case abstract whose " . " ICU does not treat as a sentence end.
    const abstract =
      'experimental investigation of the aerodynamics of a wing in a slipstream . an experimental study of a wing in a propeller slipstream was made ' +
      'in order to determine the spanwise distribution of the lift increase due to slipstream at different angles of attack of the wing and at ' +
      'different free stream to slipstream velocity ratios . the results were intended in part as an evaluation basis for different theoretical ' +
      'treatments of this problem . the comparative span loading curves, together with supporting evidence, showed that a substantial part of the ' +
      'lift increment produced by the slipstream was due to a /destalling/ or boundary-layer-control effect .';
    const texts: Record<string, string> = {};
    for (let i = 0; i < 6; i++) texts[`${i}.txt`] = `slipstream wing study ${i}\n\n${abstract.replace('wing', `wing${i}`)}`;
    const corpus = corpusOf(texts);
    const chunks = await chunkDocuments(corpus.documents, { size: 2000, overlap: 0 });
    expect(chunks).toHaveLength(6);
    const { items } = generateOffline(corpus, chunks, { count: 6, seed: 1, keywordVariant: false });
    expect(items).toHaveLength(6);
    for (const item of items) {
      const evidence = item.references[0] as { text: string };
      expect(item.question.length).toBeLessThanOrEqual(200);
      expect(item.question.length).toBeLessThanOrEqual(evidence.text.length);
      expect(evidence.text.length).toBeGreaterThan(200);
    }
    expect(checkReferences(items, corpus)).toEqual({ unknown: [], spanProblems: [] });
  });

  it('keyword questions leave out English and Chinese function words', () => {
    const idf = new InverseDocumentFrequency([['请在', 'it', '门户', '下载', '使用', '报销', '单据'], ['门户']]);
    expect(pickKeywords(['请在', 'it', '门户', '下载', '使用', '报销', '单据'], idf)).toEqual(['下载', '报销', '单据', '门户']);
    const english = new InverseDocumentFrequency([['which', 'the', 'engine', 'uses', 'turbine', 'blades']]);
    expect(pickKeywords(['which', 'the', 'engine', 'uses', 'turbine', 'blades'], english)).toEqual(['turbine', 'engine', 'blades', 'uses']);
  });

  it('rejects chunks of documents outside the corpus', () => {
    const corpus = corpusOf({ 'a.md': 'text' });
    const stray = { id: 'b.md#0', docId: 'b.md', index: 0, start: 0, end: 4, text: 'text' };
    expect(() => generateOffline(corpus, [stray], { count: 1, seed: 1, keywordVariant: false })).toThrow(
      new InputError('chunk "b.md#0" belongs to document "b.md", which is not in the corpus at /mem'),
    );
  });
});

describe('pickKeywords', () => {
  it('ranks by IDF, then length, then position, and prefers words longer than one character', () => {
    // N = 3. df: common 3, shared 2, others 1.
    const idf = new InverseDocumentFrequency([['common', 'shared', 'rare'], ['common', 'shared'], ['common', 'x', 'unique']]);
    expect(idf.idf('common')).toBeCloseTo(Math.log(2), 12);
    expect(idf.idf('shared')).toBeCloseTo(Math.log(2.5), 12);
    expect(idf.idf('rare')).toBeCloseTo(Math.log(4), 12);
    expect(pickKeywords(['common', 'x', 'rare', 'shared', 'unique', 'rare'], idf)).toEqual(['unique', 'rare', 'shared', 'common']);
    expect(pickKeywords(['x', 'common', 'y'], idf)).toEqual(['x', 'y', 'common']);
  });
});

describe('mulberry32', () => {
  it('repeats for a seed and shuffles into a permutation', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
    expect(mulberry32(43)()).not.toBe(first[0]);
    const order = shuffled([1, 2, 3, 4, 5, 6], mulberry32(7));
    expect([...order].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffled([1, 2, 3, 4, 5, 6], mulberry32(7))).toEqual(order);
  });
});
