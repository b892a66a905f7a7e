// @ts-check
/**
 * The scan behind MemoryVectorStore.searchMany: score blocks of queries against every stored
 * vector, tile by tile, and keep each query's top `limit` in a small heap (score descending,
 * ties to the higher id rank). Plain JavaScript on purpose: the same code runs on the calling
 * thread and in the worker threads (a worker cannot load TypeScript in every setup: vitest and
 * tsx transform only the main thread's modules), so both paths give
 * identical results by construction. Types: exact-scan.d.ts.
 */

/** Stored vectors scored per kernel call: the tile's scores (TILE × block floats) stay in L1/L2. */
export const TILE = 1024;

/** A bounded min-heap of (item, score); the root is the weakest kept hit. */
class Heap {
  /** @param {number} k @param {Int32Array} ranks */
  constructor(k, ranks) {
    this.k = k;
    this.ranks = ranks;
    this.items = new Int32Array(k);
    this.scores = new Float64Array(k);
    this.size = 0;
    /** Score of the weakest kept hit, -Infinity until full: a cheap pre-filter. */
    this.threshold = -Infinity;
  }

  /** True when (scoreA, itemA) ranks below (scoreB, itemB). */
  below(/** @type {number} */ scoreA, /** @type {number} */ itemA, /** @type {number} */ scoreB, /** @type {number} */ itemB) {
    return scoreA < scoreB || (scoreA === scoreB && this.ranks[itemA] < this.ranks[itemB]);
  }

  push(/** @type {number} */ item, /** @type {number} */ score) {
    const { items, scores } = this;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.below(score, item, scores[parent], items[parent])) break;
        items[i] = items[parent];
        scores[i] = scores[parent];
        i = parent;
      }
      items[i] = item;
      scores[i] = score;
    } else {
      if (!this.below(scores[0], items[0], score, item)) return;
      const n = this.size;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && this.below(scores[right], items[right], scores[left], items[left]) ? right : left;
        if (!this.below(scores[child], items[child], score, item)) break;
        items[i] = items[child];
        scores[i] = scores[child];
        i = child;
      }
      items[i] = item;
      scores[i] = score;
    }
    if (this.size === this.k) this.threshold = scores[0];
  }

  /** Writes the kept hits best first into outItems/outScores from `at`. */
  drain(/** @type {Int32Array} */ outItems, /** @type {Float64Array} */ outScores, /** @type {number} */ at) {
    const order = Array.from({ length: this.size }, (_, i) => i);
    const { items, scores, ranks } = this;
    order.sort((a, b) => (scores[b] !== scores[a] ? scores[b] - scores[a] : ranks[items[b]] - ranks[items[a]]));
    order.forEach((slot, position) => {
      outItems[at + position] = items[slot];
      outScores[at + position] = scores[slot];
    });
  }
}

/**
 * Runs the scan for every query block that `claimBlock` hands out (it returns a block index,
 * or one ≥ the block count when the work is done), writing query q's hits at q × limit.
 * @param {import('./exact-scan.js').ScanJob} job
 */
export function scanQueries(job) {
  const { memory, kernel, queriesPtr, outPtr, vectorsPtr, stride, n, block, queries, queryCount, limit, ranks, items, scores } = job;
  const view = new Float32Array(memory.buffer);
  const out = outPtr / 4;
  const blocks = Math.ceil(queryCount / block);
  for (let b = job.claimBlock(); b < blocks; b = job.claimBlock()) {
    const first = b * block;
    const count = Math.min(block, queryCount - first);
    view.set(queries.subarray(first * stride, (first + count) * stride), queriesPtr / 4);
    const heaps = Array.from({ length: count }, () => new Heap(limit, ranks));
    // Only the queries present are scored: one query alone, else the next multiple of 4.
    const width = count === 1 ? 1 : Math.ceil(count / 4) * 4;
    for (let tileStart = 0; tileStart < n; tileStart += TILE) {
      const tileCount = Math.min(TILE, n - tileStart);
      kernel(vectorsPtr + tileStart * stride * 4, tileCount, queriesPtr, width, outPtr);
      for (let t = 0; t < tileCount; t++) {
        const row = out + t * width;
        for (let q = 0; q < count; q++) {
          const score = view[row + q];
          const heap = heaps[q];
          if (score >= heap.threshold) heap.push(tileStart + t, score);
        }
      }
    }
    heaps.forEach((heap, q) => heap.drain(items, scores, (first + q) * limit));
  }
}
