import type { RunClients } from './clients.js';
import { UniversalSentenceEncoderEmbeddings } from './retrieval/use-embedder.js';

/** The clients the CLI uses: the bundled sentence encoder (shared, loaded once). */
export function defaultClients(): RunClients {
  let use: UniversalSentenceEncoderEmbeddings | undefined;
  return {
    embeddingsFor(config) {
      use ??= new UniversalSentenceEncoderEmbeddings({ batchSize: config.batchSize });
      return use;
    },
  };
}
