import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InputError } from '../kernel/errors.js';
import type { Comparison } from './compare.js';
import { Gates } from './gates-schema.js';
import { signed } from './number-format.js';

export { Gates, MetricGate } from './gates-schema.js';
import type { RunSummary } from './summary-schema.js';

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

/**
 * Reads gates from a YAML file: either a rag-eval config with a `gates:` key or a file whose
 * top level is the gates map itself.
 */
export function loadGatesFile(file: string): Gates {
  if (!existsSync(file)) throw new InputError(`--gates: ${file} does not exist`);
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length) {
    const line = document.errors[0]!.linePos?.[0].line;
    throw new InputError(`not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`, { file, line });
  }
  const raw: unknown = document.toJS();
  const map = raw && typeof raw === 'object' && 'gates' in raw ? (raw as { gates: unknown }).gates : raw;
  const parsed = Gates.safeParse(map ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`gates.${issue.path.join('.')}: ${issue.message}`, { file });
  }
  return parsed.data;
}

const f = (v: number) => v.toFixed(4);

/** Checks every gate against every compared configuration. maxDrop compares means on the shared, measured questions. */
export function evaluateGates(comparison: Comparison, candidate: RunSummary, gates: Gates): GateResult[] {
  const results: GateResult[] = [];
  for (const c of comparison.configurations) {
    const summary = candidate.configurations.find((s) => s.name === c.candidate);
    for (const [metricId, gate] of Object.entries(gates)) {
      const compared = c.metrics.find((m) => m.metricId === metricId);
      if (gate.min !== undefined) results.push(minGate(c.label, metricId, gate.min, summary?.metrics[metricId]?.mean));
      if (gate.maxDrop !== undefined) {
        const base = { configuration: c.label, metricId, gate: 'maxDrop' as const, threshold: gate.maxDrop };
        if (!compared || compared.difference === null) results.push({ ...base, passed: null, reason: `${c.label} ${metricId}: maxDrop ${gate.maxDrop} cannot be checked: no question measured in both runs` });
        else {
          const drop = -compared.difference;
          results.push({
            ...base,
            passed: drop <= gate.maxDrop + 1e-12,
            reason: drop > gate.maxDrop + 1e-12
              ? `${c.label} ${metricId}: dropped by ${f(drop)} (${f(compared.baselineMean!)} → ${f(compared.candidateMean!)}), more than maxDrop ${gate.maxDrop}`
              : `${c.label} ${metricId}: change ${signed(compared.difference)} is within maxDrop ${gate.maxDrop}`,
          });
        }
      }
    }
  }
  return results;
}

/** The min gate of one configuration's mean in a single run (also used for junit.xml of a run). */
export function minGate(configuration: string, metricId: string, min: number, mean: number | null | undefined): GateResult {
  const base = { configuration, metricId, gate: 'min' as const, threshold: min };
  if (mean === undefined) return { ...base, passed: null, reason: `${configuration} ${metricId}: gate on a metric this run did not compute` };
  if (mean === null) return { ...base, passed: null, reason: `${configuration} ${metricId}: no question could be scored, so min ${min} cannot be checked` };
  return mean >= min
    ? { ...base, passed: true, reason: `${configuration} ${metricId}: mean ${f(mean)} ≥ min ${min}` }
    : { ...base, passed: false, reason: `${configuration} ${metricId}: mean ${f(mean)} is below min ${min}` };
}
