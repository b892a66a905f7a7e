import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { openResponseCache } from '../../llm/cache.js';
import { DEFAULT_CACHE_PATH } from '../../llm/config.js';
import { cachePathFor } from '../../llm/factory.js';
import { openEmbeddingCache, type EmbeddingCache } from '../../embeddings/cache.js';
import { DEFAULT_EMBEDDING_CACHE_PATH } from '../../embeddings/create-embedder.js';

interface CacheOptions {
  path?: string;
  /** Work on the embedding cache instead of the LLM response cache. */
  embeddings?: boolean;
}

/** The cache file: --path, else the config's llm.cachePath (or the default next to it), else ./.rag-eval/cache.sqlite. */
async function cacheFile(configPath: string | undefined, options: CacheOptions): Promise<string> {
  if (options.path) return path.resolve(options.path);
  if (options.embeddings) {
    // Embedders may set their own cachePath; the shared default sits next to the config.
    const base = configPath ? (await loadConfig(configPath)).baseDir : process.cwd();
    return path.resolve(base, DEFAULT_EMBEDDING_CACHE_PATH);
  }
  if (configPath) {
    const loaded = await loadConfig(configPath);
    return cachePathFor(loaded.config.llm ?? {}, loaded.baseDir);
  }
  return path.resolve(DEFAULT_CACHE_PATH);
}

/** Opens the embedding cache, prints what `use` returns, and closes it. */
function withEmbeddingCache(file: string, use: (cache: EmbeddingCache) => string): void {
  const cache = openEmbeddingCache(file, (m) => process.stderr.write(`warning: ${m}\n`));
  try {
    process.stdout.write(`${use(cache)}\n`);
  } finally {
    cache.close();
  }
}

export function registerCacheCommand(program: Command, setExitCode: (code: number) => void): void {
  const cache = program.command('cache').description('the LLM response cache or, with --embeddings, the embedding cache (SQLite): stats | clear');
  cache
    .command('stats')
    .description('entries and size of the response cache, per model and prompt')
    .argument('[config]', 'a config file: its llm.cachePath (default .rag-eval/cache.sqlite next to it)')
    .option('--path <file>', 'the cache file itself')
    .option('--embeddings', 'the embedding cache (.rag-eval/embeddings.sqlite) instead of the LLM response cache')
    .action(async (configPath: string | undefined, options: CacheOptions) => {
      const file = await cacheFile(configPath, options);
      if (!existsSync(file)) {
        process.stdout.write(`no ${options.embeddings ? 'embedding' : 'response'} cache at ${file} (0 entries)\n`);
        return setExitCode(0);
      }
      if (options.embeddings) {
        withEmbeddingCache(file, (cache) => {
          const stats = cache.stats();
          return [`${file}: ${stats.entries} vectors`, ...stats.byModel.map((row) => `  ${row.modelId}  ${row.entries}`)].join('\n');
        });
        return setExitCode(0);
      }
      const opened = openResponseCache(file, (m) => process.stderr.write(`warning: ${m}\n`));
      try {
        const stats = opened.stats();
        const lines = [`${stats.path}: ${stats.entries} entries, ${(stats.bytes / 1024).toFixed(1)} KiB`];
        for (const row of stats.byModel) lines.push(`  ${row.model}  ${row.promptId}  ${row.entries}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        opened.close();
      }
      setExitCode(0);
    });
  cache
    .command('clear')
    .description('delete every cached response')
    .argument('[config]', 'a config file: its llm.cachePath (default .rag-eval/cache.sqlite next to it)')
    .option('--path <file>', 'the cache file itself')
    .option('--embeddings', 'the embedding cache (.rag-eval/embeddings.sqlite) instead of the LLM response cache')
    .action(async (configPath: string | undefined, options: CacheOptions) => {
      const file = await cacheFile(configPath, options);
      if (!existsSync(file)) {
        process.stdout.write(`no ${options.embeddings ? 'embedding' : 'response'} cache at ${file}; nothing to clear\n`);
        return setExitCode(0);
      }
      if (options.embeddings) {
        withEmbeddingCache(file, (cache) => `cleared ${cache.clear()} cached vectors from ${file}`);
        return setExitCode(0);
      }
      const opened = openResponseCache(file, (m) => process.stderr.write(`warning: ${m}\n`));
      try {
        process.stdout.write(`cleared ${opened.clear()} cached responses from ${file}\n`);
      } finally {
        opened.close();
      }
      setExitCode(0);
    });
}
