import { closeSync, existsSync, fsyncSync, openSync, truncateSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { asDiskFullError, InputError } from '../../kernel/errors.js';
import { forEachLine } from './read-lines.js';

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
  const records: T[] = [];
  const scanned = scanAppendLog(file, schema, (record) => records.push(record));
  return { records, ...scanned };
}

/**
 * readAppendLog without collecting: each valid record goes to `onRecord` as it is read, block by
 * block, so a log of any size is read in bounded memory. Same torn-line and corruption rules.
 */
export function scanAppendLog<T>(file: string, schema: z.ZodType<T>, onRecord: (record: T) => void): { count: number; goodBytes: number; tornLine?: { line: number; bytes: number } } {
  if (!existsSync(file)) return { count: 0, goodBytes: 0 };
  let count = 0;
  let torn: { line: number; start: number } | undefined;
  const size = forEachLine(file, (text, info) => {
    const parsed = info.unterminated ? undefined : parseLine(text, schema);
    if (parsed === undefined) {
      if (info.last) {
        torn = { line: info.line, start: info.start };
        return;
      }
      if (text.trim() === '') return;
      throw new InputError(`not a valid record; the run directory was edited or corrupted (only a torn last line is repaired)`, { file, line: info.line });
    }
    count++;
    onRecord(parsed);
  });
  if (torn) return { count, tornLine: { line: torn.line, bytes: size - torn.start }, goodBytes: torn.start };
  return { count, goodBytes: size };
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
    const records: T[] = [];
    const { log, tornLine } = AppendLog.openScanning(file, schema, (record) => records.push(record));
    return { log, existing: { records, tornLine } };
  }

  /** open() for logs too large to hold: each logged record goes to `onRecord` instead of a list. */
  static openScanning<T>(file: string, schema: z.ZodType<T>, onRecord: (record: T) => void): { log: AppendLog<T>; count: number; tornLine?: { line: number; bytes: number } } {
    const existing = scanAppendLog(file, schema, onRecord);
    if (existing.tornLine) truncateSync(file, existing.goodBytes);
    const log = new AppendLog<T>(file, openSync(file, 'a'));
    return { log, count: existing.count, ...(existing.tornLine ? { tornLine: existing.tornLine } : {}) };
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
