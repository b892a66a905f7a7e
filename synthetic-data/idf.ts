/**
 * Inverse document frequency over a set of token lists (here: one list per chunk).
 * idf(w) = ln(1 + N / df(w)): always positive, so every word adds to a sentence's score,
 * and rare words add the most. Words never seen get the maximum, ln(1 + N).
 */
export class InverseDocumentFrequency {
  private readonly documentFrequency = new Map<string, number>();
  private readonly total: number;

  constructor(tokenLists: readonly (readonly string[])[]) {
    this.total = tokenLists.length;
    for (const tokens of tokenLists) {
      for (const word of new Set(tokens)) {
        this.documentFrequency.set(word, (this.documentFrequency.get(word) ?? 0) + 1);
      }
    }
  }

  idf(word: string): number {
    const df = this.documentFrequency.get(word) ?? 0;
    return Math.log(1 + this.total / Math.max(df, 1));
  }

  /** Sum of idf over the distinct words. */
  score(words: readonly string[]): number {
    let sum = 0;
    for (const word of new Set(words)) sum += this.idf(word);
    return sum;
  }
}
