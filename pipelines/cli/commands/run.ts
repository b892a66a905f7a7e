import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { ConfigError } from '../../../kernel/errors.js';
import { createStreamProgress } from '../../progress/progress.js';
import { defaultClients } from '../../runner/default-clients.js';
import { planRun } from '../../runner/plan-run.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { withHistory } from '../../history/open.js';
import { installInterruptHandlers } from '../interrupts.js';

interface RunOptions {
  out?: string;
  resume?: string;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  judgeSamples?: number;
}

export function registerRunCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run the pipeline: load, retrieve with every configuration, score, write reports')
    .argument('<config>', 'the YAML config')
    .option('--out <dir>', 'write the run here instead of output.dir/<timestamp>')
    .option('--resume <dir>', 'continue a stopped run in DIR: finished work is kept, nothing is paid twice')
    .option('--dry-run', 'print what the run would do and spend, then stop')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'print only errors and the final path')
    .option('--judge-samples <n>', 'repeat each LLM judgment N times with different seeds; report the mean and the spread', parseJudgeSamples)
    .action(async (configPath: string, options: RunOptions) => {
      if (options.resume && options.out) throw new ConfigError('--resume and --out: give one of them (a resumed run stays in its own directory)');
      const loaded = await loadConfig(configPath);
      const progress = createStreamProgress({ quiet: Boolean(options.quiet || options.json) });
      if (options.dryRun) {
        const plan = await planRun({
          loaded,
          progress,
          ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
          ...(options.out ? { outDir: options.out } : {}),
          ...(options.resume ? { resume: options.resume } : {}),
        });
        process.stdout.write(options.json ? `${JSON.stringify(plan, null, 2)}\n` : `${plan.lines.join('\n')}\n`);
        setExitCode(0);
        return;
      }
      const interrupts = installInterruptHandlers((message) => process.stderr.write(`\n${message}\n`));
      const clients = defaultClients({ baseDir: loaded.baseDir });
      const result = await withHistory(loaded, (history) =>
        runPipeline({
          loaded,
          outDir: options.out,
          resume: options.resume,
          stop: interrupts.signal,
          clients,
          progress,
          history,
          ...(options.judgeSamples !== undefined ? { judgeSamples: options.judgeSamples } : {}),
        }),
      ).finally(async () => {
        interrupts.dispose();
        // Open connections (a Milvus client, SQLite caches) would otherwise keep the process alive.
        await clients.close?.();
      });
      if (options.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
      else if (options.quiet) process.stdout.write(`${result.outDir}\n`);
      else process.stdout.write(`\n${result.overview}\nreport: ${result.reportPath}\nreport: ${result.htmlPath}\n`);
      setExitCode(0);
    });
}

function parseJudgeSamples(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new ConfigError(`--judge-samples: expected a whole number from 1 to 20, got "${value}"`);
  return n;
}
