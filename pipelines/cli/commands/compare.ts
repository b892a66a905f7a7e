import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { compareRuns } from '../../../reports/compare.js';
import { evaluateGates, loadGatesFile, type GateResult } from '../../../reports/gates.js';
import { compareOutcome, renderMarkdownComparison } from '../../../reports/markdown-compare.js';
import { readRunDirectory } from '../../../reports/run-directory.js';

interface CompareOptions {
  gates?: string;
  config?: string;
  json?: boolean;
  out?: string;
}

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
    .option('--gates <file>', 'YAML gates { metric: { min?, maxDrop? } }, or a rag-eval config with a gates key')
    .option('--config <name>', 'compare only this configuration, or BASELINE=CANDIDATE to pair two names')
    .option('--json', 'print the comparison as JSON instead of Markdown')
    .option('--out <file>', 'write the Markdown (or JSON) here instead of stdout')
    .action(async (baselineDir: string, candidateDir: string, options: CompareOptions) => {
      const baseline = readRunDirectory(baselineDir);
      const candidate = readRunDirectory(candidateDir);
      const gates = options.gates ? loadGatesFile(options.gates) : undefined;
      const comparison = compareRuns(baseline, candidate, { configuration: options.config });
      const gateResults: GateResult[] = gates ? evaluateGates(comparison, candidate.summary, gates) : [];
      const outcome = compareOutcome(comparison, gateResults);
      const text = options.json
        ? `${JSON.stringify({ ...comparison, gates: gateResults, regressions: outcome.regressions, exitCode: outcome.exitCode }, null, 2)}\n`
        : renderMarkdownComparison({ comparison, gates: gateResults, baselineLabel: baselineDir, candidateLabel: candidateDir });
      if (options.out) await writeFile(options.out, text);
      else process.stdout.write(text);
      for (const line of comparison.notes) process.stderr.write(`note: ${line}\n`);
      for (const r of outcome.regressions) process.stderr.write(`regression: ${r.line}\n`);
      for (const g of gateResults) process.stderr.write(`gate ${g.passed === true ? 'passed' : 'FAILED'}: ${g.reason}\n`);
      process.stderr.write(outcome.exitCode === 0 ? 'compare: no regression\n' : `compare: ${outcome.regressions.length} regression(s), ${outcome.failedGates.length} failed gate(s)\n`);
      setExitCode(outcome.exitCode);
    });
}
