/**
 * The HTML drill-down's data for a run of any size: the most informative questions (at most
 * MAX_DRILLDOWN_QUESTIONS), each ranking cut to its top MAX_DRILLDOWN_HITS, a sentence saying
 * what was left out, and every per-query latency for the latency chart (which stays whole).
 */
import { buildReportQuestions, type ReportQuestion } from '../../reports/html/report-data.js';
import { attachJudging } from '../../reports/html/judge-details.js';
import { describeCut, MAX_DRILLDOWN_HITS, MAX_DRILLDOWN_QUESTIONS, selectQuestions } from '../../reports/html/select-questions.js';
import type { RunJudging } from '../stages/judge/run-judges.js';
import type { PreparedInputs } from '../stages/prepare-inputs.js';
import type { ConfigurationOutcome } from '../stages/outcome.js';
import type { QueryRetrieval } from '../stages/retrieve.js';

export interface DrilldownData {
  questions: ReportQuestion[];
  /** What the drill-down left out; null when it shows everything. */
  note: string | null;
  latencies: { configuration: string; ms: number }[];
}

export function drilldownData(options: {
  items: PreparedInputs['items'];
  outcomes: readonly ConfigurationOutcome[];
  /** The metric that ranks questions by informativeness (the config's first). */
  metric: string | null;
  relLevel: number;
  judging?: RunJudging | undefined;
  maxQuestions?: number;
  maxHits?: number;
  /** The chosen questions' results of a configuration whose chunks the run did not keep (read back from retrieval.jsonl). */
  loggedRetrievals: (configuration: string, qids: ReadonlySet<string>) => ReadonlyMap<string, QueryRetrieval>;
}): DrilldownData {
  const { items, outcomes, metric } = options;
  const maxHits = options.maxHits ?? MAX_DRILLDOWN_HITS;
  const scoreMaps = outcomes.map((o) => new Map(o.scores.map((s) => [s.qid, s.scores])));
  const qids = selectQuestions(
    items.map((item) => ({ qid: item.id, values: scoreMaps.map((m) => (metric ? (m.get(item.id)?.[metric]?.value ?? null) : null)) })),
    options.maxQuestions ?? MAX_DRILLDOWN_QUESTIONS,
  );
  const questions = buildReportQuestions(
    items,
    outcomes.map((o) => {
      const name = o.built.config.name;
      const retrievals = o.retrievals ? o.retrievals.filter((r) => qids.has(r.qid)) : [...options.loggedRetrievals(name, qids).values()];
      return { ...o, name, retrievals: o.imported ? retrievals.map((r) => ({ ...r, latencyMs: null })) : retrievals };
    }),
    options.relLevel,
    { qids, maxHits },
  );
  if (options.judging) attachJudging(questions, options.judging.configurations);
  const hitsCut = outcomes.some((o) => o.scores.some((s) => s.ranking.length > maxHits));
  const note = describeCut({ totalQuestions: items.length, shownQuestions: questions.length, metric, maxHits, hitsCut });
  const latencies = outcomes.flatMap((o) => (o.imported ? [] : Array.from(o.latencyMs, (ms) => ({ configuration: o.built.config.name, ms }))));
  return { questions, note, latencies };
}
