import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { calibrate, parseLabels, type CalibrationResult } from '../../../evaluators/calibration.js';
import { fixed, table } from '../../../reports/markdown-table.js';
import { loadConfig } from '../../config/load.js';
import { JudgesConfig } from '../../config/schema.js';
import { defaultClients } from '../../runner/default-clients.js';
import { ConfigError, InputError } from '../../../kernel/errors.js';
import { createLlmRuntime } from '../../llm/factory.js';
import { formatUsage } from '../../../kernel/usage.js';

interface CalibrateOptions {
  config: string;
  threshold: string;
  json?: boolean;
}

/** `rag-eval calibrate LABELS.jsonl --config CONFIG`: the judge's verdicts against human labels. */
export function registerCalibrateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('calibrate')
    .description('compare the LLM judge with human labels: accuracy, Cohen’s kappa, precision, recall, F1 per metric')
    .argument('<labels>', 'JSONL: {metric, question?, answer?, referenceAnswer?, statement?, contexts[], label: true|false|0..1}')
    .option('--config <file>', 'the config whose llm (and judges) sections to use', 'rag-eval.yaml')
    .option('--threshold <x>', 'scores at or above this count as yes (labels and judge)', '0.5')
    .option('--json', 'print the result as JSON')
    .action(async (labelsPath: string, options: CalibrateOptions) => {
      const threshold = Number(options.threshold);
      if (!(threshold > 0 && threshold <= 1)) throw new ConfigError(`--threshold: expected a number in (0, 1], got "${options.threshold}"`);
      if (!existsSync(labelsPath)) throw new InputError(`${labelsPath}: no such labels file`);
      const items = parseLabels(readFileSync(labelsPath, 'utf8'), labelsPath);
      const loaded = await loadConfig(options.config);
      if (!loaded.config.llm) throw new ConfigError(`${loaded.file}: llm: calibration needs the judge endpoint ({ model, baseURL, apiKeyEnv })`);
      const judges = JudgesConfig.parse(loaded.config.judges ?? {});
      const runtime = createLlmRuntime({ config: loaded.config.llm, baseDir: loaded.baseDir, warn: (m) => process.stderr.write(`warning: ${m}\n`) });
      const clients = defaultClients({ baseDir: loaded.baseDir });
      try {
        const needsEmbeddings = items.some((i) => i.metric === 'answer_relevance' || i.metric === 'answer_similarity');
        const result = await calibrate({
          items,
          judge: runtime.client,
          threshold,
          deps: {
            ...(needsEmbeddings ? { embeddings: clients.embeddingsFor(judges.embedder ?? { provider: 'use', batchSize: 64 }) } : {}),
            minOverlap: loaded.config.relevance.minOverlap,
            answerRelevance: judges.answerRelevance,
            stringThreshold: judges.stringThreshold,
          },
        });
        const usage = runtime.client.usage();
        if (options.json) process.stdout.write(`${JSON.stringify({ ...result, usage: usage.total, model: usage.model }, null, 2)}\n`);
        else process.stdout.write(`${renderCalibration(result)}\njudge ${usage.model}: ${formatUsage(usage.total)}\n`);
        setExitCode(0);
      } finally {
        runtime.close();
        await clients.close?.();
      }
    });
}

export function renderCalibration(result: CalibrationResult): string {
  const rows = result.metrics.map((m) => [
    m.metric,
    String(m.n),
    String(m.unscored),
    fixed(m.accuracy),
    fixed(m.kappa),
    fixed(m.precision),
    fixed(m.recall),
    fixed(m.f1),
    `${m.tp}/${m.fp}/${m.fn}/${m.tn}`,
  ]);
  return table(['Metric', 'items', 'not scored', 'accuracy', 'kappa', 'precision', 'recall', 'F1', 'TP/FP/FN/TN'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}
