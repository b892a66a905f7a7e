import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeIssues } from '../corpora/jsonl.js';
import { normaliseText } from '../corpora/decode.js';
import type { Corpus } from '../kernel/corpus.js';
import { InputError, RagEvalError } from '../kernel/errors.js';
import { isSpanReference, TestItem } from '../kernel/test-item.js';

export interface ReadTestSetOptions {
  /** 'stop' (default): the first bad line throws InputError. 'skip': bad lines are left out and reported. */
  onInvalidLine?: 'stop' | 'skip';
}

export interface TestSetLineError {
  line: number;
  /** `file:line: what was wrong and what was expected`. */
  message: string;
}

export interface ReadTestSetResult {
  items: TestItem[];
  errors: TestSetLineError[];
}

const EXPECTED_ITEM = 'a test item object {"id", "question", "references": [...], ...}';

/** Reads a JSONL test set, one TestItem per line; blank lines are ignored. */
export async function readTestSet(path: string, options: ReadTestSetOptions = {}): Promise<ReadTestSetResult> {
  const mode = options.onInvalidLine ?? 'stop';
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`test set ${path} does not exist or cannot be read${code ? ` (${code})` : ''}`, undefined, { cause: error });
  }
  const content = normaliseText(decodeUtf8(bytes, path));
  const items: TestItem[] = [];
  const errors: TestSetLineError[] = [];
  const lineById = new Map<string, number>();
  const report = (line: number, message: string): void => {
    if (mode === 'stop') throw new InputError(message, { file: path, line });
    errors.push({ line, message: `${path}:${line}: ${message}` });
  };

  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] ?? '';
    if (raw.trim() === '') continue;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      report(line, `not valid JSON; expected ${EXPECTED_ITEM} on each line`);
      continue;
    }
    const parsed = TestItem.safeParse(json);
    if (!parsed.success) {
      report(line, `invalid test item: ${describeIssues(parsed.error)}`);
      continue;
    }
    const firstLine = lineById.get(parsed.data.id);
    if (firstLine !== undefined) {
      report(line, `duplicate item id "${parsed.data.id}" (first used on line ${firstLine}); ids must be unique`);
      continue;
    }
    lineById.set(parsed.data.id, line);
    items.push(parsed.data);
  }
  return { items, errors };
}

/** One JSON object per line, in the given order, with a trailing newline. Items are validated first. */
export function serializeTestSet(items: readonly TestItem[]): string {
  return items
    .map((item, index) => {
      const parsed = TestItem.safeParse(item);
      if (!parsed.success) {
        throw new RagEvalError(`test item ${index} ("${item.id}") is invalid: ${describeIssues(parsed.error)}`);
      }
      return JSON.stringify(parsed.data) + '\n';
    })
    .join('');
}

/** sha256 of the serialised test set: the test-set hash recorded in provenance. */
export function hashTestSet(items: readonly TestItem[]): string {
  return createHash('sha256').update(serializeTestSet(items), 'utf8').digest('hex');
}

/** Writes the test set as JSONL through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeTestSet(path: string, items: readonly TestItem[]): Promise<void> {
  const content = serializeTestSet(items);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}

export interface UnknownReference {
  itemId: string;
  docId: string;
}

export interface SpanProblem {
  itemId: string;
  docId: string;
  start: number;
  end: number;
  problem: 'out-of-range' | 'text-mismatch';
  message: string;
}

export interface ReferenceCheck {
  /** References naming a document the corpus does not have. */
  unknown: UnknownReference[];
  /** Span references whose offsets fall outside the document or whose text differs from the document slice. */
  spanProblems: SpanProblem[];
}

/** Checks every reference of every item against the corpus. */
export function checkReferences(items: readonly TestItem[], corpus: Corpus): ReferenceCheck {
  const textById = new Map(corpus.documents.map((doc) => [doc.id, doc.text]));
  const result: ReferenceCheck = { unknown: [], spanProblems: [] };
  for (const item of items) {
    for (const ref of item.references) {
      const text = textById.get(ref.docId);
      if (text === undefined) {
        result.unknown.push({ itemId: item.id, docId: ref.docId });
        continue;
      }
      if (!isSpanReference(ref)) continue;
      const base = { itemId: item.id, docId: ref.docId, start: ref.start, end: ref.end };
      if (ref.end > text.length) {
        result.spanProblems.push({
          ...base,
          problem: 'out-of-range',
          message: `item "${item.id}": span ${ref.start}-${ref.end} ends past document "${ref.docId}" (${text.length} characters)`,
        });
      } else if (text.slice(ref.start, ref.end) !== ref.text) {
        result.spanProblems.push({
          ...base,
          problem: 'text-mismatch',
          message:
            `item "${item.id}": span ${ref.start}-${ref.end} of document "${ref.docId}" ` +
            `reads ${JSON.stringify(preview(text.slice(ref.start, ref.end)))}, not ${JSON.stringify(preview(ref.text))} (document changed?)`,
        });
      }
    }
  }
  return result;
}

function preview(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes strictly: a Latin-1 or UTF-16 test set is refused with the first bad line, never turned into U+FFFD. */
function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    let line = 1;
    for (let start = 0; start < bytes.length; line++) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline === -1 ? bytes.length : newline;
      try {
        strictUtf8.decode(bytes.subarray(start, end));
      } catch {
        break;
      }
      start = end + 1;
    }
    const what = utf16 ? 'UTF-16 text (byte-order mark found)' : 'not valid UTF-8 (Latin-1 or another legacy encoding?)';
    throw new InputError(`${what}; convert the test set to UTF-8, e.g. iconv -f LATIN1 -t UTF-8`, { file: path, line: utf16 ? 1 : line });
  }
}
