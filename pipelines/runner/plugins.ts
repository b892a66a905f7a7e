/**
 * Library plug-ins for runPipeline: a user's retrievers (rag-eval's Retriever contract, a
 * LangChain retriever or a LangChain vector store) evaluated next to the config's, and a user's
 * metrics scored next to the built-in ones. Both end up in the same outcomes, so reports,
 * summary.json, compare and history treat them like any other configuration or metric.
 */
import type { BaseRetrieverInterface } from '@langchain/core/retrievers';
import type { VectorStoreInterface } from '@langchain/core/vectorstores';
import { ConfigError, InputError } from '../../kernel/errors.js';
import { MetricId } from '../../kernel/metric-ids.js';
import type { RetrievedChunk, Retriever } from '../../kernel/retriever.js';
import type { Score } from '../../kernel/score.js';
import type { Reference, TestItem } from '../../kernel/test-item.js';
import type { RagEvalConfig } from '../config/schema.js';
import { fromLangChainRetriever } from '../retrieval/langchain-retriever.js';
import { fromLangChainVectorStore } from '../retrieval/langchain-vector-store.js';
import type { BuiltRetriever, ChunkingKey } from '../stages/built-retriever.js';
import { heldRetrievals, type ConfigurationOutcome } from '../stages/outcome.js';

export interface PluginRetriever {
  /** The configuration's name in every report; default: the retriever's own `name`. */
  name?: string;
  /** rag-eval's Retriever (index + retrieve), a LangChain retriever (invoke) or a LangChain vector store (addDocuments + similaritySearchWithScore). */
  retriever: Retriever | BaseRetrieverInterface | VectorStoreInterface;
  /** Results per question; default: the config's k. */
  k?: number;
  /** Default: the config's chunking. */
  chunking?: ChunkingKey;
  /** Shown in the reports; default "custom retriever" / "LangChain retriever" / "LangChain vector store". */
  description?: string;
}

/** What a user metric sees for one question of one configuration. */
export interface MetricInput {
  question: string;
  item: TestItem;
  /** The configuration's hits, best first (k chunks; 5 × k at document level, as retrieved). Empty for imported answers. */
  retrieved: readonly RetrievedChunk[];
  references: readonly Reference[];
  /** The generated or imported answer, when the run has one for this configuration and question. */
  answer?: string;
}

/** A scorer in the style of a small scorer contract: a plain function from one question's outputs to a Score. */
export interface UserMetric {
  /** The metric's id in scores.jsonl, summary.json and the reports (letters, digits, ".", "_", "-"; not a built-in id). */
  id: string;
  score(input: MetricInput): Score | Promise<Score>;
}

const NAME = /^[A-Za-z0-9._-]+$/;

function isOurs(retriever: PluginRetriever['retriever']): retriever is Retriever {
  return typeof (retriever as Retriever).index === 'function' && typeof (retriever as Retriever).retrieve === 'function';
}

function isVectorStore(retriever: PluginRetriever['retriever']): retriever is VectorStoreInterface {
  const store = retriever as VectorStoreInterface;
  return typeof store.similaritySearchWithScore === 'function' && typeof store.addDocuments === 'function';
}

/** BuiltRetrievers for the plug-ins, after checking their names against the config's retrievers and each other. */
export function buildPluginRetrievers(plugins: readonly PluginRetriever[], config: RagEvalConfig): BuiltRetriever[] {
  const taken = new Set<string>([...config.retrievers.map((r) => r.name), ...(config.answers?.source === 'import' ? [config.answers.name] : [])]);
  return plugins.map((plugin, index) => {
    const given = plugin.retriever;
    const name = plugin.name ?? (isOurs(given) ? given.name : undefined);
    const where = `runPipeline retrievers[${index}]`;
    if (name === undefined || !NAME.test(name)) throw new ConfigError(`${where}.name: expected a name of letters, digits, ".", "_" or "-", got ${JSON.stringify(name)}`);
    if (taken.has(name)) throw new ConfigError(`${where}.name: "${name}" is already the name of another configuration`);
    taken.add(name);
    if (plugin.k !== undefined && !(Number.isInteger(plugin.k) && plugin.k > 0)) throw new ConfigError(`${where}.k: expected a positive integer, got ${plugin.k}`);
    const [retriever, kind] = isOurs(given)
      ? [given, 'custom retriever']
      : isVectorStore(given)
        ? [fromLangChainVectorStore({ name, store: given }), 'LangChain vector store']
        : typeof (given as BaseRetrieverInterface).invoke === 'function'
          ? [fromLangChainRetriever({ name, retriever: given as BaseRetrieverInterface }), 'LangChain retriever']
          : [undefined, ''];
    if (!retriever) throw new ConfigError(`${where}.retriever: expected a Retriever (index, retrieve), a LangChain retriever (invoke) or a LangChain vector store`);
    return {
      config: { name, type: 'custom', ...(plugin.k !== undefined ? { k: plugin.k } : {}) },
      retriever,
      chunking: plugin.chunking ?? config.chunking,
      description: plugin.description ?? kind,
      models: [],
      indexedByOthers: false,
    };
  });
}

/** Checks user metric ids before any work is done. */
export function checkUserMetrics(metrics: readonly UserMetric[]): void {
  const seen = new Set<string>();
  metrics.forEach((metric, index) => {
    const where = `runPipeline metrics[${index}]`;
    if (!NAME.test(metric.id)) throw new ConfigError(`${where}.id: expected letters, digits, ".", "_" or "-", got ${JSON.stringify(metric.id)}`);
    if (MetricId.safeParse(metric.id).success || seen.has(metric.id)) throw new ConfigError(`${where}.id: "${metric.id}" is already a metric id`);
    if (typeof metric.score !== 'function') throw new ConfigError(`${where}.score: expected a function`);
    seen.add(metric.id);
  });
}

/** Scores every user metric for every configuration and question, into the outcomes' per-question scores. */
export async function scoreUserMetrics(options: {
  metrics: readonly UserMetric[];
  outcomes: readonly ConfigurationOutcome[];
  items: readonly TestItem[];
  answerOf: (configuration: string, qid: string) => string | undefined;
}): Promise<void> {
  const items = new Map(options.items.map((item) => [item.id, item]));
  for (const outcome of options.outcomes) {
    const hitsOf = new Map(heldRetrievals(outcome).map((r) => [r.qid, r.hits]));
    for (const line of outcome.scores) {
      const item = items.get(line.qid)!;
      const answer = options.answerOf(outcome.built.config.name, line.qid);
      const input: MetricInput = { question: item.question, item, retrieved: hitsOf.get(line.qid) ?? [], references: item.references, ...(answer !== undefined ? { answer } : {}) };
      for (const metric of options.metrics) line.scores[metric.id] = checkScore(await metric.score(input), metric.id, line.qid);
    }
  }
}

function checkScore(score: Score, id: string, qid: string): Score {
  const ok =
    typeof score === 'object' &&
    score !== null &&
    ((typeof score.value === 'number' && Number.isFinite(score.value)) || (score.value === null && typeof score.reason === 'string' && score.reason !== ''));
  if (!ok) throw new InputError(`metric "${id}" returned ${JSON.stringify(score)} for question "${qid}"; expected scored(number) or unscored(reason)`);
  return score.value === null ? { value: null, reason: score.reason } : { value: score.value };
}
