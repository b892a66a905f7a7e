/**
 * Bounded top-k selection over integer item indices with a binary min-heap: O(n log k)
 * instead of sorting all n candidates. The order matches compareHits: higher score first,
 * ties broken by the higher `tieRank` (callers pass the rank of the item's id in ascending
 * id order, so ties go to the larger id as trec_eval does).
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(
    readonly k: number,
    private readonly tieRank: ArrayLike<number>,
  ) {
    this.items = new Int32Array(Math.max(k, 0));
    this.scores = new Float64Array(Math.max(k, 0));
  }

  /** True when (scoreA, itemA) ranks below (scoreB, itemB). */
  private below(scoreA: number, itemA: number, scoreB: number, itemB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && this.tieRank[itemA]! < this.tieRank[itemB]!);
  }

  /** Score of the weakest kept item, or -Infinity while the heap is not full (a cheap pre-filter). */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0]!;
  }

  push(item: number, score: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      this.siftUp(this.size++, item, score);
      return;
    }
    if (!this.below(this.scores[0]!, this.items[0]!, score, item)) return;
    this.siftDown(item, score);
  }

  private siftUp(start: number, item: number, score: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.below(score, item, this.scores[parent]!, this.items[parent]!)) break;
      this.items[i] = this.items[parent]!;
      this.scores[i] = this.scores[parent]!;
      i = parent;
    }
    this.items[i] = item;
    this.scores[i] = score;
  }

  /** Replaces the root with (item, score) and restores the heap. */
  private siftDown(item: number, score: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.below(this.scores[right]!, this.items[right]!, this.scores[left]!, this.items[left]!)) {
        child = right;
      }
      if (!this.below(this.scores[child]!, this.items[child]!, score, item)) break;
      this.items[i] = this.items[child]!;
      this.scores[i] = this.scores[child]!;
      i = child;
    }
    this.items[i] = item;
    this.scores[i] = score;
  }

  /** The kept items, best first. */
  sorted(): { item: number; score: number }[] {
    const out: { item: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ item: this.items[i]!, score: this.scores[i]! });
    return out.sort((a, b) =>
      b.score !== a.score ? b.score - a.score : this.tieRank[b.item]! - this.tieRank[a.item]!,
    );
  }
}

/** rank[i] = position of ids[i] in ascending code-unit order (the order compareHits uses). */
export function idRanks(ids: readonly string[]): Int32Array {
  const order = ids.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Int32Array(ids.length);
  order.forEach((item, position) => {
    rank[item] = position;
  });
  return rank;
}
