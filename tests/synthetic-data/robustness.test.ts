import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../kernel/prng.js';
import { PERTURB, PERTURBATIONS } from '../../synthetic-data/robustness/perturb.js';
import { questionVariants } from '../../synthetic-data/robustness/variants.js';

const DIR = path.resolve(import.meta.dirname, '../../examples/zh-policies');
const items = readFileSync(path.join(DIR, 'testset.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; question: string; language: string });
const corpusText = readdirSync(path.join(DIR, 'corpus')).sort().map((f) => readFileSync(path.join(DIR, 'corpus', f), 'utf8')).join('\n');
const ctx = (language: string) => ({ rng: createRng(1), language, hanPool: [] as string[] });

describe('perturbations', () => {
  it('are deterministic per seed and question, and language-appropriate', () => {
    const variants = questionVariants({ items, perturbations: PERTURBATIONS, seed: 42, corpusText });
    const again = questionVariants({ items, perturbations: PERTURBATIONS, seed: 42, corpusText });
    expect(again).toEqual(variants);
    const byId = new Map(variants.map((v) => [v.id, v.question]));
    expect(byId.get('kw-annual~traditional')).toBe('年假 天數');
    expect(byId.get('kw-annual~homophone')).toBe('年假 天殊');
    expect(byId.get('kw-annual~pinyin')).toBe('nianjia 天数');
    expect(byId.get('kw-annual~code-switch')).toBe('annual leave 天数');
    expect(byId.get('pa-sick~traditional')).toBe('生病請假超過兩天要交什麼材料？');
    expect(byId.get('pa-annual~width')).toBe('刚入职一年的同事一年能休几天带薪假?');
    expect(byId.get('xl-annual~typos')).toBe('How mayn dasy of paid annual leave does an employee get after one year?');
    // No Latin words in a Chinese question: no typo or case variant; no Han characters in an English one: no traditional.
    expect(byId.has('pa-sick~typos')).toBe(false);
    expect(byId.has('pa-sick~case')).toBe(false);
    expect(byId.has('xl-annual~traditional')).toBe(false);
    const counts = Object.fromEntries(PERTURBATIONS.map((p) => [p, variants.filter((v) => v.perturbation === p).length]));
    expect(counts).toEqual({ typos: 5, case: 5, punctuation: 17, width: 18, traditional: 18, homophone: 18, pinyin: 18, truncation: 23, filler: 23, 'code-switch': 16 });
    // Another seed gives other typos.
    const other = questionVariants({ items, perturbations: ['typos'], seed: 7, corpusText });
    expect(other.find((v) => v.originalId === 'xl-annual')!.question).not.toBe(byId.get('xl-annual~typos'));
  });

  it('each perturbation on its own', () => {
    expect(PERTURB.case('Annual Leave', ctx('en'))).toBe('annual leave');
    expect(PERTURB.case('annual leave', ctx('en'))).toBe('ANNUAL LEAVE');
    expect(PERTURB.punctuation('Who approves, and when?', ctx('en'))).toBe('Who approves and when');
    expect(PERTURB.width('VPN 密码', ctx('zh'))).toBe('ＶＰＮ\u3000密码');
    expect(PERTURB.width('年假几天？', ctx('zh'))).toBe('年假几天?');
    expect(PERTURB.traditional('annual leave', ctx('en'))).toBeNull();
    expect(PERTURB.homophone('年假', { ...ctx('zh'), hanPool: ['价', '年'] })).toBe('年价');
    expect(PERTURB.truncation('how many days of leave do I get', ctx('en'))).toBe('how many days of leave');
    expect(PERTURB.truncation('年假几天？', ctx('zh'))).toBe('年假几');
    expect(PERTURB['code-switch']('How much is the wellness allowance?', ctx('en'))).toBe('How much is the wellness 补贴?');
    expect(PERTURB.filler('年假 天数', ctx('fr'))).toBeNull();
  });
});
