/**
 * Writes a tiny feature-extraction model folder that @huggingface/transformers can load from disk:
 * config.json, a word-level tokenizer.json and onnx/model.onnx (Gather from a seeded embedding
 * table, then MatMul by a seeded square matrix), encoded here byte by byte in ONNX's protobuf
 * format. No weights are downloaded: the numbers come from the seeded generator, so the model is
 * meaningless but deterministic, and it runs through the real onnxruntime-node.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRng } from '../../kernel/prng.js';

// --- protobuf wire format (only what ONNX needs here) ---
const varint = (value: number | bigint): number[] => {
  let v = BigInt(value);
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
};
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number): number[] => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: ArrayLike<number>): number[] => [...key(field, 2), ...varint(data.length), ...Array.from(data)];
const str = (field: number, text: string) => bytes(field, new TextEncoder().encode(text));
const msg = (field: number, parts: number[][]) => bytes(field, parts.flat());

const FLOAT = 1;
const INT64 = 7;

/** ValueInfoProto: name + tensor type with named (symbolic) or fixed dimensions. */
const valueInfo = (field: number, name: string, elemType: number, dims: (string | number)[]) =>
  msg(field, [
    str(1, name),
    msg(2, [msg(1, [int(1, elemType), msg(2, dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)])))])]),
  ]);

const floatTensor = (field: number, name: string, dims: number[], values: Float32Array) =>
  msg(field, [...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), bytes(9, new Uint8Array(values.buffer))]);

const node = (op: string, inputs: string[], outputs: string[]) =>
  msg(1, [...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${op}_0`), str(4, op)]);

export interface TinyModelOptions {
  /** Folder that will hold `<model>/…` (transformers.js `localModelPath`). */
  modelDir: string;
  model?: string;
  words: readonly string[];
  dimension?: number;
  seed?: number;
}

/** Builds the model folder; returns the model id to pass as `model`. */
export function writeTinyModel(options: TinyModelOptions): string {
  const model = options.model ?? 'tiny/word-bert';
  const dimension = options.dimension ?? 16;
  const vocab: Record<string, number> = { '[PAD]': 0, '[UNK]': 1 };
  for (const word of options.words) vocab[word] ??= Object.keys(vocab).length;
  const size = Object.keys(vocab).length;
  const random = createRng(options.seed ?? 7);
  const table = Float32Array.from({ length: size * dimension }, () => random() * 2 - 1);
  const weights = Float32Array.from({ length: dimension * dimension }, () => random() * 2 - 1);

  const graph = [
    node('Gather', ['table', 'input_ids'], ['embedded']),
    node('MatMul', ['embedded', 'weights'], ['last_hidden_state']),
    str(2, 'tiny'),
    floatTensor(5, 'table', [size, dimension], table),
    floatTensor(5, 'weights', [dimension, dimension], weights),
    valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
    valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
    valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', dimension]),
  ];
  const onnx = [int(1, 8), str(2, 'rag-eval tests'), msg(7, graph), msg(8, [str(1, ''), int(2, 13)])].flat();

  const folder = path.join(options.modelDir, model);
  mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  writeFileSync(path.join(folder, 'onnx', 'model.onnx'), Uint8Array.from(onnx));
  writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: dimension, vocab_size: size }));
  writeFileSync(
    path.join(folder, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'PreTrainedTokenizer', pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: 512 }),
  );
  writeFileSync(
    path.join(folder, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [
        { id: 0, content: '[PAD]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
        { id: 1, content: '[UNK]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      ],
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
    }),
  );
  return model;
}
