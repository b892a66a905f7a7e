import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { readAppendLog, scanAppendLog } from '../../../pipelines/run-state/append-log.js';
import { forEachLine, type LineInfo } from '../../../pipelines/run-state/read-lines.js';
import { useTempDirs } from '../../support/temp-dir.js';

describe('reading a file line by line in blocks', () => {
  const tempDir = useTempDirs();

  it('returns every line whole across 1 MiB block boundaries, multi-byte characters included', () => {
    const file = path.join(tempDir(), 'big.jsonl');
    // 3,000 lines of 1,000 characters, each with 3-byte and 4-byte characters: ~3.4 MB, so
    // block boundaries fall inside lines and inside characters.
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}:${'文档😀ab'.repeat(166)}`.slice(0, 1000));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const seen: string[] = [];
    const infos: LineInfo[] = [];
    forEachLine(file, (text, info) => {
      seen.push(text);
      infos.push(info);
    });
    expect(seen).toEqual(lines);
    expect(infos.filter((i) => i.last).map((i) => i.line)).toEqual([3000]);
    expect(infos.every((i) => !i.unterminated)).toBe(true);
    const starts = lines.reduce<number[]>((acc, line, i) => [...acc, i === 0 ? 0 : acc[i - 1]! + Buffer.byteLength(lines[i - 1]!) + 1], []);
    expect(infos.map((i) => i.start)).toEqual(starts);
  });

  it('marks an unterminated last line and stops when asked', () => {
    const file = path.join(tempDir(), 'small.txt');
    writeFileSync(file, 'a\nb\nc');
    const seen: [string, boolean, boolean][] = [];
    expect(forEachLine(file, (text, info) => void seen.push([text, info.unterminated, info.last]))).toBe(5);
    expect(seen).toEqual([['a', false, false], ['b', false, false], ['c', true, true]]);
    const first: string[] = [];
    forEachLine(file, (text) => (first.push(text), false));
    expect(first).toEqual(['a']);
  });

  it('scans a log without collecting: same records, same torn-line repair as readAppendLog', () => {
    const file = path.join(tempDir(), 'log.jsonl');
    const Row = z.object({ id: z.number() });
    writeFileSync(file, '{"id":1}\n\n{"id":2}\n{"id":');
    const seen: number[] = [];
    const scanned = scanAppendLog(file, Row, (row) => seen.push(row.id));
    expect(seen).toEqual([1, 2]);
    expect(scanned).toEqual({ count: 2, goodBytes: 19, tornLine: { line: 4, bytes: 6 } });
    expect(readAppendLog(file, Row)).toEqual({ records: [{ id: 1 }, { id: 2 }], count: 2, goodBytes: 19, tornLine: { line: 4, bytes: 6 } });
  });
});
