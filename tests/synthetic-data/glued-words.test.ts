import { describe, expect, it } from 'vitest';
import { chunkDocuments } from '../../corpora/chunk.js';
import { hashCorpus, hashText } from '../../corpora/hash.js';
import { segmentWords } from '../../corpora/text.js';
import type { Corpus } from '../../kernel/corpus.js';
import { GluedWordSplitter } from '../../synthetic-data/glued-words.js';
import { InverseDocumentFrequency } from '../../synthetic-data/idf.js';
import { generateOffline, pickKeywords } from '../../synthetic-data/offline-generator.js';

/** An HR handbook's sentences; ICU's segmentation of each is in the comment. */
const HANDBOOK = [
  '人力资源部会在每季度末发起绩效评估', // 人力|资源|部会|在|每|季度|末|发起|绩效|评估
  '绩效评估结果由人力资源部汇总', // 绩效|评估|结果|由|人力|资源|部|汇|总
  '行政部负责会议室预订', // 行政|部|负责|会议|室|预订
  '财务部将在月底审核报销单', // 财务|部将|在|月底|审核|报销|单
  '员工有机会参加外部培训', // 员工|有|机会|参加|外部|培训
  '打印机放在行政部', // 打印|机|放在|行政|部
  '社会保险和公积金由财务部缴纳', // 社会|保险|和|公|积|金|由|财务|部|缴纳
  '技术部会为新员工开通账号', // 技术|部会|为|新|员工|开通|账|号
  '部门负责人会审批请假申请', // 部门|负责|人|会|审批|请假|申请
];

function keywordsOf(sentences: readonly string[]): string[] {
  const lists = sentences.map((s) => segmentWords(s, 'zh'));
  const idf = new InverseDocumentFrequency(lists);
  const splitter = new GluedWordSplitter(lists);
  return lists.map((words) => pickKeywords(splitter.split(words), idf).join(' '));
}

describe('glued function characters in keyword questions', () => {
  it('splits 部会 and 部将 (部 stands alone 4 times elsewhere) and keeps 机会, 社会, 会议, 部门, 放在', () => {
    expect(keywordsOf(HANDBOOK)).toEqual([
      '季度 发起 人力 资源 绩效', // was "季度 发起 人力 资源 部会"
      '结果 绩效 评估 人力 资源',
      '会议 预订 行政 负责',
      '月底 审核 报销 财务', // was "部将 月底 审核 报销 财务"
      '机会 参加 外部 培训 员工', // 机 stands alone once (打印|机), 机会 occurs once: kept
      '打印 放在 行政',
      '社会 保险 缴纳 财务',
      '技术 开通 员工', // was "技术 开通 部会 员工"
      '部门 审批 请假 申请 负责',
    ]);
  });

  it('without evidence in the corpus a glued token is kept: one sentence cannot tell 部会 from a word', () => {
    expect(keywordsOf(['人力资源部会在每季度末发起绩效评估'])).toEqual(['人力 资源 部会 季度 发起']);
  });

  it('a stem that stands alone only beside the same function character is no evidence (在|职 is ICU splitting 在职 itself)', () => {
    const splitter = new GluedWordSplitter([['在', '职', '员工'], ['在', '职', '人员'], ['在职', '证明']]);
    expect(splitter.split(['在职', '证明'])).toEqual(['在职', '证明']);
    const elsewhere = new GluedWordSplitter([['入', '职', '手续'], ['离', '职', '证明'], ['在职', '证明']]);
    expect(elsewhere.split(['在职', '证明'])).toEqual(['在', '职', '证明']);
    // Both ends function characters (请在, 可在) or neither (部门): left as they are.
    expect(elsewhere.split(['请在', '部门', 'it'])).toEqual(['请在', '部门', 'it']);
  });

  it('generateOffline writes the split keywords', async () => {
    const texts = Object.fromEntries(HANDBOOK.map((s, i) => [`${i}.md`, `${s}。${HANDBOOK[(i + 1) % HANDBOOK.length]}，以及其他相关的具体事项说明。`]));
    const documents = Object.entries(texts).map(([id, text]) => ({ id, text, hash: hashText(text), source: id }));
    const corpus: Corpus = { root: '/mem', documents, warnings: [], hash: hashCorpus(documents) };
    const chunks = await chunkDocuments(corpus.documents, { size: 500, overlap: 0 });
    const { items } = generateOffline(corpus, chunks, { count: HANDBOOK.length, seed: 1, keywordVariant: true });
    const keywords = items.filter((item) => item.generator.name === 'offline-keywords').map((item) => item.question);
    // Seven chunks can yield a question; the three with a glued token come out split.
    expect(keywords).toEqual([
      '季度 发起 人力 资源 绩效',
      '结果 绩效 评估 人力 资源',
      '月底 审核 报销 财务',
      '机会 参加 外部 培训 员工',
      '社会 保险 缴纳 财务',
      '技术 开通 员工',
      '部门 审批 请假 申请 负责',
    ]);
  });
});
