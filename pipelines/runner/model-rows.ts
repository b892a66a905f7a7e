import type { BuiltRetriever } from '../stages/built-retriever.js';
import type { EmbeddingModelRow } from '../../reports/summary-schema.js';
import type { z } from 'zod';

/** One Models-table row per embedding model the run used, with the configurations that used it. */
export function embeddingModelRows(built: readonly { config: { name: string }; embedder?: BuiltRetriever['embedder'] }[]): z.infer<typeof EmbeddingModelRow>[] {
  const rows = new Map<string, z.infer<typeof EmbeddingModelRow>>();
  for (const b of built) {
    if (!b.embedder) continue;
    const { model, facts } = b.embedder;
    const row = rows.get(model) ?? {
      model,
      usedBy: [],
      dimensions: facts?.dimensions ?? null,
      maxInputTokens: facts?.maxInputTokens ?? null,
      licence: facts?.licence ?? null,
      hosting: facts?.hosting ?? null,
      pricePerMillionTokens: facts?.pricePerMillionTokens ?? null,
      memoryMB: facts?.memoryMB ?? null,
      languages: facts?.languages ?? null,
      publicBenchmark: facts?.publicBenchmark ?? null,
    };
    row.usedBy.push(b.config.name);
    rows.set(model, row);
  }
  return [...rows.values()];
}
