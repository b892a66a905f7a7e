import { buildJudgments, type Judgments, type RelevanceLevel } from '../../../evaluators/ir/relevance.js';
import type { JudgeSample } from '../../../evaluators/judges/judge-types.js';
import { unscored, type Score } from '../../../kernel/score.js';
import type { TestItem } from '../../../kernel/test-item.js';
import type { ConfigurationOutcome } from '../outcome.js';
import type { MetricId } from '../../config/schema.js';
import { readImportedAnswers, type ImportedAnswer } from './import-answers.js';
import type { QueryRetrieval } from '../retrieve.js';
import { scoreRetrieval } from '../score-retrieval.js';

/**
 * The outputs of an existing RAG application (answers.source: import) as a configuration of
 * their own: nothing is retrieved. IR metrics judge the application's `retrievedIds` as a
 * document ranking when they name documents of the corpus; otherwise they are null with the reason.
 */

export const NO_IMPORTED_ANSWER = 'no imported answer for this question';
export const NO_RETRIEVED_IDS = 'the imported line names no retrievedIds';
export const CHUNK_LEVEL_UNJUDGEABLE = 'imported retrievedIds are judged as document ids; relevance is judged per chunk in this run (set relevance.level: document)';
export const NO_CORPUS_DOCUMENT = 'none of the imported retrievedIds names a document of the corpus';

export interface ImportedConfiguration {
  outcome: ConfigurationOutcome;
  /** Judge samples of the test items that have an imported line (answer and contexts). */
  samples: JudgeSample[];
  /** Test items without an imported line: every metric is null for them. */
  missing: string[];
  warnings: string[];
}

export async function importConfiguration(options: {
  name: string;
  /** Absolute path of the JSONL file. */
  file: string;
  /** The path as the config names it (for the report). */
  label?: string;
  items: readonly TestItem[];
  /** Items with references to unknown documents removed (what the retrievers are judged against). */
  judgedItems: readonly TestItem[];
  documentIds: ReadonlySet<string>;
  level: RelevanceLevel;
  k: number;
  metrics: readonly MetricId[];
  relLevel: number;
  unknownOnly: ReadonlySet<string>;
}): Promise<ImportedConfiguration> {
  const read = await readImportedAnswers(options.file, options.items, { requireMatch: true });
  const warnings = [...read.warnings];
  // Document-level grades need no chunking: a retrieved document id is looked up directly.
  const judgments: Judgments = options.level === 'document' ? buildJudgments(options.judgedItems, [], { level: 'document', minOverlap: 1 }) : new Map();
  const lineByQid = new Map(read.samples.map((sample, i) => [sample.qid, read.lines[i]!]));
  const retrievals: QueryRetrieval[] = read.samples.map((sample) => ({ qid: sample.qid, latencyMs: 0, hits: hitsOf(lineByQid.get(sample.qid)!) }));
  const scores = scoreRetrieval({ retrievals, judgments, level: 'document', k: options.k, metrics: options.metrics, relLevel: options.relLevel, unknownOnly: options.unknownOnly });

  let foreign = 0;
  for (const row of scores) {
    const line = lineByQid.get(row.qid)!;
    const reason = unjudgeableReason(line, options.level, options.documentIds);
    if (line.retrievedIds) foreign += line.retrievedIds.filter((id) => !options.documentIds.has(id)).length;
    if (reason === null) continue;
    row.ranking = [];
    for (const id of Object.keys(row.scores)) row.scores[id] = unscored(reason);
  }
  if (foreign > 0 && options.level === 'document') {
    warnings.push(`${options.file}: ${foreign} retrievedIds name no document of the corpus; they count as retrieved but not relevant`);
  }
  const answered = new Set(read.samples.map((s) => s.qid));
  const missing = options.items.filter((item) => !answered.has(item.id)).map((item) => item.id);
  for (const qid of missing) scores.push({ qid, ranking: [], scores: {} });
  if (missing.length) warnings.push(`${options.file}: ${missing.length} of ${options.items.length} test questions have no imported answer; their scores are null`);
  fillMissing(scores, missing, options.metrics);

  const order = new Map(options.items.map((item, i) => [item.id, i]));
  scores.sort((a, b) => order.get(a.qid)! - order.get(b.qid)!);
  retrievals.sort((a, b) => order.get(a.qid)! - order.get(b.qid)!);
  return {
    outcome: {
      built: {
        config: { name: options.name, type: 'imported' },
        chunking: null,
        description: `imported answers from ${options.label ?? options.file}`,
        models: [],
      },
      k: options.k,
      chunkCount: 0,
      retrievals,
      latencyMs: retrievals.map((r) => r.latencyMs),
      scores,
      judgments,
      indexMs: 0,
      embedding: undefined,
      imported: { file: options.file, answered: answered.size },
    },
    samples: read.samples,
    missing,
    warnings,
  };
}

/** Every metric (IR and judge) of the questions the file does not answer: null, never 0. */
export function fillMissing(scores: readonly { qid: string; scores: Record<string, Score> }[], missing: readonly string[], metrics: readonly string[]): void {
  const absent = new Set(missing);
  for (const row of scores) if (absent.has(row.qid)) for (const id of metrics) row.scores[id] = unscored(NO_IMPORTED_ANSWER);
}

function unjudgeableReason(line: ImportedAnswer, level: RelevanceLevel, documentIds: ReadonlySet<string>): string | null {
  if (!line.retrievedIds) return NO_RETRIEVED_IDS;
  if (level === 'chunk') return CHUNK_LEVEL_UNJUDGEABLE;
  if (!line.retrievedIds.some((id) => documentIds.has(id))) return NO_CORPUS_DOCUMENT;
  return null;
}

/** The contexts as a ranking: rank order becomes descending scores n, n−1, …, 1. */
function hitsOf(line: ImportedAnswer): QueryRetrieval['hits'] {
  const n = line.contexts.length;
  return line.contexts.map((text, i) => {
    const id = line.retrievedIds?.[i] ?? `context-${i + 1}`;
    return { chunk: { id, docId: id, index: i, start: 0, end: text.length, text }, score: n - i };
  });
}
