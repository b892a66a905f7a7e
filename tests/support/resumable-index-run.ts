/**
 * A child process for the index-resume kill test: runs the whole pipeline (runPipeline) on CONFIG
 * into RUN_DIR (or resumes it) with the configuration's real persistent store (LanceDB, built by
 * defaultClients) behind a gate that appends one line per acknowledged add() to COUNTER_FILE
 * ("add FIRST_ID LAST_ID COUNT") and, on add number BLOCK_AT, writes "blocked" and waits
 * forever; with BLOCK_AT "N:half" it first stores half of that add's rows (an insert cut short,
 * like a Milvus insert of several 1,000-row requests) (the test then kills the process with SIGKILL: an interruption at a known point, proven
 * by the counter file, never by a timer). Embeddings are a deterministic function of the text.
 * Usage: node --import tsx resumable-index-run.ts CONFIG RUN_DIR fresh|resume BLOCK_AT COUNTER_FILE
 */
import { appendFileSync } from 'node:fs';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { loadConfig } from '../../pipelines/config/load.js';
import { defaultClients } from '../../pipelines/runner/default-clients.js';
import { runPipeline } from '../../pipelines/runner/run-pipeline.js';
import type { PersistentVectorStore, Vector } from '../../kernel/vector-store.js';

const [config, runDir, mode, blockAtText, counterFile] = process.argv.slice(2) as [string, string, 'fresh' | 'resume', string, string];
// "4" blocks before the 4th add stores anything; "4:half" after it stored the first half of its rows.
const [blockAtNumber, blockPart] = blockAtText.split(':');
const blockAt = Number(blockAtNumber);

/** Words hashed into 16 buckets: texts sharing words are close. */
class HashEmbeddings implements EmbeddingsInterface {
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    const v = new Array<number>(16).fill(0.01);
    for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
      let h = 2166136261;
      for (const c of word) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      v[(h >>> 0) % 16]! += 1;
    }
    return v;
  }
}

class GatedStore implements PersistentVectorStore {
  private adds = 0;
  constructor(private readonly inner: PersistentVectorStore) {}
  get kind() {
    return this.inner.kind;
  }
  get ann() {
    return this.inner.ann;
  }
  get metric() {
    return this.inner.metric;
  }
  open(datasetKey: string, expectedCount: number) {
    return this.inner.open(datasetKey, expectedCount);
  }
  resume(datasetKey: string) {
    return this.inner.resume!(datasetKey);
  }
  remove(ids: readonly string[]) {
    return this.inner.remove!(ids);
  }
  close() {
    return this.inner.close();
  }
  search(vector: Vector, k: number) {
    return this.inner.search(vector, k);
  }
  searchMany(vectors: readonly Vector[], k: number) {
    return this.inner.searchMany(vectors, k);
  }
  async add(ids: readonly string[], vectors: readonly Vector[]): Promise<void> {
    if (++this.adds === blockAt) {
      if (blockPart === 'half') {
        const half = Math.floor(ids.length / 2);
        await this.inner.add(ids.slice(0, half), vectors.slice(0, half));
        appendFileSync(counterFile, `half ${ids[0]} ${ids[half - 1]} ${half}\n`);
      }
      appendFileSync(counterFile, 'blocked\n');
      setInterval(() => {}, 1 << 30);
      return new Promise<void>(() => {});
    }
    await this.inner.add(ids, vectors);
    appendFileSync(counterFile, `add ${ids[0]} ${ids.at(-1)} ${ids.length}\n`);
  }
}

const loaded = await loadConfig(config);
const base = defaultClients({ baseDir: loaded.baseDir, env: {} });
const result = await runPipeline({
  loaded,
  ...(mode === 'resume' ? { resume: runDir } : { outDir: runDir }),
  clients: {
    embeddingsFor: () => new HashEmbeddings(),
    vectorStoreFor: (store) => new GatedStore(base.vectorStoreFor!(store) as PersistentVectorStore),
    close: () => base.close!(),
  },
});
process.stdout.write(`${JSON.stringify({ outDir: result.outDir })}\n`);
