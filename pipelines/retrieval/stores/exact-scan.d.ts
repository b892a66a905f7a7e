/** Types of exact-scan.js (plain JavaScript so worker threads can load it without tsx). */

export declare const TILE: number;

export type ScanKernel = (dataPtr: number, n: number, queriesPtr: number, queryCount: number, outPtr: number) => void;

export interface ScanJob {
  memory: WebAssembly.Memory;
  kernel: ScanKernel;
  /** This thread's scratch: a block of query rows, and TILE × block scores (byte offsets). */
  queriesPtr: number;
  outPtr: number;
  vectorsPtr: number;
  stride: number;
  /** Stored vectors scanned (those present when the search started). */
  n: number;
  /** Queries per block (a multiple of 4); the kernel scores 1, or the next multiple of 4 of those present. */
  block: number;
  /** Normalised query rows, `stride` floats each, zero-padded. */
  queries: Float32Array;
  queryCount: number;
  limit: number;
  /** Tie ranks: rank of each item's id in ascending id order. */
  ranks: Int32Array;
  /** Out: query q's hits at [q × limit, (q + 1) × limit), best first. */
  items: Int32Array;
  scores: Float64Array;
  /** Hands out the next query block index to scan; ≥ the block count when done. */
  claimBlock: () => number;
}

export declare function scanQueries(job: ScanJob): void;
