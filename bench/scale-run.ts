/**
 * One scenario of the scaling benchmark (bench/scale.bench.ts runs each in its own process so
 * that peak RSS belongs to that scenario alone). Generates a corpus (BEIR-style corpus.jsonl,
 * one chunk per document) and a test set, runs the whole pipeline through runPipeline, and
 * prints one JSON line: per stage wall seconds, CPU seconds and the process's peak RSS at the
 * stage's end, plus report.html's size.
 * Dense scenarios use a synthetic 512-d embedder (vectors from a seeded generator per text,
 * batched exactly like an API model) so that what is measured is rag-eval, not a model.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { createRng } from '../kernel/prng.js';
import { parseConfig } from '../pipelines/config/load.js';
import type { ProgressSink } from '../pipelines/progress/progress.js';
import { defaultClients } from '../pipelines/runner/default-clients.js';
import { runPipeline } from '../pipelines/runner/run-pipeline.js';
import { zipfSampler } from './support/zipf.js';

export interface Scenario {
  name: string;
  retriever: 'bm25' | 'dense';
  chunks: number;
  questions: number;
  /** Characters per chunk (one chunk per document). */
  chunkChars: number;
}

/** Deterministic vectors from the text (FNV-1a seed → mulberry32); a query equals a one-text batch. */
class SyntheticEmbeddings implements EmbeddingsInterface {
  readonly queryBatchIsExact = true;
  constructor(private readonly dimension: number) {}
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    let seed = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193);
    const random = createRng(seed);
    return Array.from({ length: this.dimension }, () => Math.fround(random() * 2 - 1));
  }
}

async function writeInputs(dir: string, scenario: Scenario): Promise<void> {
  const random = createRng(7);
  const word = zipfSampler(random, 50_000);
  mkdirSync(path.join(dir, 'corpus'));
  const corpus = createWriteStream(path.join(dir, 'corpus', 'corpus.jsonl'));
  const questions = createWriteStream(path.join(dir, 'testset.jsonl'));
  const perDoc = Math.ceil(scenario.questions / scenario.chunks);
  let asked = 0;
  for (let d = 0; d < scenario.chunks; d++) {
    const words: string[] = [];
    let length = 0;
    while (length < scenario.chunkChars - 12) {
      const w = word();
      words.push(w);
      length += w.length + 1;
    }
    if (!corpus.write(`${JSON.stringify({ _id: `d${d}`, text: words.join(' ') })}\n`)) await new Promise<void>((r) => corpus.once('drain', () => r()));
    // Questions spread evenly over the documents: three words of their document.
    for (let q = 0; q < perDoc && asked < scenario.questions && (d * scenario.questions) / scenario.chunks >= asked; q++, asked++) {
      const question = [0, 1, 2].map(() => words[Math.floor(random() * words.length)]).join(' ');
      questions.write(`${JSON.stringify({ id: `q${asked}`, question, references: [{ docId: `d${d}` }] })}\n`);
    }
  }
  await Promise.all([new Promise<void>((r) => corpus.end(() => r())), new Promise<void>((r) => questions.end(() => r()))]);
}

interface StageRow {
  stage: string;
  wallS: number;
  cpuS: number;
  peakRssMB: number;
}

/** Records each progress task as a stage; the gaps between tasks are named after what runs there. */
function stageRecorder(): { sink: ProgressSink; mark(stage: string): void; rows: StageRow[] } {
  const rows: StageRow[] = [];
  let since = { wall: performance.now(), cpu: process.cpuUsage() };
  const mark = (stage: string) => {
    const cpu = process.cpuUsage(since.cpu);
    rows.push({ stage, wallS: (performance.now() - since.wall) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, peakRssMB: process.resourceUsage().maxRSS / 1024 });
    since = { wall: performance.now(), cpu: process.cpuUsage() };
  };
  let gap = 'load corpus, chunk, read test set';
  const sink: ProgressSink = {
    start(label) {
      mark(gap);
      return {
        tick() {},
        done() {
          mark(label);
          gap = 'between stages';
        },
      };
    },
    info() {},
    warn() {},
  };
  return { sink, mark: (stage) => mark(stage === 'end' ? 'score, write reports' : stage), rows };
}

export async function runScenario(scenario: Scenario): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rag-eval-scale-${scenario.name}-`));
  try {
    const generated = performance.now();
    await writeInputs(dir, scenario);
    const generateS = (performance.now() - generated) / 1000;
    const config = parseConfig({
      corpus: { path: './corpus' },
      testSet: { path: './testset.jsonl' },
      chunking: { size: Math.max(scenario.chunkChars + 100, 200), overlap: 0 },
      relevance: { level: 'document' },
      k: 10,
      retrievers: [
        scenario.retriever === 'bm25'
          ? { name: 'bm25', type: 'bm25' }
          : { name: 'dense', type: 'dense', embedder: { provider: 'openai', model: 'synthetic-512', cache: false } },
      ],
      metrics: ['mrr', 'recall', 'ndcg'],
    });
    const base = defaultClients({ baseDir: dir, env: {} });
    const clients = { ...base, embeddingsFor: () => new SyntheticEmbeddings(512) };
    const recorder = stageRecorder();
    const result = await runPipeline({ loaded: { config, file: path.join(dir, 'rag-eval.yaml'), baseDir: dir }, outDir: path.join(dir, 'run'), clients, progress: recorder.sink });
    recorder.mark('end');
    await base.close?.();
    return {
      scenario: scenario.name,
      ...scenario,
      generateS,
      stages: recorder.rows,
      reportHtmlMB: statSync(result.htmlPath).size / 1e6,
      retrievalJsonlMB: statSync(path.join(dir, 'run', 'retrieval.jsonl')).size / 1e6,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2]) {
  const scenario = JSON.parse(process.argv[2]) as Scenario;
  process.stdout.write(`${JSON.stringify(await runScenario(scenario))}\n`);
  process.exit(0);
}
