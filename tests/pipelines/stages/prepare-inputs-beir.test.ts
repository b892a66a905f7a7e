import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RagEvalConfig } from '../../../pipelines/config/schema.js';
import { prepareInputs } from '../../../pipelines/stages/prepare-inputs.js';
import type { ProgressSink } from '../../../pipelines/progress/progress.js';
import { silentProgress } from '../../../pipelines/progress/progress.js';
import { useTempDirs } from '../../support/temp-dir.js';

function beirFolder(dir: string): void {
  mkdirSync(path.join(dir, 'beir', 'qrels'), { recursive: true });
  writeFileSync(path.join(dir, 'beir', 'corpus.jsonl'), ['{"_id":"d1","title":"Cats","text":"Cats purr."}', '{"_id":"d2","text":"Dogs bark."}'].join('\n') + '\n');
  writeFileSync(path.join(dir, 'beir', 'queries.jsonl'), '{"_id":"q1","text":"what purrs"}\n');
  writeFileSync(path.join(dir, 'beir', 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\n');
  writeFileSync(path.join(dir, 'mine.jsonl'), `${JSON.stringify({ id: 'bark', question: 'which animal barks', references: [{ docId: 'd2' }] })}\n`);
}

describe('corpus.format: beir with testSet.path', () => {
  const tempDir = useTempDirs();

  it('uses the explicit test set (not silently the qrels) and says so; without it the qrels are the test set', async () => {
    const dir = tempDir();
    beirFolder(dir);
    const infos: string[] = [];
    const progress: ProgressSink = { ...silentProgress, info: (m: string) => infos.push(m) };
    const base = { corpus: { path: 'beir', format: 'beir' }, retrievers: [{ name: 'bm25', type: 'bm25' }] };
    const resolve = (p: string) => path.resolve(dir, p);
    const explicit = await prepareInputs({ config: RagEvalConfig.parse({ ...base, testSet: { path: 'mine.jsonl' } }), resolve, progress });
    expect(explicit.items.map((i) => i.id)).toEqual(['bark']);
    expect(explicit.corpus.documents.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(infos).toContain(`testSet.path is set: questions from ${path.join(dir, 'mine.jsonl')}; the BEIR qrels (split test) are not used`);
    const qrels = await prepareInputs({ config: RagEvalConfig.parse(base), resolve, progress });
    expect(qrels.items.map((i) => i.id)).toEqual(['q1']);
  });
});
