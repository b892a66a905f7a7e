import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { asDiskFullError, InputError } from '../../kernel/errors.js';

export interface ReadLogResult<T> {
  records: T[];
  /** Set when the last line was cut short by a crash; it was dropped (and truncated away on open). */
  tornLine?: { line: number; bytes: number };
}

/**
 * Reads an append-only JSONL log. A crash can leave only the LAST line incomplete (writes are
 * appended and fsynced per batch), so an unparsable or unterminated last line is dropped; a bad
 * line anywhere else means the file was edited or corrupted, which is an error naming the line.
 */
export function readAppendLog<T>(file: string, schema: z.ZodType<T>): ReadLogResult<T> & { goodBytes: number } {
  if (!existsSync(file)) return { records: [], goodBytes: 0 };
  const buffer = readFileSync(file);
  const records: T[] = [];
  let start = 0;
  let line = 0;
  while (start < buffer.length) {
    line++;
    const newline = buffer.indexOf(0x0a, start);
    const end = newline === -1 ? buffer.length : newline;
    const text = buffer.subarray(start, end).toString('utf8');
    const isLast = newline === -1 || newline === buffer.length - 1;
    const parsed = newline === -1 ? undefined : parseLine(text, schema);
    if (parsed === undefined) {
      if (isLast) return { records, tornLine: { line, bytes: buffer.length - start }, goodBytes: start };
      if (text.trim() === '') {
        start = end + 1;
        continue;
      }
      throw new InputError(`not a valid record; the run directory was edited or corrupted (only a torn last line is repaired)`, { file, line });
    }
    records.push(parsed);
    start = end + 1;
  }
  return { records, goodBytes: start };
}

function parseLine<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Appends records as JSON lines; `flush` writes them in one call and fsyncs, so a batch is on disk or not. */
export class AppendLog<T> {
  private readonly fd: number;
  private pending: string[] = [];

  private constructor(
    readonly file: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens for appending after dropping a torn last line, so new records never follow garbage. */
  static open<T>(file: string, schema: z.ZodType<T>): { log: AppendLog<T>; existing: ReadLogResult<T> } {
    const existing = readAppendLog(file, schema);
    if (existing.tornLine) truncateSync(file, existing.goodBytes);
    const log = new AppendLog<T>(file, openSync(file, 'a'));
    return { log, existing: { records: existing.records, tornLine: existing.tornLine } };
  }

  add(record: T): void {
    this.pending.push(`${JSON.stringify(record)}\n`);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const data = this.pending.join('');
    this.pending = [];
    try {
      writeSync(this.fd, data);
      fsyncSync(this.fd);
    } catch (error) {
      // A partial write leaves a torn last line, which the next open drops.
      throw asDiskFullError(error, this.file);
    }
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.pending = [];
      closeSync(this.fd);
    }
  }
}
