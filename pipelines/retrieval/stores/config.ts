/** The `store` section of a dense retriever: the vector-store adapters own their config slice. */
import { z } from 'zod';
import { envName } from '../../embeddings/config.js';

const positiveInt = z.number().int().positive();

export const MilvusIndexConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('FLAT') }).strict(),
  z.object({ type: z.literal('HNSW'), M: positiveInt.default(16), efConstruction: positiveInt.default(200) }).strict(),
  z.object({ type: z.literal('IVF_FLAT'), nlist: positiveInt.default(128) }).strict(),
]);

export const StoreConfig = z
  .object({
    type: z.enum(['memory', 'lancedb', 'milvus']).default('memory'),
    metric: z.enum(['cosine', 'ip']).default('cosine'),
    /** lancedb: the database folder, relative to the config file. Default .rag-eval/lancedb. */
    path: z.string().min(1).optional(),
    /** milvus: host:port; default MILVUS_ADDRESS. */
    address: z.string().min(1).optional(),
    /** milvus: the variable holding the token (secrets stay out of config files). */
    tokenEnv: envName.default('MILVUS_TOKEN'),
    database: z.string().min(1).optional(),
    index: MilvusIndexConfig.optional(),
    /** milvus search parameters: ef (HNSW), nprobe (IVF_FLAT). */
    search: z.object({ ef: positiveInt.optional(), nprobe: positiveInt.optional() }).strict().optional(),
    /**
     * lancedb, milvus: vectors handed to the store per add() (default 4,096). Each acknowledged add
     * is a line of the run's index-batches.jsonl, so it is also how much a resumed build can lose.
     */
    batchSize: positiveInt.optional(),
    timeoutMs: positiveInt.default(30_000),
    connectTimeoutMs: positiveInt.default(5_000),
    collectionPrefix: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores').default('rag_eval'),
  })
  .strict()
  .refine((s) => s.type === 'milvus' || (s.index === undefined && s.search === undefined && s.address === undefined), {
    message: 'index, search and address apply to type milvus only',
    path: ['type'],
  })
  .refine((s) => s.type === 'lancedb' || s.path === undefined, { message: 'path applies to type lancedb only', path: ['path'] })
  .refine((s) => s.type !== 'memory' || s.batchSize === undefined, { message: 'batchSize applies to types lancedb and milvus only', path: ['batchSize'] })
  .refine((s) => s.search?.ef === undefined || s.index?.type === 'HNSW', { message: 'search.ef needs index.type HNSW', path: ['search', 'ef'] })
  .refine((s) => s.search?.nprobe === undefined || s.index?.type === 'IVF_FLAT', { message: 'search.nprobe needs index.type IVF_FLAT', path: ['search', 'nprobe'] });
export type StoreConfig = z.infer<typeof StoreConfig>;

