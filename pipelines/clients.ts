import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { z } from 'zod';
import type { EmbedderConfig } from './config/schema.js';

/**
 * The external clients a run uses, passed in rather than built inside stages, so tests and
 * library users can supply their own (a LangChain embeddings class, a test server client).
 */
export interface RunClients {
  embeddingsFor(config: z.infer<typeof EmbedderConfig>): EmbeddingsInterface;
}
