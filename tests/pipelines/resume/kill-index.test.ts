import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMilvus } from '../../../pipelines/retrieval/stores/milvus-store.js';
import { useTempDirs } from '../../support/temp-dir.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCRIPT = path.join(ROOT, 'tests/support/resumable-index-run.ts');
const DOCUMENTS = 60;

/** The store section of each config: `name` keeps the resumed and the clean run's data apart. */
type StoreYaml = (name: string) => string;
const lancedb: StoreYaml = (name) => `{ type: lancedb, path: ./${name}, batchSize: 8 }`;
const milvusAddress = process.env.MILVUS_ADDRESS;
const milvusPrefix = `rag_eval_resume_${process.pid}`;
const milvus: StoreYaml = (name) => `{ type: milvus, address: "${milvusAddress}", collectionPrefix: ${milvusPrefix}_${name}, batchSize: 8 }`;
if (!milvusAddress) console.log('skipped: Milvus index resume after SIGKILL (MILVUS_ADDRESS not set; start Milvus standalone with its official docker compose file, see README)');

function makeProject(dir: string, store: StoreYaml): { config: string; clean: string } {
  mkdirSync(path.join(dir, 'corpus'));
  const items: string[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    const name = `doc${String(d).padStart(2, '0')}.txt`;
    writeFileSync(path.join(dir, 'corpus', name), `document ${d} is about topic${d} and topic${(d * 7) % DOCUMENTS}`);
    if (d % 6 === 0) items.push(JSON.stringify({ id: `q${d}`, question: `what is topic${d}`, references: [{ docId: name }] }));
  }
  writeFileSync(path.join(dir, 'testset.jsonl'), `${items.join('\n')}\n`);
  const write = (file: string, name: string) => {
    const config = path.join(dir, file);
    const retriever = `  - { name: dense, type: dense, embedder: { batchSize: 4 }, store: ${store(name)} }`;
    writeFileSync(config, ['corpus: { path: ./corpus }', 'testSet: { path: ./testset.jsonl }', 'k: 5', 'retrievers:', retriever].join('\n'));
    return config;
  };
  return { config: write('rag-eval.yaml', 'resumed'), clean: write('clean.yaml', 'clean') };
}

/** Runs the child; with blockAt, waits until it reports being blocked in that add() and kills it with SIGKILL. */
async function runChild(args: { config: string; runDir: string; mode: 'fresh' | 'resume'; blockAt: number | string; counter: string }) {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, args.config, args.runDir, args.mode, String(args.blockAt), args.counter], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  if (args.blockAt !== 0) {
    let done = false;
    void exited.then(() => (done = true));
    while (!done && !(existsSync(args.counter) && readFileSync(args.counter, 'utf8').includes('blocked'))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
  }
  return { ...(await exited), stderr };
}

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');
const rankings = (runDir: string) =>
  lines(path.join(runDir, 'retrieval.jsonl'))
    .map((line) => JSON.parse(line) as { qid: string; hits: unknown })
    .sort((a, b) => a.qid.localeCompare(b.qid))
    .map((r) => [r.qid, r.hits]);

const stores: [string, StoreYaml][] = [['LanceDB', lancedb], ...(milvusAddress ? [['Milvus', milvus] as [string, StoreYaml]] : [])];

