/** One configuration's ranking for one query, judged: the data behind a classic per-query table. */
export interface JudgedRanking {
  configuration: string;
  entries: { rank: number; docno: string; score: number; grade: number }[];
  precision: number | null;
  recall: number | null;
}

export interface QueryDetail {
  qid: string;
  question: string;
  k: number;
  relevant: string[];
  rankings: JudgedRanking[];
}
