/**
 * The "Robustness" part of report.md and report.html: per configuration and perturbation the
 * metric on the original and the perturbed questions, the paired difference with its 95%
 * interval and p-value, and which configuration degrades least.
 */
import { anyMetricLabel } from '../evaluators/judge-metric-registry.js';
import { esc } from './html/escape.js';
import { fixed, table } from './markdown-table.js';
import { md, mdCode, mdText } from './markdown-escape.js';
import type { RobustnessSummary, RunSummary } from './summary-schema.js';

const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)}`);
const pText = (p: number | null) => (p === null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

function rows(r: RobustnessSummary): string[][] {
  return r.results.map((x) => [
    x.perturbation,
    x.configuration,
    String(x.n),
    fixed(x.original),
    fixed(x.perturbed),
    x.ci95 ? `${signed(x.difference)} [${signed(x.ci95[0])}, ${signed(x.ci95[1])}]` : '—',
    pText(x.p),
  ]);
}

function verdict(r: RobustnessSummary): string {
  if (!r.degradesLeast) return 'No configuration could be compared.';
  const order = Object.entries(r.meanDifference).filter((e): e is [string, number] => e[1] !== null).sort((a, b) => b[1] - a[1]);
  return `Degrades least: ${r.degradesLeast} (mean change over the perturbations: ${order.map(([name, d]) => `${name} ${signed(d)}`).join(', ')}).`;
}

function header(r: RobustnessSummary, k: number): string[] {
  const label = anyMetricLabel(r.metric, k);
  return ['Perturbation', 'Configuration', 'Questions', `${label} original`, `${label} perturbed`, 'Difference [95% CI]', 'p'];
}

const LEGEND =
  'Each question gets the variants that apply to its text, derived deterministically from the seed; ' +
  'the difference is perturbed − original over the same questions, with the interval and p-value of the paired test ' +
  '(exact McNemar for 0/1 scores, sign-flip otherwise). ' +
  'A configuration that scores low on the originals has less to lose: read "degrades least" beside the original scores.';

export function robustnessMarkdownSection(summary: RunSummary): string[] {
  const r = summary.robustness;
  if (!r) return [];
  const examples = r.perturbations.map(
    (p) =>
      `- **${mdText(p.id)}** (${p.questions} questions): ${mdText(p.description)}` +
      (p.example ? ` — ${mdCode(p.example.original)} → ${mdCode(p.example.perturbed)}` : ''),
  );
  const k = summary.configurations[0]?.k ?? 0;
  const tableRows = rows(r).map(([perturbation = '', configuration = '', ...numbers]) => [perturbation, configuration, ...numbers.map(md)]);
  return [
    '## Robustness',
    `**${mdText(verdict(r))}**`,
    `${table(header(r, k), tableRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r'])}\n\n<sub>${LEGEND} Seed ${r.seed}.</sub>`,
    examples.join('\n'),
  ];
}

export function robustnessHtmlSection(summary: RunSummary): string {
  const r = summary.robustness;
  if (!r) return '';
  const k = summary.configurations[0]?.k ?? 0;
  const head = `<tr>${header(r, k).map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows(r).map((cells) => `<tr><th scope="row">${esc(cells[0]!)}</th>${cells.slice(1).map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
  const examples = r.perturbations
    .map(
      (p) =>
        `<li><b>${esc(p.id)}</b> (${p.questions} questions): ${esc(p.description)}` +
        (p.example ? ` — <code>${esc(p.example.original)}</code> → <code>${esc(p.example.perturbed)}</code>` : '') +
        '</li>',
    )
    .join('');
  return `<h2>Robustness</h2>
<p><b>${esc(verdict(r))}</b></p>
<table class="summary robustness"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>
<p class="legend">${esc(LEGEND)} Seed ${r.seed}.</p>
<ul>${examples}</ul>`;
}
