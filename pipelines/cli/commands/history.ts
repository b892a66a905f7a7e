import type { Command } from 'commander';
import { renderHistoryText, trendRows } from '../../history/history-report.js';
import { loadConfig } from '../../config/load.js';
import { historyPath } from '../../history/open.js';
import { DEFAULT_WINDOW, TREND_RUNS } from '../../history/record.js';
import { HistoryStore } from '../../history/store.js';

interface HistoryOptions {
  metric?: string;
  json?: boolean;
  last?: string;
}

export function registerHistoryCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('history')
    .description('print the metric trends of the runs recorded for a config')
    .argument('<config>', 'the YAML config whose runs to show')
    .option('--metric <id>', 'only this metric')
    .option('--last <n>', `how many recent runs (default ${TREND_RUNS})`)
    .option('--json', 'print the runs and trends as JSON')
    .action(async (configPath: string, options: HistoryOptions) => {
      const loaded = await loadConfig(configPath);
      const file = historyPath(loaded);
      const window = loaded.config.history?.window ?? DEFAULT_WINDOW;
      const last = options.last ? Number(options.last) : TREND_RUNS;
      const store = HistoryStore.openExisting(file);
      const runs = store ? store.recent(loaded.file, Number.isInteger(last) && last > 0 ? last : TREND_RUNS) : [];
      store?.close();
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ file, runs, trends: trendRows(runs, { metric: options.metric, window }) }, null, 2)}\n`);
      } else {
        process.stdout.write(renderHistoryText(runs, { file, metric: options.metric, window }));
      }
      setExitCode(0);
    });
}
