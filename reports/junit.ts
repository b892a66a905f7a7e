import { checkMinGate } from './gates.js';
import type { Gates } from './gates-schema.js';
import type { RunSummary } from './summary-schema.js';

const xml = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const f = (v: number | null | undefined) => (v === null || v === undefined ? 'null' : v.toFixed(4));

interface Case {
  classname: string;
  name: string;
  failure?: string;
  skipped?: string;
  out: string;
}

/**
 * JUnit XML for CI systems. With gates: one test case per configuration × gate (`min` passes or
 * fails as `rag-eval compare --gates` decides it: on the mean, or with `minOn: lower` on the lower
 * bound of its 95 % interval; a gate that cannot be checked fails; `maxDrop` needs a baseline and is
 * reported as skipped here, it is checked by `rag-eval compare`). Without gates: one passing case per configuration × metric,
 * carrying the mean, CI and coverage.
 */
export function renderJunit(summary: RunSummary, gates?: Gates): string {
  const cases: Case[] = [];
  for (const c of summary.configurations) {
    if (gates && Object.keys(gates).length) {
      for (const [metricId, gate] of Object.entries(gates)) {
        if (gate.min !== undefined) {
          const result = checkMinGate(c.name, metricId, gate, c);
          const on = gate.minOn === 'lower' ? ' on the lower 95% bound' : '';
          cases.push({ classname: c.name, name: `${metricId} min ${gate.min}${on}`, out: result.reason, ...(result.passed === true ? {} : { failure: result.reason }) });
        }
        if (gate.maxDrop !== undefined)
          cases.push({ classname: c.name, name: `${metricId} maxDrop ${gate.maxDrop}`, out: '', skipped: 'maxDrop needs a baseline run; checked by rag-eval compare' });
      }
    } else {
      for (const metricId of summary.metricIds) {
        const m = c.metrics[metricId];
        const ci = m?.ci95 ? ` [${f(m.ci95[0])}, ${f(m.ci95[1])}]` : '';
        cases.push({ classname: c.name, name: metricId, out: m ? `mean ${f(m.mean)}${ci} (${m.scored}/${m.total})` : 'not computed' });
      }
    }
  }
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const body = cases
    .map((c) => {
      const inner = [
        c.failure ? `<failure message="${xml(c.failure)}" type="gate">${xml(c.failure)}</failure>` : '',
        c.skipped ? `<skipped message="${xml(c.skipped)}"/>` : '',
        c.out ? `<system-out>${xml(c.out)}</system-out>` : '',
      ].join('');
      return `    <testcase classname="rag-eval.${xml(c.classname)}" name="${xml(c.name)}" time="0">${inner}</testcase>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="rag-eval" tests="${cases.length}" failures="${failures}" skipped="${skipped}">
  <testsuite name="rag-eval" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${xml(summary.createdAt)}">
${body}
  </testsuite>
</testsuites>
`;
}
