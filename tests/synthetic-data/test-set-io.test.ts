import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Corpus } from '../../kernel/corpus.js';
import { InputError } from '../../kernel/errors.js';
import type { TestItem } from '../../kernel/test-item.js';
import { checkReferences, hashTestSet, readTestSet, writeTestSet } from '../../synthetic-data/test-set-io.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rag-eval-testset-'));
  file = join(dir, 'test-set.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const good = (id: string) => JSON.stringify({ id, question: `question ${id}?`, references: [{ docId: 'doc', grade: 1 }] });

describe('readTestSet', () => {
  it('parses items, applies defaults and ignores blank lines', async () => {
    await writeFile(file, `${good('a')}\r\n\r\n${good('b')}\n`);
    const { items, errors } = await readTestSet(file);
    expect(errors).toEqual([]);
    expect(items).toEqual([
      { schemaVersion: 1, id: 'a', question: 'question a?', references: [{ docId: 'doc', grade: 1 }], generator: { name: 'human' } },
      { schemaVersion: 1, id: 'b', question: 'question b?', references: [{ docId: 'doc', grade: 1 }], generator: { name: 'human' } },
    ]);
  });

  it('refuses a test set that is not UTF-8, naming the first bad line, instead of decoding it to U+FFFD', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${good('a')}\n`), Buffer.from(`${JSON.stringify({ id: 'b', question: 'caf\u00e9?', references: [{ docId: 'doc' }] })}\n`, 'latin1')]);
    await writeFile(file, latin1);
    const error = await readTestSet(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${file}:2: not valid UTF-8 (Latin-1 or another legacy encoding?); convert the test set to UTF-8, e.g. iconv -f LATIN1 -t UTF-8`);
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good('a'), 'utf16le')]));
    await expect(readTestSet(file)).rejects.toThrow(`${file}:1: UTF-16 text (byte-order mark found); convert the test set to UTF-8`);
  });

  it('stops at a line that is not JSON, naming file:line', async () => {
    await writeFile(file, `${good('a')}\n{oops\n${good('b')}\n`);
    await expect(readTestSet(file, { onInvalidLine: 'stop' })).rejects.toThrow(
      new InputError('not valid JSON; expected a test item object {"id", "question", "references": [...], ...} on each line', { file, line: 2 }),
    );
  });

  it('skips and reports bad lines in skip mode', async () => {
    await writeFile(file, `${good('a')}\n{oops\n{"id":"c","question":"  ","references":[]}\n${good('b')}\n`);
    const { items, errors } = await readTestSet(file, { onInvalidLine: 'skip' });
    expect(items.map((item) => item.id)).toEqual(['a', 'b']);
    expect(errors).toEqual([
      { line: 2, message: `${file}:2: not valid JSON; expected a test item object {"id", "question", "references": [...], ...} on each line` },
      { line: 3, message: `${file}:3: invalid test item: question: question must not be empty` },
    ]);
  });

  it('names a trailing partial line (a file cut short) and keeps the complete lines when skipping', async () => {
    await writeFile(file, `${good('a')}\n${good('b')}\n{"id":"c","quest`);
    await expect(readTestSet(file)).rejects.toThrow(`${file}:3: not valid JSON`);
    const { items, errors } = await readTestSet(file, { onInvalidLine: 'skip' });
    expect(items.map((item) => item.id)).toEqual(['a', 'b']);
    expect(errors.map((e) => e.line)).toEqual([3]);
  });

  it('reports duplicate ids with both lines', async () => {
    await writeFile(file, `${good('a')}\n${good('b')}\n${good('a')}\n`);
    await expect(readTestSet(file)).rejects.toThrow(`${file}:3: duplicate item id "a" (first used on line 1); ids must be unique`);
    const skipped = await readTestSet(file, { onInvalidLine: 'skip' });
    expect(skipped.items.map((item) => item.id)).toEqual(['a', 'b']);
    expect(skipped.errors.map((e) => e.line)).toEqual([3]);
  });

  it('names a missing file', async () => {
    await expect(readTestSet(join(dir, 'none.jsonl'))).rejects.toThrow(`test set ${join(dir, 'none.jsonl')} does not exist or cannot be read`);
  });
});

describe('writeTestSet', () => {
  it('writes JSONL that reads back to the same items, in schema key order', async () => {
    const items: TestItem[] = [
      {
        schemaVersion: 1,
        id: 'x',
        question: '什么是RAG？',
        references: [{ docId: 'd', start: 0, end: 3, text: 'abc', grade: 1 }],
        generator: { name: 'offline-ict', seed: 7 },
        language: 'zh',
      },
    ];
    const nested = join(dir, 'run', 'test-set.jsonl');
    await writeTestSet(nested, items);
    const written = await readFile(nested, 'utf8');
    expect(written).toBe(
      '{"schemaVersion":1,"id":"x","question":"什么是RAG？","references":[{"docId":"d","start":0,"end":3,"text":"abc","grade":1}],"generator":{"name":"offline-ict","seed":7},"language":"zh"}\n',
    );
    expect((await readTestSet(nested)).items).toEqual(items);
    expect(hashTestSet(items)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTestSet(items)).not.toBe(hashTestSet([{ ...items[0]!, id: 'y' }]));
  });
});

describe('checkReferences', () => {
  const corpus: Corpus = {
    root: '/c',
    hash: 'h',
    warnings: [],
    documents: [{ id: 'doc', text: 'hello world', hash: 'h1', source: '/c/doc' }],
  };
  const item = (id: string, references: TestItem['references']): TestItem => ({
    schemaVersion: 1,
    id,
    question: 'q',
    references,
    generator: { name: 'human' },
  });

  it('names references to unknown documents and bad spans', () => {
    const result = checkReferences(
      [
        item('ok', [{ docId: 'doc', start: 6, end: 11, text: 'world', grade: 1 }, { docId: 'doc', grade: 1 }]),
        item('ghost', [{ docId: 'missing', grade: 1 }, { docId: 'gone', start: 0, end: 1, text: 'x', grade: 1 }]),
        item('long', [{ docId: 'doc', start: 6, end: 20, text: 'world', grade: 1 }]),
        item('edited', [{ docId: 'doc', start: 0, end: 5, text: 'HELLO', grade: 1 }]),
      ],
      corpus,
    );
    expect(result.unknown).toEqual([
      { itemId: 'ghost', docId: 'missing' },
      { itemId: 'ghost', docId: 'gone' },
    ]);
    expect(result.spanProblems).toEqual([
      { itemId: 'long', docId: 'doc', start: 6, end: 20, problem: 'out-of-range', message: 'item "long": span 6-20 ends past document "doc" (11 characters)' },
      {
        itemId: 'edited',
        docId: 'doc',
        start: 0,
        end: 5,
        problem: 'text-mismatch',
        message: 'item "edited": span 0-5 of document "doc" reads "hello", not "HELLO" (document changed?)',
      },
    ]);
  });
});
