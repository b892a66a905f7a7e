/**
 * Bundled-model (USE) embedding throughput on the calling thread (today's path, workers: 0)
 * against worker threads (workers: 2), on the same seeded 800-character texts, alternating
 * the two in each repetition. Prints medians of wall-clock texts/s and CPU seconds (all
 * threads), and the ratio. Vectors of both paths are compared bit for bit.
 * Run: npm run bench -- use-embedding   (RAG_EVAL_BENCH_USE_TEXTS, default 128; _REPS, default 3)
 */
import { pathToFileURL } from 'node:url';
import { createRng } from '../kernel/prng.js';
import { UniversalSentenceEncoderEmbeddings } from '../pipelines/embeddings/use-embedder.js';

const TEXTS = Number(process.env.RAG_EVAL_BENCH_USE_TEXTS ?? 128);
const REPS = Number(process.env.RAG_EVAL_BENCH_USE_REPS ?? 3);
const WORDS = (
  'the of and to in is that for it as was with be by on not this are or from at which but have an they were all there would ' +
  'their been has when who will more no if out so what up its about into than them can only other new some could time these two ' +
  'may then first any now such like over even most made after also did many before must through back years where much way well ' +
  'down should because each just those people'
).split(' ');

function texts(n: number): string[] {
  const random = createRng(11);
  return Array.from({ length: n }, () => {
    let text = '';
    while (text.length < 800) text += `${WORDS[Math.floor(random() * WORDS.length)]} `;
    return text.trim();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(embeddings: UniversalSentenceEncoderEmbeddings, input: string[]): Promise<{ perSecond: number; cpuSeconds: number; vectors: number[][] }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const vectors = await embeddings.embedDocuments(input);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: input.length / seconds, cpuSeconds: (used.user + used.system) / 1e6, vectors };
}

export async function main(): Promise<void> {
  const input = texts(TEXTS);
  const single = new UniversalSentenceEncoderEmbeddings({ workers: 0 });
  const pooled = new UniversalSentenceEncoderEmbeddings({ workers: 2 });
  // Warm-up: load the model on the calling thread and in both workers.
  await single.embedDocuments(input.slice(0, 16));
  await pooled.embedDocuments(input.slice(0, 32));
  const rows = { single: [] as number[], pooled: [] as number[], singleCpu: [] as number[], pooledCpu: [] as number[] };
  for (let rep = 0; rep < REPS; rep++) {
    const a = await measure(single, input);
    const b = await measure(pooled, input);
    if (JSON.stringify(a.vectors) !== JSON.stringify(b.vectors)) throw new Error('worker vectors differ from the calling thread’s');
    rows.single.push(a.perSecond);
    rows.pooled.push(b.perSecond);
    rows.singleCpu.push(a.cpuSeconds);
    rows.pooledCpu.push(b.cpuSeconds);
    console.log(`rep ${rep + 1}: calling thread ${a.perSecond.toFixed(2)} texts/s (${a.cpuSeconds.toFixed(1)} CPU s), 2 workers ${b.perSecond.toFixed(2)} texts/s (${b.cpuSeconds.toFixed(1)} CPU s)`);
  }
  await pooled.close();
  console.log(`${TEXTS} texts of 800 characters, median of ${REPS}:`);
  console.log(`  calling thread (today): ${median(rows.single).toFixed(2)} texts/s, ${median(rows.singleCpu).toFixed(1)} CPU s`);
  console.log(`  2 worker threads:       ${median(rows.pooled).toFixed(2)} texts/s, ${median(rows.pooledCpu).toFixed(1)} CPU s`);
  console.log(`  ratio: ${(median(rows.pooled) / median(rows.single)).toFixed(2)}× (vectors identical)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
