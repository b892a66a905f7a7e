import { createHash } from 'node:crypto';
import type { ConfigurationSummary, RunSummary } from '../summary-schema.js';
import { costQualityPoints, costQualitySpec, latencySpec, metricBarsSpec, renderSvg, trendSpec, type TrendPoint } from './charts.js';
import { FILTER_SCRIPT, renderDrilldown } from './drilldown.js';
import { esc } from './escape.js';
import type { ReportQuestion } from './report-data.js';
import { REPORT_CSS } from './style.js';
import { cutoffHtmlSection } from '../cutoff-section.js';
import { languageHtmlSection, sliceHtmlSection } from '../slices-section.js';
import { robustnessHtmlSection } from '../robustness-section.js';
import { benchmarkHtmlSection } from '../benchmark-section.js';

export interface HtmlReportInput {
  summary: RunSummary;
  questions: readonly ReportQuestion[];
  /** Earlier runs and this one, from the history store; trends are drawn when ≥ 2 runs. */
  trend?: readonly TrendPoint[];
  /** Every per-query latency; default: those of `questions`. */
  latencies?: readonly { configuration: string; ms: number }[];
  /** What the drill-down left out (select-questions.ts describeCut), shown above it. */
  drilldownNote?: string | null;
}

const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/**
 * One self-contained HTML file: inline CSS, inline SVG charts, one inline script whose sha256
 * is the only script the Content-Security-Policy allows; no request leaves the page.
 */
export async function renderHtmlReport(input: HtmlReportInput): Promise<string> {
  const { summary, questions } = input;
  const configurations = summary.configurations.map((c) => c.name);
  const charts: string[] = [];
  const bars = metricBarsSpec(summary);
  if (bars) charts.push(await renderSvg(bars));
  const latencies = input.latencies ?? questions.flatMap((q) =>
    configurations.flatMap((name) => {
      const ms = q.configurations[name]?.latencyMs;
      return typeof ms === 'number' ? [{ configuration: name, ms }] : [];
    }),
  );
  const latency = latencySpec(latencies);
  if (latency) charts.push(await renderSvg(latency));
  const cost = costQualityPoints(summary);
  const costSpec = cost ? costQualitySpec(cost.points) : null;
  if (costSpec) charts.push(await renderSvg(costSpec));
  const costNote = cost?.unknown.length
    ? `<p class="legend">Cost vs quality leaves out ${cost.unknown.map(esc).join(', ')}: ` +
      'a model without a known price (set llm.prices or embeddingModels).</p>'
    : '';
  const trends: string[] = [];
  for (const metric of summary.metricIds) {
    const spec = trendSpec(metric, input.trend ?? []);
    if (spec) trends.push(await renderSvg(spec));
  }
  const scriptHash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'`;
  const p = summary.provenance;
  const intro =
    `${summary.testSet.items} questions from <code>${esc(summary.testSet.path)}</code>, ${summary.corpus.documents} documents, ` +
    `relevance judged per ${esc(summary.relevance.level)}. Generated ${esc(summary.createdAt)}.`;
  const legend =
    'Each cell: mean over the scored questions, its 95% CI (Wilson for 0/1 scores, bootstrap-t otherwise), coverage (scored / total). ' +
    'Best mean per metric highlighted. Cost is shown once LLM usage is recorded.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rag-eval report ${esc(summary.createdAt)}</title>
<style>${REPORT_CSS}</style></head>
<body>
<h1>rag-eval report</h1>
<p>${intro}</p>
${summary.notes.map((n) => `<p class="note"><b>Note:</b> ${esc(n)}</p>`).join('\n')}
${summary.warnings.map((w) => `<p class="warning"><b>Warning:</b> ${esc(w)}</p>`).join('\n')}
<h2>Summary</h2>
${(summary.verdict?.sentences ?? []).map((v) => `<p class="verdict"><b>Verdict:</b> ${esc(v)}</p>`).join('\n')}
${summaryTable(summary)}
<p class="legend">${legend}</p>
${cutoffHtmlSection(summary)}
${sliceHtmlSection(summary)}
${languageHtmlSection(summary)}
${robustnessHtmlSection(summary)}
${benchmarkHtmlSection(summary)}
<h2>Charts</h2>
<div class="charts">${charts.map((svg) => `<figure>${svg}</figure>`).join('')}</div>
${costNote}
${trends.length ? `<h2>Trends</h2><div class="charts">${trends.map((svg) => `<figure>${svg}</figure>`).join('')}</div>` : ''}
<h2>Questions</h2>
${renderDrilldown(questions, configurations, summary.metricIds, input.drilldownNote ?? null)}
<h2>Provenance</h2>
<ul class="provenance">
<li>rag-eval ${esc(p.packageVersion)}, Node ${esc(p.nodeVersion)}, seed ${esc(p.seed)}</li>
<li>config sha256 <code>${esc(p.configHash)}</code></li>
<li>corpus sha256 <code>${esc(p.corpusHash)}</code></li>
<li>test set sha256 <code>${esc(p.testSetHash)}</code></li>
<li>models: ${p.models.length ? p.models.map(esc).join(', ') : 'none'}</li>
</ul>
<script>${FILTER_SCRIPT}</script>
</body></html>
`;
}

function summaryTable(summary: RunSummary): string {
  const best = new Map<string, number>();
  for (const id of summary.metricIds) {
    const means = summary.configurations.map((c) => c.metrics[id]?.mean).filter((m): m is number => typeof m === 'number');
    if (means.length) best.set(id, Math.max(...means));
  }
  const head = `<tr><th>configuration</th><th>k</th>${summary.metricIds.map((id) => `<th>${esc(id)}</th>`).join('')}<th>p50 ms</th><th>p95 ms</th><th>cost</th></tr>`;
  const rows = summary.configurations.map((c) => {
    const cells = summary.metricIds.map((id) => metricCell(c, id, best.get(id))).join('');
    const q = c.latency.queryMs;
    return `<tr><th scope="row">${esc(c.name)}<br><small>${esc(c.description)}</small></th><td>${c.k}</td>${cells}<td>${num(q.p50, 2)}</td><td>${num(q.p95, 2)}</td><td>${costCell(c)}</td></tr>`;
  });
  return `<table class="summary"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function metricCell(c: ConfigurationSummary, id: string, best: number | undefined): string {
  const m = c.metrics[id];
  if (!m) return '<td>—</td>';
  const isBest = m.mean !== null && m.mean === best;
  const ci = m.ci95 ? `<br><small>[${num(m.ci95[0], 3)}, ${num(m.ci95[1], 3)}]</small>` : '';
  return `<td class="${isBest ? 'best' : ''}">${num(m.mean)}${ci}<br><small>${m.scored}/${m.total}</small></td>`;
}

/** Cost appears when the summary records LLM usage (not yet in schema version 1). */
function costCell(c: ConfigurationSummary): string {
  const usage = (c as { usage?: { costUsd?: number | null } }).usage;
  return typeof usage?.costUsd === 'number' ? `$${usage.costUsd.toFixed(4)}` : '—';
}
