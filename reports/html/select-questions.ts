/**
 * Which questions the HTML drill-down shows when a run has too many to show them all. The page
 * must stay small (≤ 10 MB) whatever the number of questions or k, so it keeps the most
 * informative questions and the top results of each; scores.jsonl and retrieval.jsonl keep
 * everything. Pure, so the choice is tested without rendering.
 */

/** Questions shown in the drill-down at most. */
export const MAX_DRILLDOWN_QUESTIONS = 500;
/** Results shown per question and configuration at most. */
export const MAX_DRILLDOWN_HITS = 10;
/** Bytes of drill-down HTML at most; questions past it are left out (and counted). */
export const MAX_DRILLDOWN_BYTES = 8_000_000;

/** One question's score per configuration on the metric that ranks informativeness. */
export interface QuestionScores {
  qid: string;
  /** One entry per configuration; null when the metric could not be measured. */
  values: readonly (number | null)[];
}

/**
 * How informative a question is, higher first:
 * - configurations disagree: max − min of the measured values (0 with fewer than two);
 * - it fails: 1 − the lowest measured value, counted at half weight so disagreement leads.
 * A question with no measured value scores −1 (shown last).
 */
export function informativeness(values: readonly (number | null)[]): number {
  const measured = values.filter((v): v is number => v !== null);
  if (measured.length === 0) return -1;
  const min = Math.min(...measured);
  const max = Math.max(...measured);
  return max - min + (1 - min) / 2;
}

/**
 * The qids to show, in the test set's order: all of them when they fit, else the `limit` most
 * informative (ties keep test-set order).
 */
export function selectQuestions(questions: readonly QuestionScores[], limit = MAX_DRILLDOWN_QUESTIONS): Set<string> {
  if (questions.length <= limit) return new Set(questions.map((q) => q.qid));
  const ranked = questions
    .map((q, order) => ({ qid: q.qid, order, value: informativeness(q.values) }))
    .sort((a, b) => b.value - a.value || a.order - b.order)
    .slice(0, limit);
  return new Set(ranked.map((q) => q.qid));
}

/** What the drill-down left out, for the sentence that says so. */
export interface DrilldownCut {
  totalQuestions: number;
  shownQuestions: number;
  /** The metric that ranked the questions. */
  metric: string | null;
  maxHits: number;
  /** True when some ranking had more results than maxHits. */
  hitsCut: boolean;
}

export function describeCut(cut: DrilldownCut): string | null {
  const parts: string[] = [];
  if (cut.shownQuestions < cut.totalQuestions) {
    const by = cut.metric ? ` where the configurations disagree most on ${cut.metric}, then those scoring lowest` : '';
    parts.push(`Showing ${cut.shownQuestions.toLocaleString('en-US')} of ${cut.totalQuestions.toLocaleString('en-US')} questions: the ones${by}.`);
  }
  if (cut.hitsCut) parts.push(`Each ranking shows its top ${cut.maxHits} results.`);
  if (!parts.length) return null;
  return `${parts.join(' ')} Every question and result is in scores.jsonl, retrieval.jsonl and the TREC run files.`;
}
