import type { Comparison, MetricComparison } from './compare.js';
import type { GateResult } from './gates.js';
import { fixed, table } from './markdown-table.js';
import { pValue, signed } from './number-format.js';

export interface CompareOutcome {
  regressions: { configuration: string; metricId: string; line: string }[];
  failedGates: GateResult[];
  /** 0 no regression and every gate passed; 1 otherwise. */
  exitCode: 0 | 1;
}

/** Regressions are metrics with verdict "regressed"; a gate that could not be checked counts as failed. */
export function compareOutcome(comparison: Comparison, gates: readonly GateResult[]): CompareOutcome {
  const regressions = comparison.configurations.flatMap((c) =>
    c.metrics
      .filter((m) => m.verdict === 'regressed')
      .map((m) => ({ configuration: c.label, metricId: m.metricId, line: `${c.label} ${m.metricId}: regressed by ${signed(m.difference)} (95% CI ${interval(m)}, p = ${pValue(m.p)})` })),
  );
  const failedGates = gates.filter((g) => g.passed !== true);
  return { regressions, failedGates, exitCode: regressions.length || failedGates.length ? 1 : 0 };
}

/** The comparison as Markdown for a pull-request comment or a CI job summary. */
export function renderMarkdownComparison(options: { comparison: Comparison; gates: readonly GateResult[]; baselineLabel: string; candidateLabel: string }): string {
  const { comparison, gates } = options;
  const outcome = compareOutcome(comparison, gates);
  const parts = [
    `## rag-eval comparison`,
    `Baseline \`${options.baselineLabel}\` → candidate \`${options.candidateLabel}\`. Δ = candidate − baseline on the questions both runs measured; ` +
      `95% paired bootstrap CI; two-sided paired sign-flip permutation test; a change counts when p < ${comparison.alpha}.`,
    ...comparison.notes.map((n) => `> **Note:** ${n}`),
  ];
  for (const c of comparison.configurations) {
    parts.push(`### ${c.label} (${c.sharedQuestions} shared questions)`);
    parts.push(
      table(
        ['Metric', 'Baseline', 'Candidate', 'Δ', '95% CI', 'p', 'n', 'Verdict'],
        c.metrics.map((m) => [m.metricId, fixed(m.baselineMean), fixed(m.candidateMean), signed(m.difference), interval(m), pValue(m.p), String(m.pairs), verdictLabel(m)]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
  }
  if (gates.length) {
    parts.push(`### Gates`);
    parts.push(gates.map((g) => `- ${g.passed === true ? '✅' : '❌'} ${g.gate}: ${g.reason}`).join('\n'));
  }
  const problems = [
    outcome.regressions.length ? `${outcome.regressions.length} regression${outcome.regressions.length > 1 ? 's' : ''}` : '',
    outcome.failedGates.length ? `${outcome.failedGates.length} failed gate${outcome.failedGates.length > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  parts.push(outcome.exitCode === 0 ? `**Result: ✅ no regression**` : `**Result: ❌ ${problems.join(', ')}**`);
  return `${parts.join('\n\n')}\n`;
}

function verdictLabel(m: MetricComparison): string {
  return m.verdict === 'improved' ? '⬆️ improved' : m.verdict === 'regressed' ? '⬇️ regressed' : m.verdict;
}

function interval(m: MetricComparison): string {
  return m.ci95 ? `[${signed(m.ci95[0])}, ${signed(m.ci95[1])}]` : '—';
}
