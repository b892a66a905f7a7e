/**
 * Reciprocal rank fusion (Cormack et al., 2009) of two or more retrievers:
 *   score(d) = Σ_i weight_i / (rrfK + rank_i(d))      (rank is 1-based; absent → no term)
 * Fusing ranks rather than raw scores sidesteps the incomparable scales of BM25 and cosine.
 */
import type { Chunk } from '../../kernel/corpus.js';
import { ConfigError } from '../../kernel/errors.js';
import { compareHits, retrieveBatch, type RetrievedChunk, type Retriever } from '../../kernel/retriever.js';

export interface FusedRetriever {
  retriever: Retriever;
  /** Default 1. */
  weight?: number;
}

export interface HybridRetrieverOptions {
  name?: string;
  retrievers: readonly (Retriever | FusedRetriever)[];
  /** Default 60. */
  rrfK?: number;
  /** Hits asked from each retriever; default max(k, 50). Never fewer than k. */
  candidateDepth?: number;
}

/** Fuses ranked lists (each already in rank order); pure, for testing and reuse. */
export function reciprocalRankFusion(
  rankings: readonly { hits: readonly RetrievedChunk[]; weight: number }[],
  rrfK: number,
): RetrievedChunk[] {
  const fused = new Map<string, RetrievedChunk>();
  for (const { hits, weight } of rankings) {
    hits.forEach((hit, position) => {
      const contribution = weight / (rrfK + position + 1);
      const entry = fused.get(hit.chunk.id);
      if (entry) entry.score += contribution;
      else fused.set(hit.chunk.id, { chunk: hit.chunk, score: contribution });
    });
  }
  return [...fused.values()].sort(compareHits);
}

function describe(entry: Retriever | FusedRetriever): { retriever: Retriever; weight: number } {
  return 'retriever' in entry ? { retriever: entry.retriever, weight: entry.weight ?? 1 } : { retriever: entry, weight: 1 };
}

/** RRF's k when the config names none (the value of the original RRF paper). */
export const DEFAULT_RRF_K = 60;

export function createHybridRetriever(options: HybridRetrieverOptions): Retriever {
  const parts = options.retrievers.map(describe);
  if (parts.length < 2) throw new ConfigError(`hybrid retriever needs at least 2 retrievers, got ${parts.length}`);
  for (const { retriever, weight } of parts) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new ConfigError(`hybrid retriever: weight of "${retriever.name}" must be a finite number ≥ 0, got ${weight}`);
    }
  }
  const rrfK = options.rrfK ?? DEFAULT_RRF_K;
  if (!Number.isFinite(rrfK) || rrfK < 0) throw new ConfigError(`hybrid retriever option "rrfK" must be ≥ 0, got ${rrfK}`);
  const depth = options.candidateDepth;
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) {
    throw new ConfigError(`hybrid retriever option "candidateDepth" must be a positive integer, got ${depth}`);
  }

  const perRetriever = (k: number) => Math.max(k, depth ?? Math.max(k, 50));
  const hybrid: Retriever = {
    name: options.name ?? `rrf(${parts.map((part) => part.retriever.name).join('+')})`,
    async index(chunks: readonly Chunk[]) {
      await Promise.all(parts.map((part) => part.retriever.index(chunks)));
    },
    async retrieve(query, k) {
      const rankings = await Promise.all(
        parts.map(async ({ retriever, weight }) => ({
          hits: [...(await retriever.retrieve(query, perRetriever(k)))].sort(compareHits),
          weight,
        })),
      );
      return reciprocalRankFusion(rankings, rrfK).slice(0, Math.max(0, k));
    },
  };
  // Batched only when a member batches: each member answers the whole batch, then each query is fused.
  if (parts.some((part) => part.retriever.retrieveMany)) {
    hybrid.retrieveMany = async (queries, k) => {
      const perPart = await Promise.all(parts.map(({ retriever }) => retrieveBatch(retriever, queries, perRetriever(k))));
      return queries.map((_, q) =>
        reciprocalRankFusion(
          parts.map(({ weight }, p) => ({ hits: [...perPart[p]![q]!].sort(compareHits), weight })),
          rrfK,
        ).slice(0, Math.max(0, k)),
      );
    };
  }
  return hybrid;
}
