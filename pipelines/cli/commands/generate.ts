import type { Command } from 'commander';
import { loadConfig, resolveFromConfig } from '../../config/load.js';
import { ConfigError } from '../../errors.js';
import { createStreamProgress } from '../../progress/progress.js';
import { generateOfflineTestSet } from '../../generate-offline.js';

export function registerGenerateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('generate')
    .description('build the test set (testSet.path) from the corpus')
    .argument('<config>', 'the YAML config')
    .option('--offline', 'no LLM: inverse-cloze questions from the corpus sentences (deterministic for the seed)')
    .option('--dry-run', 'print what would be generated and spent, then stop')
    .option('--force', 'overwrite an existing test set file')
    .action(async (configPath: string, options: { offline?: boolean; dryRun?: boolean; force?: boolean }) => {
      if (!options.offline) {
        throw new ConfigError('generate: LLM test-set generation is not available in this version; pass --offline for the deterministic generator');
      }
      const loaded = await loadConfig(configPath);
      if (!loaded.config.testSet.path) throw new ConfigError('testSet.path: expected the path to write the test set to');
      const progress = createStreamProgress();
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
