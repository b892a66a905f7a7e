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
export function renderRunFile(runId: string, rankings: readonly { qid: string; ranking: readonly ScoredDocument[] }[]): string {
  const lines: string[] = [];
  for (const { qid, ranking } of rankings) {
    ranking.forEach((doc, index) => {
      lines.push(formatRunLine({ queryId: trecSafeId(qid), docId: trecSafeId(doc.docId), rank: index + 1, score: doc.score, runId: trecSafeId(runId) }));
    });
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function renderQrelsFile(judgments: Judgments): string {
  const lines: string[] = [];
  for (const [qid, grades] of judgments) {
    for (const [docId, grade] of grades) lines.push(formatQrelsLine({ queryId: trecSafeId(qid), docId: trecSafeId(docId), grade }));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
