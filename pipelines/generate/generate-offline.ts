import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chunkDocuments } from '../../corpora/chunk.js';
import { generateOffline } from '../../synthetic-data/offline-generator.js';
import { writeTestSet } from '../../synthetic-data/test-set-io.js';
import { resolveFromConfig, type LoadedConfig } from '../config/load.js';
import { ownPathsOf } from '../runner/own-paths.js';
import { loadCorpusWithoutOwnPaths } from '../stages/own-paths.js';
import { InputError } from '../../kernel/errors.js';
import type { ProgressSink } from '../progress/progress.js';

/** `rag-eval generate --offline`: inverse-cloze questions from the corpus, written to testSet.path. */
export async function generateOfflineTestSet(options: {
  loaded: LoadedConfig;
  outPath: string;
  dryRun: boolean;
  force: boolean;
  progress: ProgressSink;
}): Promise<{ message: string; items: number }> {
  const { loaded, outPath, progress } = options;
  const { config } = loaded;
  if (existsSync(outPath) && !options.force && !options.dryRun) {
    throw new InputError(`${outPath} already exists; pass --force to replace it (nothing was written)`);
  }
  const corpus = await loadCorpusWithoutOwnPaths(resolveFromConfig(loaded, config.corpus.path), ownPathsOf(loaded, { testSetPath: outPath }), progress);
  for (const warning of corpus.warnings) progress.warn(`${warning.source}: ${warning.message}`);
  const chunks = await chunkDocuments(corpus.documents, config.chunking);
  const { count, keywordVariant } = config.testSet.generate;
  if (options.dryRun) {
    const variants = keywordVariant ? `, plus a keyword variant of each (up to ${count * 2} items)` : '';
    return {
      message:
        `would generate up to ${count} questions (testSet.generate.count)${variants} ` +
        `from ${chunks.length} chunks of ${corpus.documents.length} documents; LLM calls: 0, cost: $0.00`,
      items: 0,
    };
  }
  const result = generateOffline(corpus, chunks, { count, seed: config.seed, keywordVariant });
  for (const warning of result.warnings) progress.warn(warning);
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeTestSet(outPath, result.items);
  // count (testSet.generate.count) counts questions; each may add a keyword variant, so say both.
  const questions = result.items.filter((item) => item.generator.name === 'offline-ict').length;
  const variants = result.items.length - questions;
  const made = variants ? `${result.items.length} items: ${questions} questions + ${variants} keyword variants` : `${questions} questions`;
  return { message: `wrote ${made} (count ${count}) to ${outPath} (offline inverse-cloze generator, seed ${config.seed})`, items: result.items.length };
}
