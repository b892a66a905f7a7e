/**
 * TREC qrels and run files: parsing (with line-level validation) and writing.
 *
 * qrels: `qid iter docid grade`            (iter is ignored, usually `0`)
 * run:   `qid Q0 docid rank score runid`   (Q0 and rank are ignored when evaluating)
 *
 * Fields are whitespace separated. Like trec_eval, anything after the sixth run field is
 * ignored (real run files carry comments there). Validation is hand-written rather than a
 * zod schema per line because runs reach millions of lines; the checks are the same a schema
 * would make, and every error names file:line and what was expected.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../../kernel/errors.js';

/** Relevance judgements: query id -> document id -> grade. */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface ScoredDocument {
  readonly docId: string;
  readonly score: number;
}

/** A run: query id -> retrieved documents (in file order; see ranking.ts for the evaluation order). */
export type Run = ReadonlyMap<string, readonly ScoredDocument[]>;

export interface ParsedRun {
  /** The run id of the first line ('' for an empty file), which trec_eval prints as `runid`. */
  readonly runId: string;
  readonly run: Run;
}

export interface QrelsEntry {
  readonly queryId: string;
  readonly docId: string;
  readonly grade: number;
}

export interface RunEntry {
  readonly queryId: string;
  readonly docId: string;
  readonly rank: number;
  readonly score: number;
  readonly runId: string;
}

const FIELD_SEPARATOR = /\s+/;
const INTEGER = /^[+-]?\d+$/;

export function parseQrels(text: string, file: string): Qrels {
  const qrels = new Map<string, Map<string, number>>();
  forEachLine(text, (line, lineNumber) => {
    const fields = line.split(FIELD_SEPARATOR);
    if (fields.length !== 4) {
      fail(file, lineNumber, `expected 4 fields "qid iter docid grade", found ${fields.length}`);
    }
    const [queryId, , docId, gradeText] = fields as [string, string, string, string];
    if (!INTEGER.test(gradeText)) {
      fail(file, lineNumber, `expected an integer relevance grade in field 4, found "${gradeText}"`);
    }
    let judgements = qrels.get(queryId);
    if (judgements === undefined) {
      judgements = new Map();
      qrels.set(queryId, judgements);
    }
    if (judgements.has(docId)) {
      fail(file, lineNumber, `duplicate judgement for query "${queryId}" and document "${docId}"`);
    }
    judgements.set(docId, Number(gradeText));
  });
  return qrels;
}

export function parseRun(text: string, file: string): ParsedRun {
  const run = new Map<string, ScoredDocument[]>();
  const seen = new Map<string, Set<string>>();
  let runId: string | undefined;
  forEachLine(text, (line, lineNumber) => {
    const fields = line.split(FIELD_SEPARATOR);
    if (fields.length < 6) {
      fail(file, lineNumber, `expected 6 fields "qid Q0 docid rank score runid", found ${fields.length}`);
    }
    const [queryId, , docId, rankText, scoreText, lineRunId] = fields as [string, string, string, string, string, string];
    if (!INTEGER.test(rankText)) {
      fail(file, lineNumber, `expected an integer rank in field 4, found "${rankText}"`);
    }
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score)) {
      fail(file, lineNumber, `expected a finite numeric score in field 5, found "${scoreText}"`);
    }
    runId ??= lineRunId;
    let docIds = seen.get(queryId);
    let documents = run.get(queryId);
    if (docIds === undefined || documents === undefined) {
      docIds = new Set();
      documents = [];
      seen.set(queryId, docIds);
      run.set(queryId, documents);
    }
    if (docIds.has(docId)) {
      fail(file, lineNumber, `duplicate document "${docId}" for query "${queryId}" (each document may be retrieved once per query)`);
    }
    docIds.add(docId);
    documents.push({ docId, score });
  });
  return { runId: runId ?? '', run };
}

export async function readQrelsFile(path: string): Promise<Qrels> {
  return parseQrels(await readTextFile(path, 'qrels'), path);
}

export async function readRunFile(path: string): Promise<ParsedRun> {
  return parseRun(await readTextFile(path, 'run'), path);
}

/** Synchronous variants, for the one-shot `rag-eval trec` command. */
export function readQrelsFileSync(path: string): Qrels {
  return parseQrels(readTextFileSync(path, 'qrels'), path);
}

export function readRunFileSync(path: string): ParsedRun {
  return parseRun(readTextFileSync(path, 'run'), path);
}

/** Builds qrels from entries (e.g. a rag-eval test set); duplicates are rejected. */
export function qrelsFromEntries(entries: Iterable<QrelsEntry>, source = 'qrels'): Qrels {
  return parseQrels(linesOf(entries, formatQrelsLine), source);
}

/** Builds a run from entries (e.g. retrieval results); duplicates are rejected. */
export function runFromEntries(entries: Iterable<RunEntry>, source = 'run'): ParsedRun {
  return parseRun(linesOf(entries, formatRunLine), source);
}

export function formatQrelsLine(entry: QrelsEntry): string {
  assertField(entry.queryId, 'queryId');
  assertField(entry.docId, 'docId');
  if (!Number.isInteger(entry.grade)) {
    throw new InputError(`qrels grade must be an integer, got ${entry.grade} for query "${entry.queryId}", document "${entry.docId}"`);
  }
  return `${entry.queryId} 0 ${entry.docId} ${entry.grade}`;
}

export function formatRunLine(entry: RunEntry): string {
  assertField(entry.queryId, 'queryId');
  assertField(entry.docId, 'docId');
  assertField(entry.runId, 'runId');
  if (!Number.isInteger(entry.rank)) {
    throw new InputError(`run rank must be an integer, got ${entry.rank} for query "${entry.queryId}", document "${entry.docId}"`);
  }
  if (!Number.isFinite(entry.score)) {
    throw new InputError(`run score must be a finite number, got ${entry.score} for query "${entry.queryId}", document "${entry.docId}"`);
  }
  // String(score) round-trips exactly, so trec_eval sees the same order we do.
  return `${entry.queryId} Q0 ${entry.docId} ${entry.rank} ${String(entry.score)} ${entry.runId}`;
}

function assertField(value: string, name: string): void {
  if (value === '' || FIELD_SEPARATOR.test(value)) {
    throw new InputError(`TREC field ${name} must be non-empty and contain no whitespace, got ${JSON.stringify(value)}`);
  }
}

function linesOf<T>(entries: Iterable<T>, format: (entry: T) => string): string {
  const lines: string[] = [];
  for (const entry of entries) lines.push(format(entry));
  return lines.join('\n');
}

/** Calls `visit` for each non-blank line, trimmed, with its 1-based line number. */
function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber += 1;
    const line = text.slice(start, end).trim();
    if (line !== '') visit(line, lineNumber);
    start = end + 1;
  }
}

function fail(file: string, line: number, message: string): never {
  throw new InputError(message, { file, line });
}

async function readTextFile(path: string, kind: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, kind, error);
  }
}

function readTextFileSync(path: string, kind: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, kind, error);
  }
}

function unreadable(path: string, kind: string, error: unknown): InputError {
  return new InputError(`cannot read ${kind} file: ${error instanceof Error ? error.message : String(error)}`, { file: path }, { cause: error });
}
