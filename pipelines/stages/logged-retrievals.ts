/**
 * Reads chosen questions' results back from retrieval.jsonl (for the HTML drill-down, which
 * shows a few hundred questions of a run that may have 100k): the file is read block by block
 * and only the wanted lines are parsed, so neither the file nor its results are held whole.
 */
import { existsSync } from 'node:fs';
import type { Chunk } from '../../kernel/corpus.js';
import { forEachLine } from '../run-state/read-lines.js';
import { chunkingId, type BuiltRetriever } from './built-retriever.js';
import { fromRecord, RetrievalRecord, type QueryRetrieval } from './retrieve.js';

/** toRecord writes `configuration` and `qid` first, then `latencyMs`: a line's key is the text before it. */
const AFTER_KEY = ',"latencyMs":';

function lineKey(configuration: string, qid: string): string {
  return `{"configuration":${JSON.stringify(configuration)},"qid":${JSON.stringify(qid)}`;
}

/**
 * The logged results of `qids` for one configuration (the last line wins, as on resume), rebuilt
 * against this run's chunks. Lines written in another key order are parsed whole, never skipped.
 */
export function readLoggedRetrievals(options: {
  file: string;
  configuration: string;
  qids: ReadonlySet<string>;
  chunksById: ReadonlyMap<string, Chunk>;
}): Map<string, QueryRetrieval> {
  const found = new Map<string, QueryRetrieval>();
  if (!existsSync(options.file) || options.qids.size === 0) return found;
  const wanted = new Set([...options.qids].map((qid) => lineKey(options.configuration, qid)));
  forEachLine(options.file, (text, info) => {
    if (info.unterminated) return;
    const at = text.indexOf(AFTER_KEY);
    if (at !== -1 && text.startsWith('{"configuration":') && !wanted.has(text.slice(0, at))) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return; // a torn last line; the run that wrote it was resumed or is reported as interrupted
    }
    const record = RetrievalRecord.safeParse(json);
    if (!record.success || record.data.configuration !== options.configuration || !options.qids.has(record.data.qid)) return;
    found.set(record.data.qid, fromRecord(record.data, options.chunksById));
  });
  return found;
}

/** readLoggedRetrievals for any configuration of the run, against the chunks of its chunking. */
export function loggedRetrievalsReader(options: { file: string; built: readonly BuiltRetriever[]; chunksByChunking: ReadonlyMap<string, Chunk[]> }) {
  return (configuration: string, qids: ReadonlySet<string>): Map<string, QueryRetrieval> => {
    const b = options.built.find((candidate) => candidate.config.name === configuration)!;
    const chunksById = new Map(options.chunksByChunking.get(chunkingId(b.chunking))!.map((c) => [c.id, c]));
    return readLoggedRetrievals({ file: options.file, configuration, qids, chunksById });
  };
}
