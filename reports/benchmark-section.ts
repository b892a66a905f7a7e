/**
 * "Public benchmark vs your data": each embedding model's published retrieval average (from the
 * registry, with benchmark, source and date) beside the score measured on this run, and a note
 * when the ranking on your data differs from the public one. Rankings are compared only among
 * models reported on the same benchmark (MTEB English retrieval and C-MTEB retrieval are
 * different scales).
 */
import { anyMetricLabel } from '../evaluators/judge-metric-registry.js';
import { esc } from './html/escape.js';
import { fixed, table } from './markdown-table.js';
import type { RunSummary } from './summary-schema.js';

export interface BenchmarkRow {
  model: string;
  languages: string;
  benchmark: string | null;
  publicScore: number | null;
  /** Best mean of the run's first metric over the configurations that use the model. */
  measured: number | null;
  source: string | null;
}

export function benchmarkRows(summary: RunSummary): { metric: string; rows: BenchmarkRow[] } | null {
  const metric = summary.metricIds[0];
  if (!metric || summary.embeddingModels.length === 0) return null;
  const rows = summary.embeddingModels.map((m): BenchmarkRow => {
    const means = summary.configurations.filter((c) => m.usedBy.includes(c.name)).map((c) => c.metrics[metric]?.mean).filter((v): v is number => typeof v === 'number');
    return {
      model: m.model,
      languages: m.languages === null ? 'unknown' : m.languages === 'multilingual' ? 'multilingual' : m.languages.join(', '),
      benchmark: m.publicBenchmark?.benchmark ?? null,
      publicScore: m.publicBenchmark?.score ?? null,
      measured: means.length ? Math.max(...means) : null,
      source: m.publicBenchmark ? `${m.publicBenchmark.source}, ${m.publicBenchmark.date}` : null,
    };
  });
  return { metric, rows };
}

/** One sentence per benchmark whose public order of two or more models differs from the measured order; none when they agree. */
export function rankingNotes(rows: readonly BenchmarkRow[], metricLabel: string): string[] {
  const groups = new Map<string, BenchmarkRow[]>();
  for (const row of rows) if (row.benchmark && row.publicScore !== null && row.measured !== null) groups.set(row.benchmark, [...(groups.get(row.benchmark) ?? []), row]);
  const notes: string[] = [];
  for (const [benchmark, group] of groups) {
    if (group.length < 2) continue;
    const byPublic = [...group].sort((a, b) => b.publicScore! - a.publicScore!).map((r) => r.model);
    const byMeasured = [...group].sort((a, b) => b.measured! - a.measured!).map((r) => r.model);
    if (byPublic.join('\u0000') === byMeasured.join('\u0000')) continue;
    notes.push(
      `On ${benchmark} the order is ${byPublic.join(' > ')}; on your data (${metricLabel}) it is ${byMeasured.join(' > ')}: ` +
        'the public benchmark winner is not the best model for these documents.',
    );
  }
  return notes;
}

export function benchmarkMarkdownSection(summary: RunSummary): string[] {
  const data = benchmarkRows(summary);
  if (!data || data.rows.every((r) => r.publicScore === null)) return [];
  const label = anyMetricLabel(data.metric, summary.configurations[0]?.k ?? 0);
  const rows = data.rows.map((r) => [r.model, r.languages, r.benchmark ?? '—', r.publicScore === null ? '—' : r.publicScore.toFixed(2), fixed(r.measured), r.source ?? '—']);
  const notes = rankingNotes(data.rows, label);
  return [
    '## Public benchmark vs your data',
    `${table(['Model', 'Languages', 'Public benchmark', 'Public retrieval avg', `${label} here`, 'Source'], rows, ['l', 'l', 'l', 'r', 'r', 'l'])}\n\n` +
      "<sub>Published averages (0–100, mostly nDCG@10 over the benchmark's datasets) are only comparable within one benchmark; " +
      '"here" is the best mean of the configurations using the model.</sub>',
    ...notes.map((n) => `> **Note:** ${n}`),
  ];
}

export function benchmarkHtmlSection(summary: RunSummary): string {
  const data = benchmarkRows(summary);
  if (!data || data.rows.every((r) => r.publicScore === null)) return '';
  const label = anyMetricLabel(data.metric, summary.configurations[0]?.k ?? 0);
  const body = data.rows.map(
    (r) =>
      `<tr><th scope="row">${esc(r.model)}</th><td>${esc(r.languages)}</td><td>${esc(r.benchmark ?? '—')}</td>` +
      `<td>${r.publicScore === null ? '—' : r.publicScore.toFixed(2)}</td><td>${fixed(r.measured)}</td><td>${esc(r.source ?? '—')}</td></tr>`,
  );
  const head =
    '<tr><th>model</th><th>languages</th><th>public benchmark</th><th>public retrieval avg</th>' +
    `<th>${esc(label)} here</th><th>source</th></tr>`;
  return `<h2>Public benchmark vs your data</h2>
<table class="summary"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>
${rankingNotes(data.rows, label).map((n) => `<p class="note"><b>Note:</b> ${esc(n)}</p>`).join('\n')}`;
}
