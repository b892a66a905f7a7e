import { z } from 'zod';
import type { Usage, UsageReport } from './llm-types.js';

/** USD per million input and output tokens. */
export const ModelPrice = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).strict();
export type ModelPrice = z.infer<typeof ModelPrice>;

/**
 * USD per million tokens, standard tier, as listed on https://openai.com/api/pricing
 * (figures as of mid-2025, from the maintainer's reading of that page; verify before relying on them).
 * `llm.prices` in the config overrides or extends this table.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
};

/**
 * The price of a model: an exact entry, else the longest entry that a dated snapshot starts
 * with ("gpt-4o-2024-08-06" -> "gpt-4o", never "gpt-4o-mini-..." -> "gpt-4o").
 */
export function priceFor(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  const table = { ...DEFAULT_PRICES, ...overrides };
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (/^-\d{4}-\d{2}-\d{2}$/.test(model.slice(name.length)) && model.startsWith(name) && (!best || name.length > best.length)) best = name;
  }
  return best ? table[best] : undefined;
}

/** Cost in USD, or null when the model has no price. */
export function costOf(tokens: { inputTokens: number; outputTokens: number }, price: ModelPrice | undefined): number | null {
  if (!price) return null;
  return (tokens.inputTokens * price.input + tokens.outputTokens * price.output) / 1_000_000;
}

export function emptyUsage(): Usage {
  return { requests: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

/** Sum of usages; null cost is contagious (an unknown price makes the total unknown). */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    requests: a.requests + b.requests,
    cacheHits: a.cacheHits + b.cacheHits,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}

/** Running totals per stage for one model. */
export class UsageLedger {
  private readonly stages = new Map<string, Usage>();
  constructor(
    readonly model: string,
    private readonly price: ModelPrice | undefined,
  ) {}

  /** Usage of one exchange: tokens are only spent (and priced) when a request was sent. */
  usageOf(exchange: { requests: number; cacheHits: number; inputTokens: number; outputTokens: number }): Usage {
    return { ...exchange, costUsd: costOf(exchange, this.price) };
  }

  record(stage: string, usage: Usage): void {
    this.stages.set(stage, addUsage(this.stages.get(stage) ?? emptyUsage(), usage));
  }

  report(): UsageReport {
    const byStage = Object.fromEntries([...this.stages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const total = Object.values(byStage).reduce(addUsage, emptyUsage());
    return {
      model: this.model,
      total: this.price ? total : { ...total, costUsd: null },
      byStage,
      ...(this.price ? {} : { costNote: `no price known for model "${this.model}"; add it under llm.prices (USD per million tokens)` }),
    };
  }
}

export function formatUsage(usage: Usage): string {
  const cost = usage.costUsd === null ? 'cost unknown' : `$${usage.costUsd.toFixed(4)}`;
  return `${usage.requests} requests, ${usage.cacheHits} cache hits, ${usage.inputTokens} input + ${usage.outputTokens} output tokens, ${cost}`;
}
