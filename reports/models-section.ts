/**
 * Report sections for embedding models and vector stores: the Models table (facts a team weighs
 * beside quality), embedding cost per configuration, and ANN recall against exact search.
 * Each section appears only when the run has something to show in it.
 */
import { fixed, table } from './markdown-table.js';
import type { RunSummary } from './summary-schema.js';

export function modelSections(summary: RunSummary): string[] {
  const parts: string[] = [];
  const models = summary.embeddingModels ?? [];
  if (models.length) {
    const header = ['Model', 'Used by', 'Dimensions', 'Max input tokens', 'Licence', 'Hosting', 'USD / 1M tokens', 'Memory (MB)'];
    const rows = models.map((m) => [
      m.model,
      m.usedBy.join(', '),
      m.dimensions === null ? '—' : String(m.dimensions),
      m.maxInputTokens === null ? '—' : String(m.maxInputTokens),
      m.licence ?? 'unknown',
      m.hosting ?? 'unknown',
      m.pricePerMillionTokens === null ? '—' : String(m.pricePerMillionTokens),
      m.memoryMB === null ? '—' : `~${m.memoryMB}`,
    ]);
    parts.push(
      '## Models',
      `${table(header, rows, ['l', 'l', 'r', 'r', 'l', 'l', 'r', 'r'])}\n\n` +
        "<sub>From the built-in registry (pipelines/embeddings/registry.ts, with its sources and dates) and the config's `embeddingModels`. " +
        "Dimensions are the model's default; a configuration may shorten them. Memory is the approximate fp32 weight size.</sub>",
    );
  }
  const costed = summary.configurations.filter((c) => c.embeddingCost);
  if (costed.length) {
    const header = ['Configuration', 'Model', 'Requests', 'Cache hits', 'Embedded', 'Input tokens', 'Cost (USD)'];
    const rows = costed.map((c) => {
      const e = c.embeddingCost!;
      return [
        c.name,
        e.model,
        String(e.requests),
        String(e.cacheHits),
        String(e.cacheMisses),
        String(e.inputTokens),
        e.costUsd === null ? `— (${e.costNote ?? 'unknown price'})` : fixed(e.costUsd, 6),
      ];
    });
    parts.push('## Embedding cost', `${table(header, rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r'])}\n\n<sub>Tokens as billed by the endpoint × the registry's price; cache hits cost nothing.</sub>`);
  }
  const ann = summary.configurations.filter((c) => c.ann);
  if (ann.length) {
    const header = ['Configuration', 'Index', 'Parameters', 'Recall@k vs exact', 'k', 'Queries'];
    const rows = ann.map((c) => {
      const a = c.ann!;
      return [c.name, a.index, Object.entries(a.params).map(([k, v]) => `${k}=${v}`).join(' ') || '—', fixed(a.recallAtK), String(a.k), String(a.queries)];
    });
    parts.push(
      '## ANN recall',
      `${table(header, rows, ['l', 'l', 'l', 'r', 'r', 'r'])}\n\n` +
        '<sub>Share of the exact top-k (same vectors, exact in-memory search) that the index returned, averaged over queries.</sub>',
    );
  }
  return parts;
}
