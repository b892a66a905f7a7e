import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InputError } from '../kernel/errors.js';
import type { Comparison } from './compare.js';
import { Gates, StatisticsConfig, type MetricGate } from './gates-schema.js';
import { ciText } from './decision-format.js';
import { signed } from './number-format.js';
import type { ConfigurationSummary, RunSummary } from './summary-schema.js';

export { Gates, MetricGate, StatisticsConfig } from './gates-schema.js';

export interface GateResult {
  configuration: string;
  metricId: string;
  gate: 'min' | 'maxDrop';
  threshold: number;
  /** true passed, false failed, null could not be checked (counts as failed in compare). */
  passed: boolean | null;
  /** One line, e.g. `bm25 recall: mean 0.7500 is below min 0.8`. */
  reason: string;
}

/** What a gates file (or a rag-eval config) says about decisions: its gates and its `statistics:` block. */
export interface DecisionFile {
  gates: Gates;
  /** Only the keys the file sets, so command-line options can override them one by one. */
  statistics: Partial<StatisticsConfig>;
}

/**
 * Reads gates from a YAML file: either a rag-eval config with a `gates:` key (and optionally a
 * `statistics:` key) or a file whose top level is the gates map itself.
 */
export function loadDecisionFile(file: string): DecisionFile {
  if (!existsSync(file)) throw new InputError(`--gates: ${file} does not exist`);
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length) {
    const line = document.errors[0]!.linePos?.[0].line;
    throw new InputError(`not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`, { file, line });
  }
  const raw: unknown = document.toJS();
  const isConfig = raw !== null && typeof raw === 'object' && ('gates' in raw || 'statistics' in raw || 'corpus' in raw);
  const map = isConfig ? (raw as { gates?: unknown }).gates : raw;
  const parsed = Gates.safeParse(map ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`gates.${issue.path.join('.')}: ${issue.message}`, { file });
  }
  const rawStatistics = isConfig ? (raw as { statistics?: unknown }).statistics : undefined;
  const statistics = StatisticsConfig.partial().safeParse(rawStatistics ?? {});
  if (!statistics.success) {
    const issue = statistics.error.issues[0]!;
    throw new InputError(`statistics.${issue.path.join('.')}: ${issue.message}`, { file });
  }
  const set = Object.fromEntries(Object.entries(statistics.data).filter(([, v]) => v !== undefined)) as Partial<StatisticsConfig>;
  return { gates: parsed.data, statistics: set };
}

/** The gates of a gates file or config (see loadDecisionFile). */
export function loadGatesFile(file: string): Gates {
  return loadDecisionFile(file).gates;
}

const f = (v: number) => v.toFixed(4);

/**
 * Checks every gate against every compared configuration.
 * - `min`: the candidate's mean (or, with `minOn: lower`, the lower bound of its 95 % interval) must reach min.
 * - `maxDrop`: fails only when the drop is significant (the comparison's family-adjusted interval lies
 *   below 0) and the observed drop is larger than maxDrop; a larger but not significant drop passes
 *   with a reason saying so.
 */
export function evaluateGates(comparison: Comparison, candidate: RunSummary, gates: Gates): GateResult[] {
  const results: GateResult[] = [];
  for (const c of comparison.configurations) {
    const summary = candidate.configurations.find((s) => s.name === c.candidate);
    for (const [metricId, gate] of Object.entries(gates)) {
      const compared = c.metrics.find((m) => m.metricId === metricId);
      if (gate.min !== undefined) results.push(checkMinGate(c.label, metricId, gate, summary));
      if (gate.maxDrop === undefined) continue;
      const base = { configuration: c.label, metricId, gate: 'maxDrop' as const, threshold: gate.maxDrop };
      if (!compared || compared.difference === null || !compared.ci) {
        results.push({ ...base, passed: null, reason: `${c.label} ${metricId}: maxDrop ${gate.maxDrop} cannot be checked: no question measured in both runs` });
        continue;
      }
      const drop = -compared.difference;
      const ci = ciText(compared);
      const means = `${f(compared.baselineMean!)} → ${f(compared.candidateMean!)}`;
      const beyond = drop > gate.maxDrop + 1e-12;
      const significantDrop = compared.ci[1] < 0;
      results.push({
        ...base,
        passed: !(beyond && significantDrop),
        reason: !beyond
          ? `${c.label} ${metricId}: change ${signed(compared.difference)} is within maxDrop ${gate.maxDrop}`
          : significantDrop
            ? `${c.label} ${metricId}: dropped by ${f(drop)} (${means}, ${ci}), more than maxDrop ${gate.maxDrop}`
            : `${c.label} ${metricId}: dropped by ${f(drop)} (${means}), more than maxDrop ${gate.maxDrop} but not significantly (${ci}); passes`,
      });
    }
  }
  return results;
}

/**
 * A `min` gate on one configuration of a run: the one decision that compare's exit code and a run's
 * junit.xml both use (on the mean, or with `minOn: lower` on the lower bound of its 95 % interval).
 */
export function checkMinGate(label: string, metricId: string, gate: MetricGate, summary: ConfigurationSummary | undefined): GateResult {
  const metric = summary?.metrics[metricId];
  if (gate.minOn === 'lower' && metric && metric.mean !== null) {
    const base = { configuration: label, metricId, gate: 'min' as const, threshold: gate.min! };
    const lower = metric.ci95?.[0];
    if (lower === undefined || lower === null)
      return { ...base, passed: null, reason: `${label} ${metricId}: min ${gate.min} on the lower bound cannot be checked: the mean has no interval` };
    return lower >= gate.min!
      ? { ...base, passed: true, reason: `${label} ${metricId}: lower 95% bound ${f(lower)} ≥ min ${gate.min} (mean ${f(metric.mean)})` }
      : { ...base, passed: false, reason: `${label} ${metricId}: lower 95% bound ${f(lower)} is below min ${gate.min} (mean ${f(metric.mean)})` };
  }
  return minGate(label, metricId, gate.min!, metric?.mean);
}

/** The min gate on one configuration's mean (checkMinGate without `minOn: lower`). */
export function minGate(configuration: string, metricId: string, min: number, mean: number | null | undefined): GateResult {
  const base = { configuration, metricId, gate: 'min' as const, threshold: min };
  if (mean === undefined) return { ...base, passed: null, reason: `${configuration} ${metricId}: gate on a metric this run did not compute` };
  if (mean === null) return { ...base, passed: null, reason: `${configuration} ${metricId}: no question could be scored, so min ${min} cannot be checked` };
  return mean >= min
    ? { ...base, passed: true, reason: `${configuration} ${metricId}: mean ${f(mean)} ≥ min ${min}` }
    : { ...base, passed: false, reason: `${configuration} ${metricId}: mean ${f(mean)} is below min ${min}` };
}
