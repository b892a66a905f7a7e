/**
 * Child process of bench/index-vectors.bench.ts: indexes N synthetic 512-d vectors into the
 * exact in-memory store and prints {seconds, maxRssMB} as JSON. Mode "batched" is
 * createDenseRetriever(...).index (float32 batches to the store); mode "all-at-once" is the
 * path it replaced (every vector as number[] first, then one store.add).
 *   node --import tsx bench/support/index-child.ts batched|all-at-once N
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Chunk } from '../../kernel/corpus.js';
import { createDenseRetriever } from '../../pipelines/retrieval/dense-retriever.js';
import { MemoryVectorStore } from '../../pipelines/retrieval/stores/memory-store.js';

const DIMENSION = 512;
const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);

/** A stand-in model: a seeded pseudo-random 512-d vector per text, as number[] like real embedders return. */
class SyntheticEmbeddings implements EmbeddingsInterface {
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    let state = Number(text.slice(6)) * 2654435761 + 1;
    const vector = new Array<number>(DIMENSION);
    for (let j = 0; j < DIMENSION; j++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      vector[j] = (state >>> 0) / 2 ** 32 - 0.5;
    }
    return vector;
  }
}

const chunks: Chunk[] = Array.from({ length: count }, (_, i) => {
  const text = `chunk ${i}`;
  return { id: `c${i}`, docId: `d${i}`, index: 0, start: 0, end: text.length, text };
});
const embeddings = new SyntheticEmbeddings();
const started = performance.now();
if (mode === 'batched') {
  const dense = createDenseRetriever({ name: 'bench', embeddings, batchSize: 256 });
  await dense.index(chunks);
  const [top] = await dense.retrieve('chunk 12345', 1);
  if (count > 12_345 && top?.chunk.id !== 'c12345') throw new Error(`unexpected top hit ${top?.chunk.id}`);
} else if (mode === 'all-at-once') {
  const vectors: number[][] = [];
  for (let start = 0; start < count; start += 256) {
    vectors.push(...(await embeddings.embedDocuments(chunks.slice(start, start + 256).map((chunk) => chunk.text))));
  }
  new MemoryVectorStore().add(chunks.map((chunk) => chunk.id), vectors);
} else {
  throw new Error(`mode must be batched or all-at-once, got ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
