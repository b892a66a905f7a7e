import { z } from 'zod';
import type { ReportQuestion } from './report-data.js';

/**
 * What the drill-down shows of the answer stage and the judges: each configuration's answer and,
 * per judge metric, the judge's verdicts with its reasons (from judgments.jsonl `details`).
 */

export interface ReportVerdictLine {
  /** The statement, context id, claim or generated question the verdict is about. */
  text: string;
  /** supported / useful / attributed; null for lines without a verdict (generated questions). */
  verdict: boolean | null;
  reason: string | null;
}

export interface ReportJudgment {
  metric: string;
  /** Repetitions (--judge-samples); the lines are those of the first. */
  samples: number;
  spread: number | null;
  lines: ReportVerdictLine[];
  /** Why the judge's reply could not be used, when it could not. */
  error: string | null;
}

export interface ReportAnswer {
  text: string | null;
  failure: string | null;
}

interface JudgingLike {
  configuration: string;
  answers: readonly { qid: string; answer: string | null; failure?: string }[];
  records: readonly { qid: string; metric: string; spread: number | null; samples: readonly { details?: Record<string, unknown> }[] }[];
}

// The shapes the judges write into `details` (evaluators/*.ts); anything else shows no lines.
const Faithfulness = z.object({ statements: z.array(z.string()), verdicts: z.array(z.object({ id: z.number(), reason: z.string(), supported: z.boolean() })).optional() });
const ContextPrecision = z.object({ verdicts: z.array(z.object({ reason: z.string(), useful: z.boolean(), contextId: z.string() })) });
const ContextRecall = z.object({ claims: z.array(z.object({ claim: z.string(), reason: z.string(), attributed: z.boolean() })) });
const AnswerRelevance = z.object({ generated: z.array(z.string()), noncommittal: z.boolean() });
const Failure = z.object({ error: z.string() });

/** The verdict lines of one judgment's details; pure, so it is tested without a run. */
export function verdictLines(metric: string, details: Record<string, unknown> | undefined): { lines: ReportVerdictLine[]; error: string | null } {
  if (!details) return { lines: [], error: null };
  const failure = Failure.safeParse(details);
  const error = failure.success ? failure.data.error : null;
  const faith = metric === 'faithfulness' ? Faithfulness.safeParse(details) : undefined;
  if (faith?.success) {
    const byId = new Map((faith.data.verdicts ?? []).map((v) => [v.id, v]));
    return { lines: faith.data.statements.map((text, i) => ({ text, verdict: byId.get(i + 1)?.supported ?? null, reason: byId.get(i + 1)?.reason ?? null })), error };
  }
  const precision = ContextPrecision.safeParse(details);
  if (precision.success) return { lines: precision.data.verdicts.map((v) => ({ text: v.contextId, verdict: v.useful, reason: v.reason })), error };
  const recall = ContextRecall.safeParse(details);
  if (recall.success) return { lines: recall.data.claims.map((c) => ({ text: c.claim, verdict: c.attributed, reason: c.reason })), error };
  const relevance = AnswerRelevance.safeParse(details);
  if (relevance.success) {
    const lines = relevance.data.generated.map((text) => ({ text, verdict: null, reason: null }));
    if (relevance.data.noncommittal) lines.push({ text: 'the judge found the answer noncommittal', verdict: null, reason: null });
    return { lines, error };
  }
  return { lines: [], error };
}

/** Adds each configuration's answer and judge reasons to the report questions (in place). */
export function attachJudging(questions: ReportQuestion[], judging: readonly JudgingLike[]): void {
  const byQid = new Map(questions.map((q) => [q.qid, q]));
  for (const j of judging) {
    for (const a of j.answers) {
      const entry = byQid.get(a.qid)?.configurations[j.configuration];
      if (entry) entry.answer = { text: a.answer, failure: a.failure ?? null };
    }
    for (const r of j.records) {
      const entry = byQid.get(r.qid)?.configurations[j.configuration];
      if (!entry) continue;
      const { lines, error } = verdictLines(r.metric, r.samples[0]?.details);
      (entry.judgments ??= []).push({ metric: r.metric, samples: r.samples.length, spread: r.spread, lines, error });
    }
  }
}
