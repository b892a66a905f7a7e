import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatQrelsLine, formatRunLine, parseQrels, parseRun, qrelsFromEntries, readQrelsFile, readRunFileSync, runFromEntries,
} from '../../../evaluators/trec/formats.js';
import { rankDocuments } from '../../../evaluators/trec/ranking.js';
import { InputError } from '../../../kernel/errors.js';

describe('parseQrels', () => {
  it('reads grades per query, ignoring the iteration column and blank lines', () => {
    const qrels = parseQrels('q1 0 d1 2\n\nq1 Q0 d2 -1\r\nq2\t00\td1\t0\n', 'a.qrels');
    expect(qrels.get('q1')).toEqual(new Map([['d1', 2], ['d2', -1]]));
    expect(qrels.get('q2')).toEqual(new Map([['d1', 0]]));
  });

  it.each([
    ['q1 0 d1', 'a.qrels:1: expected 4 fields "qid iter docid grade", found 3'],
    ['q1 0 d1 1\nq1 0 d2 high', 'a.qrels:2: expected an integer relevance grade in field 4, found "high"'],
    ['q1 0 d1 1\n\nq1 0 d1 2', 'a.qrels:3: duplicate judgement for query "q1" and document "d1"'],
  ])('rejects %j with file:line', (text, message) => {
    expect(() => parseQrels(text, 'a.qrels')).toThrow(InputError);
    expect(() => parseQrels(text, 'a.qrels')).toThrow(message);
  });
});

describe('parseRun', () => {
  it('reads documents per query in file order, the first run id, and ignores trailing fields', () => {
    const { runId, run } = parseRun('q1 Q0 d1 1 2.5 sys1 comment here\nq1 Q0 d2 2 -1e-3 sys2\nq2 Q0 d1 1 7 sys1', 'a.run');
    expect(runId).toBe('sys1');
    expect(run.get('q1')).toEqual([{ docId: 'd1', score: 2.5 }, { docId: 'd2', score: -0.001 }]);
    expect(run.get('q2')).toEqual([{ docId: 'd1', score: 7 }]);
    expect(parseRun('', 'empty.run')).toEqual({ runId: '', run: new Map() });
  });

  it.each([
    ['q1 Q0 d1 1 2.5', 'a.run:1: expected 6 fields "qid Q0 docid rank score runid", found 5'],
    ['q1 Q0 d1 first 2.5 r', 'a.run:1: expected an integer rank in field 4, found "first"'],
    ['q1 Q0 d1 1 2.5 r\nq1 Q0 d2 2 NaN r', 'a.run:2: expected a finite numeric score in field 5, found "NaN"'],
    ['q1 Q0 d1 1 2.5 r\nq2 Q0 d1 1 2 r\nq1 Q0 d1 3 1 r', 'a.run:3: duplicate document "d1" for query "q1"'],
  ])('rejects %j with file:line', (text, message) => {
    expect(() => parseRun(text, 'a.run')).toThrow(InputError);
    expect(() => parseRun(text, 'a.run')).toThrow(message);
  });
});

describe('writers', () => {
  it('format lines that parse back to the same data', () => {
    const qrelsLine = formatQrelsLine({ queryId: 'q1', docId: 'doc#3', grade: 2 });
    const runLine = formatRunLine({ queryId: 'q1', docId: 'doc#3', rank: 1, score: 0.1 + 0.2, runId: 'bm25' });
    expect(qrelsLine).toBe('q1 0 doc#3 2');
    expect(runLine).toBe('q1 Q0 doc#3 1 0.30000000000000004 bm25');
    expect(parseRun(runLine, 'x').run.get('q1')?.[0]?.score).toBe(0.1 + 0.2);
  });

  it('refuse values TREC files cannot hold', () => {
    expect(() => formatRunLine({ queryId: 'q 1', docId: 'd', rank: 1, score: 1, runId: 'r' })).toThrow(/queryId must be non-empty and contain no whitespace/);
    expect(() => formatRunLine({ queryId: 'q', docId: 'd', rank: 1, score: Infinity, runId: 'r' })).toThrow(/finite/);
    expect(() => formatQrelsLine({ queryId: 'q', docId: 'd', grade: 0.5 })).toThrow(/integer/);
  });

  it('entries round-trip through qrelsFromEntries / runFromEntries, duplicates rejected', () => {
    expect(qrelsFromEntries([{ queryId: 'q', docId: 'd', grade: 1 }]).get('q')).toEqual(new Map([['d', 1]]));
    const entry = { queryId: 'q', docId: 'd', rank: 1, score: 3, runId: 'r' };
    expect(runFromEntries([entry]).run.get('q')).toEqual([{ docId: 'd', score: 3 }]);
    expect(() => runFromEntries([entry, { ...entry, rank: 2 }], 'retrieval')).toThrow('retrieval:2: duplicate document "d" for query "q"');
  });
});

describe('file readers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rag-eval-trec-'));
  it('read files and name a missing file', async () => {
    const file = path.join(dir, 'x.qrels');
    writeFileSync(file, 'q 0 d 1\n');
    expect((await readQrelsFile(file)).get('q')).toEqual(new Map([['d', 1]]));
    const missing = path.join(dir, 'missing.run');
    expect(() => readRunFileSync(missing)).toThrow(`${missing}: cannot read run file`);
  });
});

describe('rankDocuments (trec_eval order)', () => {
  const docs = [
    { docId: 'b', score: 1 }, { docId: 'a', score: 1 }, { docId: 'c', score: 2 }, { docId: 'd10', score: 1 }, { docId: 'd9', score: 1 },
  ];
  it('sorts by score descending, ties by docid descending (string order), ignoring input order', () => {
    expect(rankDocuments(docs).map((d) => d.docId)).toEqual(['c', 'd9', 'd10', 'b', 'a']);
  });
  it('keeps the first maxResults after sorting without mutating the input', () => {
    expect(rankDocuments(docs, 2).map((d) => d.docId)).toEqual(['c', 'd9']);
    expect(docs[0]?.docId).toBe('b');
  });
});
