/**
 * The dot-product kernel behind MemoryVectorStore: for each of `n` stored vectors and each of
 * `queryCount` queries (1, or a multiple of 4), out[i * queryCount + q] = <vector i, query q>.
 * All operands live in one WebAssembly.Memory as float32 rows of `stride` floats
 * (the dimension padded with zeros to a multiple of 4).
 *
 * Plain JavaScript reaches ~1.5 G multiply-adds/s here, which makes 1,000 exact queries over
 * 100,000 × 512 vectors take ~35 s. The WebAssembly SIMD kernel is generated for the exact
 * stride: the dimension loop is fully unrolled and every address is a constant offset from
 * two base pointers, each stored vector is loaded once per group of 4 queries, and four
 * f32x4 accumulators run in parallel. One query (the retriever's path) has its own loop: the
 * query is loaded once per group of 4 stored vectors, so a single query pays for one dot
 * product per vector, not four; its sums are formed in the same order as in the 4-query loop,
 * so both give bit-identical scores. It is emitted as bytes below (no toolchain needed);
 * when the runtime lacks SIMD the JavaScript kernel is used instead.
 */

export type DotKernel = (dataPtr: number, n: number, queriesPtr: number, queryCount: number, outPtr: number) => void;

const QUERIES_PER_GROUP = 4;

function uleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

function sleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Ne: [0x47],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  return: [0x0f],
  f32Add: [0x92],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 0, ...uleb(offset)],
  f32x4ExtractLane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  end: [0x0b],
};

/** wasm32's page limit: a shared memory must declare a maximum, and this one fits any store. */
export const MAX_MEMORY_PAGES = 65_536;

/**
 * The module bytes of a kernel specialised for rows of `stride` floats (stride % 4 === 0).
 * `shared` declares the imported memory shared (maximum MAX_MEMORY_PAGES), as a memory that
 * worker threads read must be; a module declared otherwise fails to link with it.
 */
