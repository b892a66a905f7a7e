import { DEFAULT_EFFECT_OF_INTEREST, type Comparison, type MetricComparison } from './compare.js';
import { ciText, formatAlpha, pct } from './decision-format.js';
import type { GateResult } from './gates.js';
import { fixed, table } from './markdown-table.js';
import { md, mdCode, mdText } from './markdown-escape.js';
import { pValue, signed } from './number-format.js';

export interface CompareOutcome {
  regressions: { configuration: string; metricId: string; line: string }[];
  failedGates: GateResult[];
  /** 0 no regression and every gate passed; 1 otherwise. */
  exitCode: 0 | 1;
}

/**
 * Regressions are deciding metrics (in the family) with verdict "regressed"; a gate that could
 * not be checked counts as failed. Metrics outside the family are shown but never fail.
 */
export function compareOutcome(comparison: Comparison, gates: readonly GateResult[]): CompareOutcome {
  const regressions = comparison.configurations.flatMap((c) =>
    c.metrics
      .filter((m) => m.decides && m.verdict === 'regressed')
      .map((m) => ({
        configuration: c.label,
        metricId: m.metricId,
        line: `${c.label} ${m.metricId}: regressed by ${signed(m.difference)} (${ciText(m)}, p = ${pValue(m.p)}, family of ${comparison.family.size})`,
      })),
  );
  const failedGates = gates.filter((g) => g.passed !== true);
  return { regressions, failedGates, exitCode: regressions.length || failedGates.length ? 1 : 0 };
}

/** One sentence naming the family and its error rate, e.g. for the Markdown and stderr. */
export function familyLine(comparison: Comparison): string {
  const f = comparison.family;
  const metrics = f.metrics.length ? f.metrics.join(', ') : 'none';
  const each = f.size > 1 ? `each tested at ${formatAlpha(f.perComparisonAlpha)} with ${pct(1 - f.perComparisonAlpha)} intervals (Bonferroni)` : `tested at ${formatAlpha(f.alpha)}`;
  return (
    `Deciding family: ${metrics} × ${f.configurations.length} configuration${f.configurations.length === 1 ? '' : 's'} = ` +
    `${f.size} comparison${f.size === 1 ? '' : 's'}; family-wise error rate ${formatAlpha(f.alpha)}, ${each}.`
  );
}

/** The comparison as Markdown for a pull-request comment or a CI job summary. */
export function renderMarkdownComparison(options: { comparison: Comparison; gates: readonly GateResult[]; baselineLabel: string; candidateLabel: string }): string {
  const { comparison, gates } = options;
  const outcome = compareOutcome(comparison, gates);
  const parts = [
    `## rag-eval comparison`,
    `Baseline ${mdCode(options.baselineLabel)} → candidate ${mdCode(options.candidateLabel)}. Δ = candidate − baseline on the questions both runs measured. ` +
      `0/1 scores: exact McNemar test; other scores: paired sign-flip test; each interval is that test inverted, so it excludes 0 exactly when the change is significant. ` +
      `A change counts when it is significant and at least minEffect ${comparison.minEffect}; ` +
        `"no significant change" means the interval also rules out a change of ${comparison.effectOfInterest}; ` +
        '"inconclusive" means it does not (too few questions).',
    mdText(familyLine(comparison)),
    ...comparison.notes.map((n) => `> **Note:** ${mdText(n)}`),
  ];
  for (const c of comparison.configurations) {
    parts.push(`### ${mdText(c.label)} (${c.sharedQuestions} shared questions)`);
    parts.push(
      table(
        ['Metric', 'Baseline', 'Candidate', 'Δ', 'CI', 'p', 'n', 'Verdict'],
        c.metrics.map((m) => [
          m.decides ? m.metricId : `${m.metricId} (not deciding)`,
          md(fixed(m.baselineMean)),
          md(fixed(m.candidateMean)),
          md(signed(m.difference)),
          md(ciText(m)),
          md(pValue(m.p)),
          String(m.pairs),
          verdictLabel(m, comparison.effectOfInterest),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
  }
  if (gates.length) {
    parts.push(`### Gates`);
    parts.push(gates.map((g) => `- ${g.passed === true ? '✅' : '❌'} ${mdText(g.gate)}: ${mdText(g.reason)}`).join('\n'));
  }
  const problems = [
    outcome.regressions.length ? `${outcome.regressions.length} regression${outcome.regressions.length > 1 ? 's' : ''}` : '',
    outcome.failedGates.length ? `${outcome.failedGates.length} failed gate${outcome.failedGates.length > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  parts.push(outcome.exitCode === 0 ? `**Result: ✅ no regression**` : `**Result: ❌ ${problems.join(', ')}**`);
  return `${parts.join('\n\n')}\n`;
}

export function verdictLabel(m: MetricComparison, effectOfInterest = DEFAULT_EFFECT_OF_INTEREST): string {
  switch (m.verdict) {
    case 'improved':
      return '⬆️ improved';
    case 'regressed':
      return '⬇️ regressed';
    case 'inconclusive': {
      const detect = m.detectable === null ? '' : `detectable ≈ ${m.detectable.toFixed(3)}`;
      const need = m.questionsNeeded === null ? '' : `≈ ${m.questionsNeeded} questions to detect ${effectOfInterest}`;
      const detail = [detect, need].filter(Boolean).join('; ');
      return detail ? `inconclusive (${detail})` : 'inconclusive';
    }
    case 'negligible':
      return 'significant but below minEffect';
    default:
      return m.verdict;
  }
}
