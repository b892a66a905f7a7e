import { describe, expect, it } from 'vitest';
import { TransformersEmbeddings } from '../../../pipelines/embeddings/transformers-embedder.js';

/**
 * Real local inference through @huggingface/transformers. No model weights can be downloaded
 * here, so it runs only when a model folder is provided, e.g.
 *   RAG_EVAL_LOCAL_MODEL_DIR=./models RAG_EVAL_LOCAL_MODEL=Xenova/all-MiniLM-L6-v2 npx vitest run tests/pipelines/embeddings/local-model-live.test.ts
 */
const modelDir = process.env.RAG_EVAL_LOCAL_MODEL_DIR;
const model = process.env.RAG_EVAL_LOCAL_MODEL ?? 'Xenova/all-MiniLM-L6-v2';
if (!modelDir) console.log('skipped: local transformers.js model test (RAG_EVAL_LOCAL_MODEL_DIR is not set; no weights can be downloaded here)');

const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe.skipIf(!modelDir)(`local model ${model}`, () => {
  it('embeds offline; a related sentence is closer than an unrelated one', { timeout: 120_000 }, async () => {
    const embeddings = new TransformersEmbeddings({ model, modelDir: modelDir!, pooling: 'mean', normalize: true, batchSize: 8 });
    const [gc, memory, tax] = await embeddings.embedDocuments(['Java reclaims unused objects with a garbage collector.', 'automatic memory management', 'rules for filing income tax']);
    expect(gc!.length).toBeGreaterThan(0);
    expect(memory!.length).toBe(gc!.length);
    expect(cosine(gc!, memory!)).toBeGreaterThan(cosine(gc!, tax!));
  });
});