export function dotKernelModuleBytes(stride: number, shared = false): Uint8Array<ArrayBuffer> {
  const rowBytes = stride * 4;
  // Locals: params 0–4, then i32 vecPtr, vecEnd, qPtr, qEnd, then v128 d, a0..a3.
  const [DATA, N, QUERIES, QCOUNT, OUT, VEC, VEC_END, QPTR, QEND, D] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const acc = (k: number): number => 10 + k;

  const dotGroup: number[] = [];
  for (let j = 0; j < stride / 4; j++) {
    dotGroup.push(...op.localGet(VEC), ...op.v128Load(j * 16), ...op.localSet(D));
    for (let k = 0; k < QUERIES_PER_GROUP; k++) {
      if (j > 0) dotGroup.push(...op.localGet(acc(k)));
      dotGroup.push(...op.localGet(D), ...op.localGet(QPTR), ...op.v128Load(k * rowBytes + j * 16), ...op.f32x4Mul);
      if (j > 0) dotGroup.push(...op.f32x4Add);
      dotGroup.push(...op.localSet(acc(k)));
    }
  }
  for (let k = 0; k < QUERIES_PER_GROUP; k++) {
    const lane = (l: number): number[] => [...op.localGet(acc(k)), ...op.f32x4ExtractLane(l)];
    dotGroup.push(...op.localGet(OUT), ...lane(0), ...lane(1), ...op.f32Add, ...lane(2), ...lane(3), ...op.f32Add, ...op.f32Add);
    dotGroup.push(...op.f32Store(k * 4));
  }

  // One query: the f32x4 sum of lane-wise products for `vectors` rows at VEC (+ k rows), the
  // query row loaded once per column into D; then each row's four lanes summed as above.
  const singleGroup = (vectors: number): number[] => {
    const body: number[] = [];
    for (let j = 0; j < stride / 4; j++) {
      body.push(...op.localGet(QUERIES), ...op.v128Load(j * 16), ...op.localSet(D));
      for (let k = 0; k < vectors; k++) {
        if (j > 0) body.push(...op.localGet(acc(k)));
        body.push(...op.localGet(VEC), ...op.v128Load(k * rowBytes + j * 16), ...op.localGet(D), ...op.f32x4Mul);
        if (j > 0) body.push(...op.f32x4Add);
        body.push(...op.localSet(acc(k)));
      }
    }
    for (let k = 0; k < vectors; k++) {
      const lane = (l: number): number[] => [...op.localGet(acc(k)), ...op.f32x4ExtractLane(l)];
      body.push(...op.localGet(OUT), ...lane(0), ...lane(1), ...op.f32Add, ...lane(2), ...lane(3), ...op.f32Add, ...op.f32Add);
      body.push(...op.f32Store(k * 4));
    }
    return body;
  };
  // while (VEC < end) { body; OUT += outStep; VEC += vecStep }
  const loopUntil = (end: number, body: number[], outStep: number, vecStep: number): number[] => [
    ...op.block, ...op.loop,
    ...op.localGet(VEC), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...op.localGet(OUT), ...op.i32Const(outStep), ...op.i32Add, ...op.localSet(OUT),
    ...op.localGet(VEC), ...op.i32Const(vecStep), ...op.i32Add, ...op.localSet(VEC),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
  const singleQuery = [
    ...op.block,
    ...op.localGet(QCOUNT), ...op.i32Const(1), ...op.i32Ne, ...op.brIf(0),
    ...op.localGet(DATA), ...op.localSet(VEC),
    ...op.localGet(DATA), ...op.localGet(N), ...op.i32Const(rowBytes), ...op.i32Mul, ...op.i32Add, ...op.localSet(VEC_END),
    // Groups of 4 rows up to N rounded down to a multiple of 4 (QEND holds that end), then one by one.
    ...op.localGet(DATA), ...op.localGet(N), ...op.i32Const(-4), ...op.i32And, ...op.i32Const(rowBytes), ...op.i32Mul, ...op.i32Add,
    ...op.localSet(QEND),
    ...loopUntil(QEND, singleGroup(QUERIES_PER_GROUP), QUERIES_PER_GROUP * 4, QUERIES_PER_GROUP * rowBytes),
    ...loopUntil(VEC_END, singleGroup(1), 4, rowBytes),
    ...op.return,
    ...op.end,
  ];

  const code = [
    ...singleQuery,
    ...op.localGet(DATA), ...op.localSet(VEC),
    ...op.localGet(DATA), ...op.localGet(N), ...op.i32Const(rowBytes), ...op.i32Mul, ...op.i32Add, ...op.localSet(VEC_END),
    ...op.localGet(QUERIES), ...op.localGet(QCOUNT), ...op.i32Const(rowBytes), ...op.i32Mul, ...op.i32Add, ...op.localSet(QEND),
    ...op.block, ...op.loop,
    ...op.localGet(VEC), ...op.localGet(VEC_END), ...op.i32GeU, ...op.brIf(1),
    ...op.localGet(QUERIES), ...op.localSet(QPTR),
    ...op.loop,
    ...dotGroup,
    ...op.localGet(OUT), ...op.i32Const(16), ...op.i32Add, ...op.localSet(OUT),
    ...op.localGet(QPTR), ...op.i32Const(QUERIES_PER_GROUP * rowBytes), ...op.i32Add, ...op.localTee(QPTR),
    ...op.localGet(QEND), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...op.localGet(VEC), ...op.i32Const(rowBytes), ...op.i32Add, ...op.localSet(VEC),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.end,
  ];
  const locals = [2, ...uleb(4), 0x7f, ...uleb(5), 0x7b];
  const body = [...locals, ...code];
  const name = [...'dots'].map((c) => c.charCodeAt(0));
  const env = [...'env'].map((c) => c.charCodeAt(0));
  const memory = [...'memory'].map((c) => c.charCodeAt(0));
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    // Memory limits: flags 0 = minimum only; 3 = shared with a maximum.
    ...section(2, [1, env.length, ...env, memory.length, ...memory, 0x02, ...(shared ? [0x03, 1, ...uleb(MAX_MEMORY_PAGES)] : [0x00, 1])]),
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

const modules = new Map<string, WebAssembly.Module | null>();

/** The compiled kernel for `stride` (cached), or undefined when this runtime cannot run it. */
export function dotKernelModule(stride: number, shared = false): WebAssembly.Module | undefined {
  const key = `${stride}:${shared}`;
  let module = modules.get(key);
  if (module === undefined) {
    const bytes = dotKernelModuleBytes(stride, shared);
    module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    modules.set(key, module);
  }
  return module ?? undefined;
}

/** The SIMD kernel bound to `memory`, or undefined when this runtime cannot run it. */
export function wasmDotKernel(memory: WebAssembly.Memory, stride: number, shared = false): DotKernel | undefined {
  const module = dotKernelModule(stride, shared);
  if (module === undefined) return undefined;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const dots = instance.exports['dots'];
  if (typeof dots !== 'function') return undefined;
  return (dataPtr, n, queriesPtr, queryCount, outPtr) => {
    dots(dataPtr, n, queriesPtr, queryCount, outPtr);
  };
}

/** The same contract in plain JavaScript (fallback, and the reference in tests). */
export function jsDotKernel(memory: WebAssembly.Memory, stride: number): DotKernel {
  return (dataPtr, n, queriesPtr, queryCount, outPtr) => {
    // Views are taken per call: growing the memory detaches earlier ones.
    const view = new Float32Array(memory.buffer);
    const data = dataPtr / 4, queries = queriesPtr / 4, out = outPtr / 4;
    for (let i = 0; i < n; i++) {
      const row = data + i * stride;
      for (let q = 0; q < queryCount; q++) {
        const query = queries + q * stride;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let j = 0; j < stride; j += 4) {
          s0 += view[row + j]! * view[query + j]!;
          s1 += view[row + j + 1]! * view[query + j + 1]!;
          s2 += view[row + j + 2]! * view[query + j + 2]!;
          s3 += view[row + j + 3]! * view[query + j + 3]!;
        }
        view[out + i * queryCount + q] = s0 + s1 + s2 + s3;
      }
    }
  };
}
