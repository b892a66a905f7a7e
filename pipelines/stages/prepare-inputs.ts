import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadBeir } from '../../corpora/beir.js';
import type { Corpus } from '../../kernel/corpus.js';
import type { TestItem } from '../../kernel/test-item.js';
import { checkReferences, readTestSet } from '../../synthetic-data/test-set-io.js';
import type { RagEvalConfig } from '../config/schema.js';
import { ConfigError, InputError } from '../../kernel/errors.js';
import type { ProgressSink } from '../progress/progress.js';
import { loadCorpusWithoutOwnPaths, type OwnPath } from './own-paths.js';

export interface PreparedInputs {
  corpus: Corpus;
  items: TestItem[];
  testSetPath: string;
  testSetHash: string;
  unknownReferences: { itemId: string; docId: string }[];
  warnings: string[];
}

/** Loads the corpus and the test set (a JSONL file, or a BEIR folder's qrels) and checks they fit together. */
export async function prepareInputs(options: {
  config: RagEvalConfig;
  resolve: (relative: string) => string;
  progress: ProgressSink;
  /** rag-eval's own output, caches and history (runner/own-paths.ts): left out when inside the corpus folder. */
  ownPaths?: readonly OwnPath[];
}): Promise<PreparedInputs> {
  const { config, resolve, progress } = options;
  const corpusPath = resolve(config.corpus.path);
  if (!existsSync(corpusPath)) throw new InputError(`corpus.path: ${corpusPath} does not exist`);
  const warnings: string[] = [];
  let corpus: Corpus;
  let items: TestItem[];
  let testSetPath: string;

  const isBeir = config.corpus.format === 'beir' || (config.corpus.format === 'auto' && existsSync(`${corpusPath}/corpus.jsonl`) && !config.testSet.path);
  if (isBeir) {
    const beir = await loadBeir(corpusPath, { split: config.corpus.beirSplit });
    corpus = beir.corpus;
    warnings.push(...beir.warnings);
    if (config.testSet.path) {
      // An explicit test set wins over the folder's qrels (e.g. generated questions over a BEIR corpus); said, never silent.
      ({ items, testSetPath } = await readJsonlTestSet(config, resolve, warnings));
      progress.info(`testSet.path is set: questions from ${testSetPath}; the BEIR qrels (split ${config.corpus.beirSplit}) are not used`);
    } else {
      items = beir.testItems;
      testSetPath = `${corpusPath} (BEIR qrels, split ${config.corpus.beirSplit})`;
    }
  } else {
    corpus = await loadCorpusWithoutOwnPaths(corpusPath, options.ownPaths ?? [], progress);
    ({ items, testSetPath } = await readJsonlTestSet(config, resolve, warnings));
  }
  for (const warning of corpus.warnings) warnings.push(`${warning.source}: ${warning.message}`);
  if (items.length === 0) throw new InputError(`${testSetPath}: the test set has no usable questions`);

  const check = checkReferences(items, corpus);
  const unknownReferences = check.unknown;
  for (const problem of check.spanProblems) warnings.push(problem.message);
  if (unknownReferences.length) {
    const examples = unknownReferences.slice(0, 5).map((u) => `${u.itemId} → ${u.docId}`).join(', ');
    warnings.push(`${unknownReferences.length} reference(s) name documents that are not in the corpus (${examples}${unknownReferences.length > 5 ? ', …' : ''}); they can never be retrieved`);
  }
  progress.info(`loaded ${corpus.documents.length} documents and ${items.length} questions`);
  const testSetHash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  return { corpus, items, testSetPath, testSetHash, unknownReferences, warnings };
}

async function readJsonlTestSet(config: RagEvalConfig, resolve: (relative: string) => string, warnings: string[]): Promise<{ items: TestItem[]; testSetPath: string }> {
  if (!config.testSet.path) {
    throw new ConfigError('testSet.path: expected the path of a JSONL test set; write one by hand or run `rag-eval generate CONFIG --offline`');
  }
  const testSetPath = resolve(config.testSet.path);
  if (!existsSync(testSetPath)) {
    throw new InputError(`testSet.path: ${testSetPath} does not exist; run \`rag-eval generate CONFIG --offline\` to create it`);
  }
  const read = await readTestSet(testSetPath, { onInvalidLine: config.testSet.onInvalidLine });
  for (const error of read.errors) warnings.push(`${error.message} (line skipped)`);
  return { items: read.items, testSetPath };
}
