/**
 * Term → id for the BM25 index build, looked up by a character range of a text as well as by a
 * string, so the tens of millions of tokens of a large corpus need no string each: only a new
 * term is sliced out and kept. Open addressing (linear probing) over a power-of-two Int32Array
 * of id + 1 (0 = empty), with each term's 32-bit FNV-1a hash of its UTF-16 code units kept to
 * skip most comparisons. Ids are given in order of first lookup.
 */
export class TermDictionary {
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1 << 11);
  readonly terms: string[] = [];

  get size(): number {
    return this.terms.length;
  }

  /** The id of `text.slice(start, end)`, added when new. */
  idOfRange(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) break;
      const id = stored - 1;
      if (this.hashes[id] === hash) {
        const term = this.terms[id]!;
        if (term.length === length) {
          let i = 0;
          while (i < length && term.charCodeAt(i) === text.charCodeAt(start + i)) i++;
          if (i === length) return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insert(text.slice(start, end), hash, slot);
  }

  /** The id of `term`, added when new. */
  idOf(term: string): number {
    return this.idOfRange(term, 0, term.length);
  }

  /** The terms as a Map in id order (for lookups at query time). */
  toMap(): Map<string, number> {
    return new Map(this.terms.map((term, id) => [term, id]));
  }

  private insert(term: string, hash: number, slot: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    if (id === this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id + 1;
    // At most half full, so probe runs stay short.
    if (this.terms.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.terms.length; id++) {
      let slot = this.hashes[id]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    }
  }
}
