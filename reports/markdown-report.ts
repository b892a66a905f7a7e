import { anyMetricDescription, anyMetricLabel } from '../evaluators/judge-metric-registry.js';
import { judgeSections } from './judge-section.js';
import type { QueryDetail } from './query-details.js';
import type { ConfigurationSummary, RunSummary } from './summary-schema.js';
import { fixed, table } from './markdown-table.js';
import { md, mdCode, mdText } from './markdown-escape.js';
import { modelSections } from './models-section.js';
import { cutoffMarkdownSection } from './cutoff-section.js';
import { languageMarkdownSection, sliceMarkdownSection } from './slices-section.js';
import { robustnessMarkdownSection } from './robustness-section.js';
import { benchmarkMarkdownSection } from './benchmark-section.js';

/** The run's Markdown report: comparison table, classic per-query tables, latency, provenance. */
export function renderMarkdownReport(summary: RunSummary, details: readonly QueryDetail[]): string {
  const parts = [
    `# rag-eval report`,
    `${summary.testSet.items} questions from ${mdCode(summary.testSet.path)}, ${summary.corpus.documents} documents, ` +
      `relevance judged per ${summary.relevance.level}` +
      (summary.relevance.level === 'chunk' ? ` (a chunk counts when it covers ≥ ${summary.relevance.minOverlap} of a reference span)` : '') +
      `. Generated ${summary.createdAt}.`,
    ...summary.notes.map((note) => `> **Note:** ${mdText(note)}`),
    `## Retriever comparison`,
    ...(summary.verdict?.sentences ?? []).map((v) => `**Verdict:** ${v}`),
    comparisonTable(summary),
    'Each cell is the mean over the questions that could be scored, its 95% confidence interval [lo, hi] ' +
      '(Wilson for 0/1 scores, bootstrap-t otherwise; see "How rag-eval decides" in the README) and coverage (scored / total). ' +
      'Best value per metric in **bold**.',
    ...cutoffMarkdownSection(summary),
    ...sliceMarkdownSection(summary),
    ...languageMarkdownSection(summary),
    ...robustnessMarkdownSection(summary),
    `## Per-query results`,
    ...details.map(queryTable),
    `## Latency`,
    latencyTable(summary.configurations),
    ...modelSections(summary),
    ...benchmarkMarkdownSection(summary),
    ...judgeSections(summary),
    `## Provenance`,
    provenanceList(summary),
  ];
  if (summary.warnings.length) parts.push(`## Warnings`, summary.warnings.map((w) => `- ${mdText(w)}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function comparisonTable(summary: RunSummary): string {
  const ids = summary.metricIds;
  const best = new Map<string, number>();
  for (const id of ids) {
    const means = summary.configurations.map((c) => c.metrics[id]?.mean).filter((m): m is number => typeof m === 'number');
    if (means.length) best.set(id, Math.max(...means));
  }
  const header = ['Configuration', 'k', ...ids.map((id) => anyMetricLabel(id, summary.configurations[0]?.k ?? 0).replace(/@\d+/, '@k'))];
  const rows = summary.configurations.map((config) => [
    `${config.name} (${config.description})`,
    String(config.k),
    ...ids.map((id) => {
      const metric = config.metrics[id];
      if (!metric) return '—';
      const value = fixed(metric.mean);
      const shown = metric.mean !== null && metric.mean === best.get(id) ? `**${value}**` : value;
      const ci = metric.ci95 ? ` [${fixed(metric.ci95[0], 2)}, ${fixed(metric.ci95[1], 2)}]` : '';
      // Numbers only: rag-eval's own markup.
      return md(`${shown}${ci} (${metric.scored}/${metric.total})`);
    }),
  ]);
  const legend = ids.map(anyMetricDescription).join('; ');
  return `${table(header, rows, ['l', 'r', ...ids.map(() => 'r' as const)])}\n\n<sub>${legend}.</sub>`;
}

function queryTable(detail: QueryDetail): string {
  const header = ['Rank', ...detail.rankings.map((r) => r.configuration)];
  const rows: string[][] = [];
  for (let rank = 1; rank <= detail.k; rank++) {
    rows.push([
      String(rank),
      ...detail.rankings.map((ranking) => {
        const entry = ranking.entries[rank - 1];
        if (!entry) return '';
        return `${entry.grade > 0 ? '✅' : '❎'} ${entry.docno}`;
      }),
    ]);
  }
  rows.push([`Precision@${detail.k}`, ...detail.rankings.map((r) => fixed(r.precision, 2))]);
  rows.push([`Recall@${detail.k}`, ...detail.rankings.map((r) => fixed(r.recall, 2))]);
  const relevant = detail.relevant.length ? detail.relevant.map(mdCode).join(', ') : 'none';
  return `### ${mdCode(detail.qid)}: ${mdText(detail.question)}\n\nRelevant: ${relevant}\n\n${table(header, rows)}`;
}

function latencyTable(configurations: readonly ConfigurationSummary[]): string {
  const header = ['Configuration', 'queries', 'p50 ms', 'p95 ms', 'p99 ms', 'index ms', 'embedding texts/s', 'model load s'];
  const rows = configurations.map((c) => [
    c.name,
    String(c.latency.queryMs.count),
    fixed(c.latency.queryMs.p50, 2),
    fixed(c.latency.queryMs.p95, 2),
    fixed(c.latency.queryMs.p99, 2),
    // Imported answers were neither indexed nor retrieved here.
    c.type === 'imported' ? '—' : fixed(c.latency.indexMs, 0),
    c.latency.embeddingTextsPerSecond === null ? '—' : fixed(c.latency.embeddingTextsPerSecond, 1),
    c.latency.embeddingModelLoadSeconds === null ? '—' : fixed(c.latency.embeddingModelLoadSeconds, 2),
  ]);
  return (
    `${table(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])}\n\n` +
    '<sub>Per-query retrieval latency in this process, one query at a time; percentiles interpolate between closest ranks. ' +
    'Hybrid latency includes its sub-retrievers; a dense member reuses the query vectors of its own configuration when that ran first, ' +
    'so the hybrid is not charged for embedding the question again. ' +
    'Embedding texts/s leaves model loading out; the load time is its own column.</sub>'
  );
}

function provenanceList(summary: RunSummary): string {
  const p = summary.provenance;
  const generators = Object.entries(p.testSetGenerators).map(([name, n]) => `${name} × ${n}`).join(', ');
  return [
    `- rag-eval ${p.packageVersion}, Node ${p.nodeVersion}, seed ${p.seed}`,
    `- config sha256 \`${p.configHash}\``,
    `- corpus sha256 \`${p.corpusHash}\``,
    `- test set sha256 \`${p.testSetHash}\` (generators: ${mdText(generators)})`,
    `- models: ${p.models.length ? mdText(p.models.join(', ')) : 'none'}`,
  ].join('\n');
}
