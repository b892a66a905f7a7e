import type { Judgments } from '../evaluators/ir/relevance.js';
import { formatQrelsLine, formatRunLine, type ScoredDocument } from '../evaluators/trec/formats.js';

/**
 * TREC fields cannot hold whitespace; ids from file paths can. Whitespace and '%' are
 * percent-encoded so every id survives a round trip and stays readable.
 */
export function trecSafeId(id: string): string {
  return id.replace(/[%\s]/gu, (c) => [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/** A configuration's rankings as a TREC run file. Scores keep full precision so trec_eval reads the same order. */
export function renderRunFile(runId: string, rankings: Iterable<{ qid: string; ranking: readonly ScoredDocument[] }>): string {
  return [...runFileLines(runId, rankings)].join('');
}

/** renderRunFile line by line (each with its newline), so a file of millions of lines is written without being held. */
export function* runFileLines(runId: string, rankings: Iterable<{ qid: string; ranking: readonly ScoredDocument[] }>): Generator<string> {
  const run = trecSafeId(runId);
  for (const { qid, ranking } of rankings) {
    const queryId = trecSafeId(qid);
    for (let index = 0; index < ranking.length; index++) {
      const doc = ranking[index]!;
      yield `${formatRunLine({ queryId, docId: trecSafeId(doc.docId), rank: index + 1, score: doc.score, runId: run })}\n`;
    }
  }
}

export function renderQrelsFile(judgments: Judgments): string {
  return [...qrelsFileLines(judgments)].join('');
}

/** renderQrelsFile line by line (each with its newline). */
export function* qrelsFileLines(judgments: Judgments): Generator<string> {
  for (const [qid, grades] of judgments) {
    const queryId = trecSafeId(qid);
    for (const [docId, grade] of grades) yield `${formatQrelsLine({ queryId, docId: trecSafeId(docId), grade })}\n`;
  }
}
