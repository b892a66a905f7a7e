import { describe, expect, it } from 'vitest';
import { MAX_MEMORY_PAGES, dotKernelModule, dotKernelModuleBytes, jsDotKernel, wasmDotKernel } from '../../../../pipelines/retrieval/stores/dot-kernel.js';

describe('dot kernels', () => {
  it('emit a valid SIMD module per stride', () => {
    expect(WebAssembly.validate(dotKernelModuleBytes(4))).toBe(true);
    expect(WebAssembly.validate(dotKernelModuleBytes(512))).toBe(true);
  });

  it('the shared-memory variant links only to a shared memory, and computes the same dots', () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: MAX_MEMORY_PAGES, shared: true });
    const view = new Float32Array(shared.buffer);
    view.set([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0); // 4 queries of stride 4
    view.set([2, 0, 0, 1], 64); // one row at byte 256
    wasmDotKernel(shared, 4, true)!(256, 1, 0, 4, 1024);
    expect(Array.from(view.subarray(256, 260))).toEqual([6, 0, 0, 0]);
    expect(() => new WebAssembly.Instance(dotKernelModule(4, true)!, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } })).toThrow(WebAssembly.LinkError);
  });

  it('compute out[i·Q + q] = <row i, query q>: wasm and js agree with hand-computed dots', () => {
    const stride = 8;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const view = new Float32Array(memory.buffer);
    // 4 queries at 0, 3 rows at 256 bytes, output at 1024 bytes.
    const queries = [
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0, 0, 2],
      [1, 1, 1, 1, 1, 1, 1, 1],
      [0.5, 0, 0, 0, 0, 0, 0, -1],
    ];
    const rows = [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [-1, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0.25],
    ];
    queries.forEach((q, i) => view.set(q, i * stride));
    rows.forEach((r, i) => view.set(r, 64 + i * stride));
    const expected = [1, 18, 36, -7.5, -1, 0, -1, -0.5, 0, 0.5, 0.25, -0.25];
    for (const kernel of [wasmDotKernel(memory, stride)!, jsDotKernel(memory, stride)]) {
      view.fill(99, 256, 256 + 12);
      kernel(256, 3, 0, 4, 1024);
      expect(Array.from(view.subarray(256, 256 + 12))).toEqual(expected);
    }
  });
});
