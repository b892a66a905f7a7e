/**
 * A child process for the transformers.js thread tests. It wraps onnxruntime's
 * InferenceSession.create (the one transformers.js's backends/onnx.js calls) to record the
 * options it receives; the sessions themselves are onnxruntime-node's, unchanged.
 * Then it builds the embedder through defaultClients (config → createEmbedder → TransformersEmbeddings),
 * embeds TEXTS and prints one JSON line: the recorded session options, the OS threads the
 * process had before the model loaded and after, and the vectors.
 * Usage: node --import tsx onnx-session-recorder.ts MODEL_DIR MODEL EMBEDDER_JSON
 */
import { readdirSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { defaultClients } from '../../pipelines/runner/default-clients.js';

const [modelDir, model, embedderJson] = process.argv.slice(2) as [string, string, string];
const recorded: unknown[] = [];
// transformers.js calls onnxruntime-common's InferenceSession.create (the class onnxruntime-node
// re-exports) each time it builds a session; wrap that static so every call is seen.
const create = ort.InferenceSession.create.bind(ort.InferenceSession) as (...args: unknown[]) => Promise<ort.InferenceSession>;
Object.defineProperty(ort.InferenceSession, 'create', {
  value(...args: unknown[]) {
    const options = args[1] as Record<string, unknown>;
    recorded.push({ intraOpNumThreads: options.intraOpNumThreads ?? null, interOpNumThreads: options.interOpNumThreads ?? null });
    return create(...args);
  },
});

const threads = () => readdirSync('/proc/self/task').length;
const texts = ['the quick brown fox', 'jumps over the lazy dog', 'a dog and a fox', 'words the model never saw'];
const embeddings = defaultClients({ baseDir: modelDir, env: {} }).embeddingsFor({
  provider: 'transformers',
  model,
  modelDir,
  cache: false,
  ...(JSON.parse(embedderJson) as object),
});
// Start libuv's pool (file reads) first, so the count after loading differs only by ONNX Runtime's threads.
await Promise.all(Array.from({ length: 8 }, () => import('node:fs/promises').then((fs) => fs.readFile(process.argv[1]!))));
const before = threads();
const vectors = await embeddings.embedDocuments(texts);
const after = threads();
process.stdout.write(`${JSON.stringify({ recorded, before, after, vectors })}\n`);
