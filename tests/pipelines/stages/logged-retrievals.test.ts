import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../kernel/corpus.js';
import { AppendLog } from '../../../pipelines/run-state/append-log.js';
import { readLoggedRetrievals } from '../../../pipelines/stages/logged-retrievals.js';
import { RetrievalRecord, toRecord, type QueryRetrieval } from '../../../pipelines/stages/retrieve.js';
import { useTempDirs } from '../../support/temp-dir.js';

const chunk = (id: string): Chunk => ({ id, docId: id.split('#')[0]!, index: 0, start: 0, end: 4, text: `text of ${id}` });
const chunks = ['a#0', 'b#0', 'c#0'].map(chunk);
const chunksById = new Map(chunks.map((c) => [c.id, c]));
const retrieval = (qid: string, latencyMs: number, order: number[]): QueryRetrieval => ({ qid, latencyMs, hits: order.map((i, rank) => ({ chunk: chunks[i]!, score: 3 - rank + 0.1 })) });

describe('reading chosen questions back from retrieval.jsonl', () => {
  const tempDir = useTempDirs();

  it('returns the wanted questions of one configuration with their chunks, the last line winning', () => {
    const file = path.join(tempDir(), 'retrieval.jsonl');
    const { log } = AppendLog.open(file, RetrievalRecord);
    const q1 = retrieval('q1', 1.25, [0, 1]);
    const weird = retrieval('q "2"', 0.5, [2, 0]);
    for (const [configuration, r] of [['bm25', q1], ['dense', retrieval('q1', 9, [2])], ['bm25', retrieval('q3', 2, [1])], ['bm25', weird]] as const) log.add(toRecord(configuration, r));
    log.close();
    // A line in another key order is parsed whole; a later line for the same question wins.
    const later = retrieval('q3', 7, [2, 1]);
    const record = toRecord('bm25', later);
    appendFileSync(file, `${JSON.stringify({ hits: record.hits, qid: record.qid, latencyMs: record.latencyMs, configuration: record.configuration })}\n`);
    const found = readLoggedRetrievals({ file, configuration: 'bm25', qids: new Set(['q1', 'q3', 'q "2"', 'absent']), chunksById });
    expect([...found.keys()]).toEqual(['q1', 'q3', 'q "2"']);
    expect(found.get('q1')).toEqual(q1);
    expect(found.get('q "2"')).toEqual(weird);
    expect(found.get('q3')).toEqual(later);
    expect(found.get('q1')!.hits[0]!.chunk).toBe(chunks[0]);
  });

  it('finds nothing in a missing file or for no questions', () => {
    const file = path.join(tempDir(), 'none.jsonl');
    expect(readLoggedRetrievals({ file, configuration: 'bm25', qids: new Set(['q1']), chunksById }).size).toBe(0);
  });
});
