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
    outcomes.map((o) => ({ ...o, name: o.built.config.name, retrievals: o.imported ? o.retrievals.map((r) => ({ ...r, latencyMs: null })) : o.retrievals })),
    options.relLevel,
    { qids, maxHits },
  );
  if (options.judging) attachJudging(questions, options.judging.configurations);
  const hitsCut = outcomes.some((o) => o.scores.some((s) => s.ranking.length > maxHits));
  const note = describeCut({ totalQuestions: items.length, shownQuestions: questions.length, metric, maxHits, hitsCut });
  const latencies = outcomes.flatMap((o) => (o.imported ? [] : o.retrievals.map((r) => ({ configuration: o.built.config.name, ms: r.latencyMs }))));
  return { questions, note, latencies };
}