describe.each(stores)('a persistent index (%s) killed in the middle of its build', (_, store) => {
  const tempDir = useTempDirs();
  afterAll(async () => {
    if (store !== milvus) return;
    const client = await connectMilvus({ address: milvusAddress!, timeoutMs: 30_000, connectTimeoutMs: 5_000 });
    const listed = await client.showCollections({ timeout: 30_000 });
    for (const { name } of listed.data) if (name.startsWith(milvusPrefix)) await client.dropCollection({ collection_name: name, timeout: 30_000 });
    await client.closeConnection();
  });

  it('resumes after the last acknowledged batch: only the rest is embedded and inserted, rankings as an uninterrupted run', async () => {
    const dir = tempDir();
    const { config, clean } = makeProject(dir, store);
    const runDir = path.join(dir, 'run');
    const counter = path.join(dir, 'adds.log');

    // 60 chunks in store batches of 8: killed while the 4th add() is in progress (nothing of it stored).
    const killed = await runChild({ config, runDir, mode: 'fresh', blockAt: 4, counter });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(lines(counter)).toEqual(['add doc00.txt#0 doc07.txt#0 8', 'add doc08.txt#0 doc15.txt#0 8', 'add doc16.txt#0 doc23.txt#0 8', 'blocked']);
    const logged = lines(path.join(runDir, 'index-batches.jsonl')).map((line) => JSON.parse(line) as { configuration: string; start: number; end: number });
    expect(logged.map((r) => [r.configuration, r.start, r.end])).toEqual([['dense', 0, 8], ['dense', 8, 16], ['dense', 16, 24]]);

    writeFileSync(counter, '');
    const resumed = await runChild({ config, runDir, mode: 'resume', blockAt: 0, counter });
    expect(resumed.code, resumed.stderr).toBe(0);
    // Only chunks 24–59 were inserted, in 5 adds; only they were embedded.
    expect(lines(counter)).toEqual([
      'add doc24.txt#0 doc31.txt#0 8',
      'add doc32.txt#0 doc39.txt#0 8',
      'add doc40.txt#0 doc47.txt#0 8',
      'add doc48.txt#0 doc55.txt#0 8',
      'add doc56.txt#0 doc59.txt#0 4',
    ]);
    const index = lines(path.join(runDir, 'index.jsonl')).map((line) => JSON.parse(line) as { embedding: { texts: number } });
    expect(index.map((r) => r.embedding.texts)).toEqual([36]);
    const batches = lines(path.join(runDir, 'index-batches.jsonl')).map((line) => JSON.parse(line) as { start: number; end: number });
    expect(batches.map((r) => [r.start, r.end])).toEqual([[0, 8], [8, 16], [16, 24], [24, 32], [32, 40], [40, 48], [48, 56], [56, 60]]);

    const cleanDir = path.join(dir, 'clean');
    const uninterrupted = await runChild({ config: clean, runDir: cleanDir, mode: 'fresh', blockAt: 0, counter: path.join(dir, 'clean-adds.log') });
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    expect(lines(path.join(dir, 'clean-adds.log'))).toHaveLength(8);
    const expected = rankings(cleanDir);
    expect(expected).toHaveLength(DOCUMENTS / 6);
    expect(rankings(runDir)).toEqual(expected);
  });

  it('killed inside an insert that stored half its rows: the unacknowledged rows are removed and the build continues', async () => {
    const dir = tempDir();
    const { config } = makeProject(dir, store);
    const runDir = path.join(dir, 'run');
    const counter = path.join(dir, 'adds.log');

    const killed = await runChild({ config, runDir, mode: 'fresh', blockAt: '4:half', counter });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(lines(counter).slice(3)).toEqual(['half doc24.txt#0 doc27.txt#0 4', 'blocked']);
    expect(lines(path.join(runDir, 'index-batches.jsonl'))).toHaveLength(3);

    writeFileSync(counter, '');
    const resumed = await runChild({ config, runDir, mode: 'resume', blockAt: 0, counter });
    expect(resumed.code, resumed.stderr).toBe(0);
    // Chunks 24-27 were stored but never acknowledged: removed, then 24-59 inserted again (5 adds).
    expect(lines(counter)).toEqual([
      'add doc24.txt#0 doc31.txt#0 8',
      'add doc32.txt#0 doc39.txt#0 8',
      'add doc40.txt#0 doc47.txt#0 8',
      'add doc48.txt#0 doc55.txt#0 8',
      'add doc56.txt#0 doc59.txt#0 4',
    ]);
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { warnings: string[] };
    const target = (JSON.parse(lines(path.join(runDir, 'index-batches.jsonl'))[0]!) as { target: string }).target;
    expect(summary.warnings).toContain(
      `dense retriever "dense": removed 4 vectors from ${target} that the index log never acknowledged (an interrupted insert); continuing after chunk 24`,
    );
    const index = lines(path.join(runDir, 'index.jsonl')).map((line) => JSON.parse(line) as { embedding: { texts: number } });
    expect(index.map((r) => r.embedding.texts)).toEqual([36]);
    expect(rankings(runDir)).toHaveLength(DOCUMENTS / 6);
  });
});
