import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes read from disk at a time: the file itself is never held whole (a 100k-question retrieval.jsonl is ~400 MB). */
const BLOCK_BYTES = 1 << 20;

export interface LineInfo {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  start: number;
  /** True when the line has no terminating newline (only the file's last line can lack one). */
  unterminated: boolean;
  /** True when nothing follows this line (it is the file's last line, terminated or not). */
  last: boolean;
}

/**
 * Calls `onLine` with every line of a file (without its newline), reading it block by block, so
 * memory stays bounded by the longest line whatever the file's size. Return `false` from
 * `onLine` to stop early. Returns the file's size in bytes.
 */
export function forEachLine(file: string, onLine: (text: string, info: LineInfo) => boolean | void): number {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = 0;
    let position = 0;
    let line = 0;
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    while (position < size) {
      const read = readSync(fd, block, 0, Math.min(BLOCK_BYTES, size - position), position);
      if (read === 0) break;
      const data: Buffer = carry.length ? Buffer.concat([carry, block.subarray(0, read)]) : block.subarray(0, read);
      const dataStart = carry.length ? carryStart : position;
      position += read;
      let from = 0;
      for (let newline = data.indexOf(0x0a, from); newline !== -1; newline = data.indexOf(0x0a, from)) {
        line++;
        const start = dataStart + from;
        const info = { line, start, unterminated: false, last: dataStart + newline === size - 1 };
        if (onLine(data.subarray(from, newline).toString('utf8'), info) === false) return size;
        from = newline + 1;
      }
      // The rest has no newline yet: keep a copy (the block buffer is reused).
      carry = Buffer.from(data.subarray(from));
      carryStart = dataStart + from;
    }
    if (carry.length) onLine(carry.toString('utf8'), { line: line + 1, start: carryStart, unterminated: true, last: true });
    return size;
  } finally {
    closeSync(fd);
  }
}
