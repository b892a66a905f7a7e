import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../kernel/errors.js';
import type { TestItem } from '../kernel/test-item.js';
import { TEST_SET_SCHEMA_VERSION } from '../kernel/test-item.js';
import { CorpusBuilder } from './builder.js';
import { decodeDocumentBytes } from './decode.js';
import { BeirDocumentLine, BeirQueryLine, parseJsonl } from './jsonl.js';
import { detectLanguage } from './text.js';
import type { Corpus } from '../kernel/corpus.js';

export interface LoadBeirOptions {
  /** Which qrels/<split>.tsv to turn into test items (default "test"). */
  split?: string;
  /** Prefix each document's text with its title, as BEIR evaluations usually do (default true). */
  titleInText?: boolean;
}

export interface BeirDataset {
  corpus: Corpus;
  testItems: TestItem[];
  /** Queries in queries.jsonl left out: no qrels row in this split, or only grade <= 0 rows. */
  skippedQueries: { noQrels: number; noRelevantDocument: number };
  /** Qrels rows naming unknown queries or documents (dropped), and similar problems. */
  warnings: string[];
}

export async function isBeirFolder(dir: string): Promise<boolean> {
  const info = await stat(join(dir, 'corpus.jsonl')).catch(() => undefined);
  return info?.isFile() ?? false;
}

async function readUtf8(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}; a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/<split>.tsv`, undefined, { cause: error });
  }
  const decoded = decodeDocumentBytes(bytes);
  if (!decoded.ok) throw new InputError(decoded.reason, { file: path });
  return decoded.text;
}

/** Adds the documents of a BEIR corpus.jsonl (`_id`, `title`, `text`) to the builder. */
export async function addBeirCorpus(builder: CorpusBuilder, root: string, titleInText: boolean): Promise<void> {
  const file = join(root, 'corpus.jsonl');
  const records = parseJsonl(await readUtf8(file), file, BeirDocumentLine, '{"_id": string, "title"?: string, "text": string}');
  for (const { line, value } of records) {
    const title = value.title?.trim();
    const text = titleInText && title ? `${title}\n\n${value.text}` : value.text;
    builder.add({ id: value._id, title, text, source: `${file}:${line}` });
  }
}

/**
 * Loads a BEIR dataset folder: the corpus, plus one test item per query that has qrels in
 * the chosen split, with document-level references `{docId, grade}`.
 */
export async function loadBeir(rootAsGiven: string, options: LoadBeirOptions = {}): Promise<BeirDataset> {
  const root = resolve(rootAsGiven);
  const split = options.split ?? 'test';
  if (!(await isBeirFolder(root))) {
    throw new InputError(`${root} is not a BEIR folder: expected a corpus.jsonl file in it`);
  }
  const builder = new CorpusBuilder(root);
  await addBeirCorpus(builder, root, options.titleInText ?? true);
  const corpus = builder.build();
  const hashes = new Map(corpus.documents.map((doc) => [doc.id, doc.hash]));

  const queriesFile = join(root, 'queries.jsonl');
  const queries = parseJsonl(await readUtf8(queriesFile), queriesFile, BeirQueryLine, '{"_id": string, "text": string}');
  const qrels = await readQrels(root, split);
  const warnings: string[] = [];
  const knownQueries = new Set(queries.map((q) => q.value._id));
  const unknownQueries = new Set([...qrels.keys()].filter((id) => !knownQueries.has(id)));
  if (unknownQueries.size > 0) {
    warnings.push(`qrels/${split}.tsv names ${unknownQueries.size} queries missing from queries.jsonl (e.g. "${[...unknownQueries][0]}"); ignored`);
  }

  const testItems: TestItem[] = [];
  const skippedQueries = { noQrels: 0, noRelevantDocument: 0 };
  for (const { line, value: query } of queries) {
    const rows = qrels.get(query._id);
    if (rows === undefined) {
      skippedQueries.noQrels += 1;
      continue;
    }
    const references = rows.filter((row) => {
      if (hashes.has(row.docId)) return true;
      warnings.push(`qrels/${split}.tsv:${row.line}: document "${row.docId}" is not in the corpus; reference dropped`);
      return false;
    });
    if (!references.some((ref) => ref.grade > 0)) {
      skippedQueries.noRelevantDocument += 1;
      continue;
    }
    if (query.text.trim() === '') {
      warnings.push(`${queriesFile}:${line}: query "${query._id}" has empty text; skipped`);
      continue;
    }
    testItems.push({
      schemaVersion: TEST_SET_SCHEMA_VERSION,
      id: query._id,
      question: query.text,
      references: references.map((ref) => ({ docId: ref.docId, grade: ref.grade })),
      generator: { name: 'beir' },
      language: detectLanguage(query.text),
      sourceHashes: Object.fromEntries(references.map((ref) => [ref.docId, hashes.get(ref.docId) ?? ''])),
    });
  }
  return { corpus, testItems, skippedQueries, warnings };
}

interface QrelRow {
  docId: string;
  grade: number;
  line: number;
}

/** Reads qrels/<split>.tsv (`query-id TAB corpus-id TAB score`, header optional) grouped by query id. */
async function readQrels(root: string, split: string): Promise<Map<string, QrelRow[]>> {
  const file = join(root, 'qrels', `${split}.tsv`);
  const exists = await stat(file).catch(() => undefined);
  if (!exists) {
    const available = (await readdir(join(root, 'qrels')).catch(() => [] as string[])).filter((n) => n.endsWith('.tsv')).sort();
    throw new InputError(
      `BEIR split "${split}" not found: expected ${file}` +
        (available.length > 0 ? `; available splits: ${available.map((n) => n.slice(0, -4)).join(', ')}` : '; the qrels folder has no .tsv files'),
    );
  }
  const byQuery = new Map<string, QrelRow[]>();
  const lines = (await readUtf8(file)).split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const raw = (lines[index] ?? '').trim();
    if (raw === '' || (index === 0 && raw.startsWith('query-id'))) continue;
    const fields = raw.split(/\s+/);
    const [queryId, docId, score] = fields;
    if (fields.length !== 3 || queryId === undefined || docId === undefined || score === undefined || !/^-?\d+$/.test(score)) {
      throw new InputError(`expected "query-id<TAB>corpus-id<TAB>integer score", got "${raw}"`, { file, line: index + 1 });
    }
    const rows = byQuery.get(queryId) ?? [];
    rows.push({ docId, grade: Number(score), line: index + 1 });
    byQuery.set(queryId, rows);
  }
  return byQuery;
}
