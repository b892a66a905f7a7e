import path from 'node:path';
import { archivePathFor } from '../../synthetic-data/llm/incremental.js';
import { resolveFromConfig, type LoadedConfig } from '../config/load.js';
import { DEFAULT_EMBEDDING_CACHE_PATH } from '../embeddings/create-embedder.js';
import { historyPath } from '../history/open.js';
import { cachePathFor } from '../llm/factory.js';
import { DEFAULT_LANCEDB_PATH } from '../retrieval/stores/create-store.js';
import type { OwnPath } from '../stages/own-paths.js';

/**
 * Every file and folder this config (and the command line) makes rag-eval write: the run folder
 * (`--out` / `--resume`), `output.dir`, the LLM and embedding caches, LanceDB folders, the history
 * database and the test set. Corpus loading leaves out the ones inside the corpus folder.
 */
export function ownPathsOf(loaded: LoadedConfig, options: { outDir?: string | undefined; resume?: string | undefined; testSetPath?: string } = {}): OwnPath[] {
  const { config, baseDir } = loaded;
  const own: OwnPath[] = [];
  if (options.outDir) own.push({ path: path.resolve(options.outDir), option: '--out' });
  if (options.resume) own.push({ path: path.resolve(options.resume), option: '--resume' });
  own.push({ path: resolveFromConfig(loaded, config.output.dir), option: 'output.dir' });
  if (config.llm && config.llm.cache !== false) own.push({ path: cachePathFor(config.llm, baseDir), option: 'llm.cachePath', sqlite: true });
  for (const retriever of config.retrievers) {
    if (retriever.type !== 'dense') continue;
    if (retriever.embedder?.cache !== false) {
      const cachePath = path.resolve(baseDir, retriever.embedder?.cachePath ?? DEFAULT_EMBEDDING_CACHE_PATH);
      own.push({ path: cachePath, option: `retrievers.${retriever.name}.embedder.cachePath`, sqlite: true });
    }
    if (retriever.store?.type === 'lancedb') {
      own.push({ path: path.resolve(baseDir, retriever.store.path ?? DEFAULT_LANCEDB_PATH), option: `retrievers.${retriever.name}.store.path` });
    }
  }
  const judgeEmbedder = config.judges?.embedder;
  if (judgeEmbedder && judgeEmbedder.cache !== false) {
    own.push({ path: path.resolve(baseDir, judgeEmbedder.cachePath ?? DEFAULT_EMBEDDING_CACHE_PATH), option: 'judges.embedder.cachePath', sqlite: true });
  }
  own.push({ path: historyPath(loaded), option: 'history.path', sqlite: true });
  const testSet = options.testSetPath ?? (config.testSet.path ? resolveFromConfig(loaded, config.testSet.path) : undefined);
  if (testSet) own.push({ path: testSet, option: 'testSet.path' }, { path: archivePathFor(testSet), option: 'testSet.path (archive)' });
  return own;
}
