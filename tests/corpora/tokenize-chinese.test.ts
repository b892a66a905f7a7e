import { describe, expect, it } from 'vitest';
import { createBm25Retriever } from '../../pipelines/retrieval/bm25.js';
import { createTokenizer, hanRunBigrams } from '../../corpora/tokenize.js';

/** The measurement behind the hanBigrams default (documented in tokenize.ts). */
const passages = [
  '垃圾回收器会自动释放程序不再使用的内存，开发者无需手动管理内存。',
  '个人所得税按照累进税率计算，纳税人每年需要进行汇算清缴。',
  '北京是中华人民共和国的首都，也是全国的政治和文化中心。',
  '深度学习模型通常需要大量带标注的训练数据和图形处理器。',
  '信息检索系统根据用户的查询返回相关文档，并按相关性排序。',
  '长城是古代中国为抵御北方游牧民族而修建的军事防御工程。',
  '绿茶在发酵前经过杀青工艺，因此保留了较多的茶多酚。',
  '高速铁路的列车运行速度通常超过每小时二百五十公里。',
];
const queries: [string, number][] = [
  ['内存自动回收', 0], ['个税汇算', 1], ['中国首都是哪里', 2], ['训练深度模型要多少数据', 3],
  ['文档检索排序', 4], ['长城为什么修建', 5], ['绿茶的制作工艺', 6], ['高铁速度', 7],
  ['共和国首都', 2], ['防御游牧民族', 5], ['茶多酚含量', 6], ['纳税人', 1],
];

async function ranksOfRelevant(hanBigrams: boolean): Promise<number[]> {
  const bm25 = createBm25Retriever({ tokenizer: { hanBigrams } });
  await bm25.index(
    passages.map((text, i) => ({ id: `p${i}`, docId: `p${i}`, index: 0, start: 0, end: text.length, text })),
  );
  const ranks: number[] = [];
  for (const [query, relevant] of queries) {
    const hits = await bm25.retrieve(query, passages.length);
    ranks.push(hits.findIndex((hit) => hit.chunk.id === `p${relevant}` && hit.score > 0) + 1);
  }
  return ranks;
}

describe('Chinese tokenisation', () => {
  it('emits Intl.Segmenter words, plus bigrams that cross or split word boundaries', () => {
    expect(createTokenizer({ hanBigrams: false })('信息检索系统返回相关文档。')).toEqual([
      '信息', '检索', '系统', '返回', '相关', '文', '档',
    ]);
    expect(createTokenizer()('相关文档。北京')).toEqual(['相关', '文', '档', '关文', '文档', '北京']);
    expect(hanRunBigrams(['中华', '人民', '共和国'])).toEqual(['华人', '民共', '共和', '和国']);
  });

  it('bigrams rank the relevant passage first for all 12 queries; words alone miss one', async () => {
    expect(await ranksOfRelevant(false)).toEqual([1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(await ranksOfRelevant(true)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
