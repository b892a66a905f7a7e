/**
 * `rag-eval generate --offline` end to end on a seeded synthetic English corpus (default 20,000
 * documents of 3–8 sentences, ~600 characters each), median of fresh CLI processes.
 * Baselines in the same run: word segmentation over every chunk and sentence the generator
 * segments, through segmentWords (ASCII fast path) vs ICU with a new segmenter per call (how
 * segmentWords worked before), with a check that both give the same words; and, when
 * BENCH_BASELINE_DIR names another checkout (e.g. an older commit), that checkout's CLI on the
 * same corpus. Target: ≥ 2× faster than before on 20k documents.
 *
 *   npm run bench -- offline-generate    (BENCH_DOCS, BENCH_REPETITIONS default 3, BENCH_BASELINE_DIR)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detectLanguage, segmentWords, splitSentences } from '../corpora/text.js';
import { createRng as seeded } from '../kernel/prng.js';

const DOCS = Number(process.env['BENCH_DOCS'] ?? 20_000);
const REPETITIONS = Number(process.env['BENCH_REPETITIONS'] ?? 3);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Zipf-distributed made-up words in sentences, so IDF varies like in real text. */
function syntheticDocuments(count: number): string[] {
  const random = seeded(20_000);
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 'vor', 'el', 'qui', 'dan', 'so', 'pre', 'ux', 'ti', 'ber', 'no'];
  const vocabulary = Array.from({ length: 5_000 }, (_, i) => {
    let word = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
    return word;
  });
  const zipf = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(random() * Math.log(vocabulary.length))) - 1)]!;
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(random() * 13) }, zipf);
    if (random() < 0.2) words.splice(3, 0, `${Math.floor(random() * 1000)}.${Math.floor(random() * 10)}`);
    const text = words.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}${random() < 0.1 ? '?' : '.'}`;
  };
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(random() * 6) }, sentence).join(' '));
}

/** segmentWords before the fast path: NFKC, lowercase, a new ICU segmenter per call. */
function icuSegmentWords(text: string, locale: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  const segmenter = new Intl.Segmenter(locale === 'und' ? undefined : locale, { granularity: 'word' });
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalised)) if (isWordLike) words.push(segment);
  return words;
}

function timeCli(checkout: string, config: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(checkout, 'bin/rag-eval.js'), 'generate', config, '--offline', '--force'], { cwd: checkout, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`generate in ${checkout} exited ${result.status}: ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

export async function main(): Promise<{ cliSeconds: number; segmentSpeedup: number; sameWords: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rag-eval-bench-'));
  try {
    const documents = syntheticDocuments(DOCS);
    mkdirSync(path.join(dir, 'corpus'));
    documents.forEach((text, i) => writeFileSync(path.join(dir, 'corpus', `doc-${String(i).padStart(6, '0')}.txt`), `${text}\n`));
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      'corpus: { path: ./corpus }\nchunking: { size: 1000, overlap: 0 }\n' +
        'testSet:\n  path: ./testset.jsonl\n  generate: { count: 500, keywordVariant: true }\n' +
        'retrievers:\n  - { name: bm25, type: bm25 }\nseed: 7\n',
    );

    // What the generator segments: every chunk (here: every document), then its sentences.
    const texts = documents.flatMap((doc) => [doc, ...splitSentences(doc, detectLanguage(doc)).map((s) => s.text)]);
    const fast: number[] = [];
    const icu: number[] = [];
    let sameWords = true;
    for (let rep = 0; rep < REPETITIONS; rep++) {
      let started = performance.now();
      const fastWords = texts.map((text) => segmentWords(text, 'en'));
      fast.push((performance.now() - started) / 1000);
      started = performance.now();
      const icuWords = texts.map((text) => icuSegmentWords(text, 'en'));
      icu.push((performance.now() - started) / 1000);
      sameWords &&= JSON.stringify(fastWords) === JSON.stringify(icuWords);
    }

    const baselineDir = process.env['BENCH_BASELINE_DIR'];
    const cli: number[] = [];
    const baseline: number[] = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
      cli.push(timeCli(root, config));
      if (baselineDir) baseline.push(timeCli(path.resolve(baselineDir), config));
    }
    const result = { cliSeconds: median(cli), segmentSpeedup: median(icu) / median(fast), sameWords };
    console.log(`generate --offline, ${DOCS} synthetic documents, medians of ${REPETITIONS}:`);
    console.log(`  rag-eval generate --offline (CLI, end to end)  ${result.cliSeconds.toFixed(2)} s`);
    if (baselineDir) {
      console.log(`  baseline checkout ${baselineDir}  ${median(baseline).toFixed(2)} s  -> ${(median(baseline) / result.cliSeconds).toFixed(2)}x`);
    }
    console.log(`  segmentWords over ${texts.length} texts: ${median(fast).toFixed(2)} s; ICU, a segmenter per call: ${median(icu).toFixed(2)} s -> ${result.segmentSpeedup.toFixed(1)}x`);
    console.log(`  same words                                     ${sameWords ? 'yes' : 'NO'}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
