import type { Command } from 'commander';
import { loadConfig, resolveFromConfig } from '../../config/load.js';
import { ConfigError } from '../../../kernel/errors.js';
import { createStreamProgress } from '../../progress/progress.js';
import { generateOfflineTestSet } from '../../generate/generate-offline.js';
import { generateLlmTestSet } from '../../generate/generate-llm.js';

export function registerGenerateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('generate')
    .description('build or extend the test set (testSet.path): with the LLM in llm (new/changed documents only), or --offline')
    .argument('<config>', 'the YAML config')
    .option('--offline', 'no LLM: inverse-cloze questions from the corpus sentences (deterministic for the seed)')
    .option('--dry-run', 'print what would be generated and spent, then stop')
    .option('--force', 'overwrite an existing test set file')
    .action(async (configPath: string, options: { offline?: boolean; dryRun?: boolean; force?: boolean }) => {
      const loaded = await loadConfig(configPath);
      if (!loaded.config.testSet.path) throw new ConfigError('testSet.path: expected the path to write the test set to');
      const progress = createStreamProgress();
      if (!options.offline) {
        // LLM generation is incremental: it extends the existing test set, so --force is not needed.
        const result = await generateLlmTestSet({
          loaded,
          outPath: resolveFromConfig(loaded, loaded.config.testSet.path),
          dryRun: Boolean(options.dryRun),
          progress,
        });
        process.stdout.write(`${result.message}\n`);
        return setExitCode(0);
      }
      const result = await generateOfflineTestSet({
        loaded,
        outPath: resolveFromConfig(loaded, loaded.config.testSet.path),
        dryRun: Boolean(options.dryRun),
        force: Boolean(options.force),
        progress,
      });
      process.stdout.write(`${result.message}\n`);
      setExitCode(0);
    });
}
