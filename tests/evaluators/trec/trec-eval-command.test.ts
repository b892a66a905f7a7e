import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrecArgs } from '../../../evaluators/trec-args.js';
import { formatFourDecimals, runTrecEval } from '../../../evaluators/trec-eval-command.js';
import { ConfigError } from '../../../kernel/errors.js';

describe('formatFourDecimals (printf %6.4f)', () => {
  it('rounds exact ties half to even like C, everything else to nearest', () => {
    expect(formatFourDecimals(0.03125)).toBe('0.0312');
    expect(formatFourDecimals(0.09375)).toBe('0.0938');
    expect(formatFourDecimals(0.15625)).toBe('0.1562');
    expect(formatFourDecimals(1 / 3)).toBe('0.3333');
    expect(formatFourDecimals(2 / 3)).toBe('0.6667');
    expect(formatFourDecimals(0.00005)).toBe('0.0001'); // not an exact tie in binary: just above
    expect(formatFourDecimals(0)).toBe('0.0000');
    expect(formatFourDecimals(1)).toBe('1.0000');
  });
});

describe('runTrecEval', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rag-eval-trec-cmd-'));
  const qrelsPath = path.join(dir, 'q.qrels');
  const runPath = path.join(dir, 'r.run');
  writeFileSync(qrelsPath, 'q2 0 a 1\nq10 0 b 1\nq10 0 c 0\nq3 0 z 1\n');
  writeFileSync(runPath, 'q10 Q0 c 1 2 myrun\nq10 Q0 b 2 1 myrun\nq2 Q0 a 1 1 myrun\n');

  it('prints per-query blocks in strcmp query order, then all, in trec_eval layout', () => {
    const text = runTrecEval({ qrelsPath, runPath, measures: ['official'], perQuery: true, complete: false });
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'num_ret               \tq10\t2',
      'num_rel               \tq10\t1',
      'num_rel_ret           \tq10\t1',
    ]);
    expect(lines.filter((line) => line.startsWith('map '))).toEqual([
      'map                   \tq10\t0.5000',
      'map                   \tq2\t1.0000',
      'map                   \tall\t0.7500',
    ]);
    expect(lines.filter((line) => line.includes('\tall\t')).slice(0, 2)).toEqual(['runid                 \tall\tmyrun', 'num_q                 \tall\t2']);
    expect(text.endsWith('P_1000                \tall\t0.0010\n')).toBe(true); // (1/1000 + 1/1000) / 2
  });

  it('-c adds qrels queries missing from the run', () => {
    const text = runTrecEval({ qrelsPath, runPath, measures: ['num_q', 'recip_rank'], perQuery: true, complete: true });
    expect(text).toBe([
      'recip_rank            \tq10\t0.5000',
      'recip_rank            \tq2\t1.0000',
      'recip_rank            \tq3\t0.0000',
      'num_q                 \tall\t3',
      'recip_rank            \tall\t0.5000',
      '',
    ].join('\n'));
  });
});

describe('parseTrecArgs', () => {
  it('parses attached and separate option values like trec_eval', () => {
    expect(parseTrecArgs(['-q', '-mP.5,10', '-m', 'map', '-c', '-M100', '-l', '2', 'a.qrels', 'b.run'])).toEqual({
      qrelsPath: 'a.qrels', runPath: 'b.run', measures: ['P.5,10', 'map'], perQuery: true, complete: true, maxResults: 100, relLevel: 2,
    });
    expect(parseTrecArgs(['a', 'b'])).toEqual({ qrelsPath: 'a', runPath: 'b', measures: [], perQuery: false, complete: false });
  });

  it.each([
    [['a'], 'expected exactly two files, QRELS and RUN, got 1'],
    [['a', 'b', 'c'], 'expected exactly two files, QRELS and RUN, got 3'],
    [['-M0', 'a', 'b'], 'option -M: expected a positive integer, got "0"'],
    [['-l', 'x', 'a', 'b'], 'option -l: expected an integer relevance level, got "x"'],
    [['a', 'b', '-m'], 'option -m: expected a value'],
    [['-x', 'a', 'b'], 'unknown option -x'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseTrecArgs(argv)).toThrow(ConfigError);
    expect(() => parseTrecArgs(argv)).toThrow(message);
  });
});
