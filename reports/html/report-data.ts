import type { ReportAnswer, ReportJudgment } from './judge-details.js';

/**
 * The per-question data behind the HTML drill-down, built from plain structures so that it
 * does not depend on the pipeline's types (anything with these fields will do).
 */
export interface ReportHit {
  rank: number;
  /** The judged unit: a chunk id, or a document id at document level. */
  id: string;
  docId: string;
  score: number;
  relevant: boolean;
  /** The retrieved text, shortened to TEXT_LIMIT characters. */
  text: string;
}

export interface ReportQuestion {
  qid: string;
  question: string;
  referenceAnswer: string | null;
  references: { docId: string; text: string | null; grade: number }[];
  configurations: Record<
    string,
    {
      hits: ReportHit[];
      scores: Record<string, { value: number | null; reason?: string }>;
      latencyMs: number | null;
      /** The generated or imported answer (judge-details.ts attachJudging). */
      answer?: ReportAnswer;
      /** Each judge metric's verdicts with the judge's reasons. */
      judgments?: ReportJudgment[];
    }
  >;
}

export const TEXT_LIMIT = 400;

interface ItemLike {
  id: string;
  question: string;
  referenceAnswer?: string;
  references: readonly ({ docId: string; grade?: number; text?: string } | { docId: string; grade: number })[];
}

interface OutcomeLike {
  name: string;
  retrievals: readonly { qid: string; latencyMs: number | null; hits: readonly { chunk: { id: string; docId: string; text: string }; score: number }[] }[];
  scores: readonly { qid: string; ranking: readonly { docId: string; score: number }[]; scores: Record<string, { value: number | null; reason?: string }> }[];
  judgments: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Which questions to build (default all) and how many results per ranking (default all). */
export interface ReportLimits {
  qids?: ReadonlySet<string>;
  maxHits?: number;
}

export function buildReportQuestions(items: readonly ItemLike[], outcomes: readonly OutcomeLike[], relLevel = 1, limits: ReportLimits = {}): ReportQuestion[] {
  const wanted = (qid: string) => !limits.qids || limits.qids.has(qid);
  const byConfig = outcomes.map((o) => ({
    outcome: o,
    retrievals: new Map(o.retrievals.filter((r) => wanted(r.qid)).map((r) => [r.qid, r])),
    scores: new Map(o.scores.filter((s) => wanted(s.qid)).map((s) => [s.qid, s])),
  }));
  return items.filter((item) => wanted(item.id)).map((item) => {
    const configurations: ReportQuestion['configurations'] = {};
    for (const { outcome, retrievals, scores } of byConfig) {
      const retrieval = retrievals.get(item.id);
      const scored = scores.get(item.id);
      const judgments = outcome.judgments.get(item.id);
      const hits = (scored?.ranking ?? []).slice(0, limits.maxHits ?? Infinity).map((doc, index): ReportHit => {
        // At chunk level the ranked id is a chunk id; at document level it is a document id and
        // the text shown is that document's best-ranked chunk.
        const chunk = retrieval?.hits.find((h) => h.chunk.id === doc.docId) ?? retrieval?.hits.find((h) => h.chunk.docId === doc.docId);
        return {
          rank: index + 1,
          id: doc.docId,
          docId: chunk?.chunk.docId ?? doc.docId,
          score: doc.score,
          relevant: (judgments?.get(doc.docId) ?? 0) >= relLevel,
          text: shorten(chunk?.chunk.text ?? ''),
        };
      });
      configurations[outcome.name] = { hits, scores: scored?.scores ?? {}, latencyMs: retrieval?.latencyMs ?? null };
    }
    return {
      qid: item.id,
      question: item.question,
      referenceAnswer: item.referenceAnswer ?? null,
      references: item.references.map((ref) => ({ docId: ref.docId, text: 'text' in ref && typeof ref.text === 'string' ? shorten(ref.text) : null, grade: ref.grade ?? 1 })),
      configurations,
    };
  });
}

function shorten(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text;
}
