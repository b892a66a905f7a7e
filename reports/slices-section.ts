/**
 * The "Languages" and "Metrics by slice" parts of report.md and report.html: the languages of
 * the corpus and the test set with any embedder that does not cover them, then every metric per
 * language and per tag, the same aggregates as the whole run.
 */
import { anyMetricLabel } from '../evaluators/judge-metric-registry.js';
import { esc } from './html/escape.js';
import { fixed, table } from './markdown-table.js';
import { mdText } from './markdown-escape.js';
import type { LanguageSummary, RunSummary } from './summary-schema.js';

const counts = (record: Record<string, number>) => Object.entries(record).map(([language, n]) => `${language} ${n}`).join(', ') || 'none';
const pct = (n: { affected: number; total: number }) => `${n.affected} of ${n.total} (${n.total ? Math.round((100 * n.affected) / n.total) : 0}%)`;

function gapLine(gap: LanguageSummary['gaps'][number]): string {
  return (
    `${gap.configuration} uses ${gap.model}, which supports ${gap.modelLanguages.join(', ')} only; ` +
    `not covered: ${gap.uncovered.join(', ')}. Affected: ${pct(gap.questions)} questions, ${pct(gap.documents)} documents.`
  );
}

const SOURCE_NOTE =
  "Question languages are the test items' `language`, else detected from the script (Han → zh, kana → ja, Hangul → ko, Latin → en); " +
  'documents are detected. A question counts as affected when its own language or the language of a document it names is not covered.';

export function languageMarkdownSection(summary: RunSummary): string[] {
  const languages = summary.languages;
  if (!languages) return [];
  const lines = [`Documents: ${mdText(counts(languages.documents))}. Questions: ${mdText(counts(languages.questions))}.`];
  for (const gap of languages.gaps) lines.push(`> **Warning:** ${mdText(gapLine(gap))}`);
  return ['## Languages', `${lines.join('\n\n')}\n\n<sub>${SOURCE_NOTE}</sub>`];
}

export function languageHtmlSection(summary: RunSummary): string {
  const languages = summary.languages;
  if (!languages) return '';
  const gaps = languages.gaps.map((gap) => `<p class="warning"><b>Warning:</b> ${esc(gapLine(gap))}</p>`).join('\n');
  return `<h2>Languages</h2>
<p>Documents: ${esc(counts(languages.documents))}. Questions: ${esc(counts(languages.questions))}.</p>
${gaps}
<p class="legend">${esc(SOURCE_NOTE)}</p>`;
}

function sliceRows(summary: RunSummary): { slice: string; questions: number; configuration: string; k: number; cells: RunSummary['slices'][number]['metrics'][string] }[] {
  return summary.slices.flatMap((slice) =>
    summary.configurations
      .filter((c) => slice.metrics[c.name])
      .map((c) => ({ slice: `${slice.dimension}: ${slice.value}`, questions: slice.questions, configuration: c.name, k: c.k, cells: slice.metrics[c.name]! })),
  );
}

export function sliceMarkdownSection(summary: RunSummary): string[] {
  if (summary.slices.length === 0) return [];
  const ids = summary.metricIds;
  const k = summary.configurations[0]?.k ?? 0;
  const header = ['Slice', 'Questions', 'Configuration', ...ids.map((id) => anyMetricLabel(id, k).replace(/@\d+/, '@k'))];
  const rows = sliceRows(summary).map((row) => [
    row.slice,
    String(row.questions),
    row.configuration,
    ...ids.map((id) => {
      const m = row.cells[id];
      return m ? `${fixed(m.mean)} (${m.scored}/${m.total})` : '—';
    }),
  ]);
  return [
    '## Metrics by slice',
    `${table(header, rows, ['l', 'r', 'l', ...ids.map(() => 'r' as const)])}\n\n` +
      '<sub>The same metrics on each language (when the test set has more than one) and each tag of the test items: mean (scored/total). ' +
      'The 95% CIs are in summary.json; small slices have wide ones.</sub>',
  ];
}

export function sliceHtmlSection(summary: RunSummary): string {
  if (summary.slices.length === 0) return '';
  const ids = summary.metricIds;
  const head = `<tr><th>slice</th><th>questions</th><th>configuration</th>${ids.map((id) => `<th>${esc(id)}</th>`).join('')}</tr>`;
  const body = sliceRows(summary).map((row) => {
    const cells = ids.map((id) => {
      const m = row.cells[id];
      if (!m) return '<td>—</td>';
      const ci = m.ci95 ? `<br><small>[${m.ci95[0].toFixed(3)}, ${m.ci95[1].toFixed(3)}]</small>` : '';
      return `<td>${m.mean === null ? '—' : m.mean.toFixed(4)}${ci}<br><small>${m.scored}/${m.total}</small></td>`;
    });
    return `<tr><th scope="row">${esc(row.slice)}</th><td>${row.questions}</td><th scope="row">${esc(row.configuration)}</th>${cells.join('')}</tr>`;
  });
  return `<h2>Metrics by slice</h2>
<table class="summary slices"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>
<p class="legend">Every metric per language and per tag of the test items: mean, 95% bootstrap CI, scored/total.</p>`;
}
