import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { compareRuns } from '../../../reports/compare.js';
import { evaluateGates, loadDecisionFile, type DecisionFile, type GateResult } from '../../../reports/gates.js';
import { compareOutcome, familyLine, renderMarkdownComparison } from '../../../reports/markdown-compare.js';
import { readRunDirectory } from '../../../reports/run-directory.js';
import { compareSlices, renderSliceComparison } from '../../../reports/compare-slices.js';

interface CompareOptions {
  gates?: string;
  config?: string;
  json?: boolean;
  out?: string;
  alpha?: number;
  permutations?: number;
  resamples?: number;
  primary?: string[];
  minEffect?: number;
  allowDifferentK?: boolean;
}

const number = (name: string, check: (v: number) => boolean, expected: string) => (text: string) => {
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value)) throw new InvalidArgumentError(`${name} expects ${expected}, got "${text}"`);
  return value;
};
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

/**
 * `rag-eval compare BASELINE_DIR CANDIDATE_DIR`: exit 0 no regression, 1 a regression or a failed
 * gate (one line per gate on stderr), 2 bad usage or input (thrown as InputError).
 */
export function registerCompareCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('compare')
    .description('compare two run directories with paired statistics; exit 1 on a regression or failed gate')
    .argument('<baseline>', 'baseline run directory')
    .argument('<candidate>', 'candidate run directory')
    .option('--gates <file>', 'YAML gates { metric: { min?, minOn?, maxDrop? } }, or a rag-eval config with gates: and statistics: keys')
    .option('--config <name>', 'compare only this configuration, or BASELINE=CANDIDATE to pair two names')
    .option('--alpha <rate>', 'family-wise error rate (default 0.05, or statistics.alpha)', number('--alpha', (v) => v > 0 && v < 1, 'a number between 0 and 1'))
    .option('--permutations <n>', 'random sign vectors of the paired test above 16 questions (default 10000)', number('--permutations', (v) => Number.isInteger(v) && v > 0, 'a positive integer'))
    .option('--resamples <n>', 'bootstrap-t resamples of each side\'s mean interval (default 2000)', number('--resamples', (v) => Number.isInteger(v) && v > 0, 'a positive integer'))
    .option('--primary <metrics>', 'metric id(s) that decide the exit code, comma-separated or repeated (default: every metric)', collect)
    .option('--min-effect <delta>', 'smallest change that counts as a regression or improvement (default 0)', number('--min-effect', (v) => v >= 0, 'a number ≥ 0'))
    .option('--allow-different-k', 'compare configurations retrieved at different k (refused otherwise)')
    .option('--json', 'print the comparison as JSON instead of Markdown')
    .option('--out <file>', 'write the Markdown (or JSON) here instead of stdout')
    .action(async (baselineDir: string, candidateDir: string, options: CompareOptions) => {
      const baseline = readRunDirectory(baselineDir);
      const candidate = readRunDirectory(candidateDir);
      const file: DecisionFile = options.gates ? loadDecisionFile(options.gates) : { gates: {}, statistics: {} };
      const stats = file.statistics;
      const comparison = compareRuns(baseline, candidate, {
        configuration: options.config,
        alpha: options.alpha ?? stats.alpha,
        permutations: options.permutations ?? stats.permutations,
        resamples: options.resamples ?? stats.resamples,
        primary: options.primary ?? stats.primary,
        minEffect: options.minEffect ?? stats.minEffect,
        gatedMetrics: Object.entries(file.gates).filter(([, g]) => g.maxDrop !== undefined).map(([id]) => id),
        allowDifferentK: options.allowDifferentK ?? false,
      });
      const gateResults: GateResult[] = options.gates ? evaluateGates(comparison, candidate.summary, file.gates) : [];
      const outcome = compareOutcome(comparison, gateResults);
      const slices = compareSlices(baseline, candidate, comparison, { permutations: options.permutations ?? stats.permutations, resamples: options.resamples ?? stats.resamples });
      const bySlice = renderSliceComparison(slices, comparison.alpha);
      const text = options.json
        ? `${JSON.stringify({ ...comparison, slices, gates: gateResults, regressions: outcome.regressions, exitCode: outcome.exitCode }, null, 2)}\n`
        : `${renderMarkdownComparison({ comparison, gates: gateResults, baselineLabel: baselineDir, candidateLabel: candidateDir })}${bySlice ? `\n${bySlice}\n` : ''}`;
      if (options.out) await writeFile(options.out, text);
      else process.stdout.write(text);
      for (const line of comparison.notes) process.stderr.write(`note: ${line}\n`);
      for (const r of outcome.regressions) process.stderr.write(`regression: ${r.line}\n`);
      for (const g of gateResults) process.stderr.write(`gate ${g.passed === true ? 'passed' : 'FAILED'}: ${g.reason}\n`);
      process.stderr.write(`${familyLine(comparison)}\n`);
      process.stderr.write(outcome.exitCode === 0 ? 'compare: no regression\n' : `compare: ${outcome.regressions.length} regression(s), ${outcome.failedGates.length} failed gate(s)\n`);
      setExitCode(outcome.exitCode);
    });
}
