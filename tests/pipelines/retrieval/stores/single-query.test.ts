import { describe, expect, it } from 'vitest';
import { jsDotKernel, wasmDotKernel, type DotKernel } from '../../../../pipelines/retrieval/stores/dot-kernel.js';
import { scanQueries } from '../../../../pipelines/retrieval/stores/exact-scan.js';
import { MemoryVectorStore } from '../../../../pipelines/retrieval/stores/memory-store.js';
import { createRng as seeded } from '../../../../kernel/prng.js';

function randomRows(count: number, dim: number, random: () => number): number[][] {
  return Array.from({ length: count }, () => Array.from({ length: dim }, () => random() * 2 - 1));
}

describe('exact search: one query and small batches', () => {
  const random = seeded(7);
  const dim = 37; // stride 40: a padded tail
  const rows = randomRows(2051, dim, random); // two full tiles and 3 left over: 4-row groups and single rows
  const ids = rows.map((_, i) => `d${String(i).padStart(4, '0')}`);
  const queries = randomRows(13, dim, random);

  it('the wasm kernel gives one query bit-identical scores to the same query in a 4-query pass', () => {
    const stride = 40;
    const memory = new WebAssembly.Memory({ initial: 40 });
    const view = new Float32Array(memory.buffer);
    const rowsAt = 4 * stride; // floats: 4 query rows first
    queries.slice(0, 4).forEach((q, i) => view.set(q, i * stride));
    rows.slice(0, 7).forEach((r, i) => view.set(r, rowsAt + i * stride)); // 7 rows: one group of 4 and 3 single
    const out4 = rowsAt + 7 * stride;
    const out1 = out4 + 7 * 4;
    const kernel = wasmDotKernel(memory, stride)!;
    kernel(rowsAt * 4, 7, 0, 4, out4 * 4);
    for (let q = 0; q < 4; q++) {
      kernel(rowsAt * 4, 7, q * stride * 4, 1, out1 * 4);
      const single = Array.from(view.subarray(out1, out1 + 7));
      const fromBatch = Array.from({ length: 7 }, (_, i) => view[out4 + i * 4 + q]!);
      expect(single).toEqual(fromBatch);
      expect(single.every((x) => x !== 0)).toBe(true);
    }
    // The output past the 7 rows is untouched.
    expect(view[out1 + 7]).toBe(0);
  });

  for (const kernel of ['wasm', 'js'] as const) {
    it(`${kernel}: search() and every small batch equal the full batch exactly (ids and scores)`, () => {
      const store = new MemoryVectorStore({ kernel, workers: 0 });
      store.add(ids, rows);
      const batch = store.searchManySync(queries, 10);
      queries.forEach((query, q) => expect(store.search(query, 10)).toEqual(batch[q]));
      for (const size of [2, 3, 4, 5, 8, 9]) expect(store.searchManySync(queries.slice(0, size), 10)).toEqual(batch.slice(0, size));
    });
  }

  it('the kernel scores only the queries present: 1 alone, else the next multiple of 4', () => {
    const memory = new WebAssembly.Memory({ initial: 16 });
    const stride = 40;
    const block = 8;
    const vectorsPtr = (block * stride + 1024 * block) * 4;
    const view = new Float32Array(memory.buffer);
    rows.slice(0, 100).forEach((r, i) => view.set(r, vectorsPtr / 4 + i * stride));
    const inner = jsDotKernel(memory, stride);
    const widths: number[] = [];
    const counting: DotKernel = (dataPtr, n, queriesPtr, queryCount, outPtr) => {
      widths.push(queryCount);
      inner(dataPtr, n, queriesPtr, queryCount, outPtr);
    };
    const ranks = Int32Array.from({ length: 100 }, (_, i) => i);
    for (const count of [1, 2, 3, 5, 8, 11]) {
      widths.length = 0;
      const flat = new Float32Array(count * stride);
      queries.slice(0, count).forEach((q, i) => flat.set(q, i * stride));
      let next = 0;
      scanQueries({
        memory, kernel: counting, queriesPtr: 0, outPtr: block * stride * 4, vectorsPtr, stride, n: 100, block,
        queries: flat, queryCount: count, limit: 3, ranks, items: new Int32Array(count * 3), scores: new Float64Array(count * 3),
        claimBlock: () => next++,
      });
      expect({ count, widths }).toEqual({ count, widths: { 1: [1], 2: [4], 3: [4], 5: [8], 8: [8], 11: [8, 4] }[count] });
    }
  });
});
