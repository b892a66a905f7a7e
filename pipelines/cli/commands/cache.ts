import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { openResponseCache } from '../../llm/cache.js';
import { DEFAULT_CACHE_PATH } from '../../llm/config.js';
import { cachePathFor } from '../../llm/factory.js';

interface CacheOptions {
  path?: string;
}

/** The cache file: --path, else the config's llm.cachePath (or the default next to it), else ./.rag-eval/cache.sqlite. */
async function cacheFile(configPath: string | undefined, options: CacheOptions): Promise<string> {
  if (options.path) return path.resolve(options.path);
  if (configPath) {
    const loaded = await loadConfig(configPath);
    return cachePathFor(loaded.config.llm ?? {}, loaded.baseDir);
  }
  return path.resolve(DEFAULT_CACHE_PATH);
}

export function registerCacheCommand(program: Command, setExitCode: (code: number) => void): void {
  const cache = program.command('cache').description('the LLM response cache (SQLite): stats | clear');
  cache
    .command('stats')
    .description('entries and size of the response cache, per model and prompt')
    .argument('[config]', 'a config file: its llm.cachePath (default .rag-eval/cache.sqlite next to it)')
    .option('--path <file>', 'the cache file itself')
    .action(async (configPath: string | undefined, options: CacheOptions) => {
      const file = await cacheFile(configPath, options);
      if (!existsSync(file)) {
        process.stdout.write(`no response cache at ${file} (0 entries)\n`);
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
    .action(async (configPath: string | undefined, options: CacheOptions) => {
      const file = await cacheFile(configPath, options);
      if (!existsSync(file)) {
        process.stdout.write(`no response cache at ${file}; nothing to clear\n`);
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
