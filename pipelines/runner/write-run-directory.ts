import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderMarkdownReport } from '../../reports/markdown-report.js';
import { renderQrelsFile, renderRunFile } from '../../reports/trec-files.js';
import type { TrendPoint } from '../../reports/html/charts.js';
import { renderHtmlReport } from '../../reports/html/html-report.js';
import type { Gates } from '../../reports/gates-schema.js';
import { renderJunit } from '../../reports/junit.js';
import type { AssembledRun } from './assemble-run.js';
import type { ConfigurationOutcome } from '../stages/outcome.js';

/**
 * Writes one run's artifacts: summary.json, report.md, report.html, junit.xml, per-stage JSONL (retrieval, scores)
 * and, per configuration, a TREC run file with the test set's qrels under that chunking.
 */
export async function writeRunDirectory(options: {
  outDir: string;
  assembled: AssembledRun;
  outcomes: readonly ConfigurationOutcome[];
  /** Release gates for junit.xml (config `gates`). */
  gates?: Gates;
  /** Metric means of earlier runs and this one (history), for the report's trend charts. */
  trend?: readonly TrendPoint[];
}): Promise<{ reportPath: string; htmlPath: string }> {
  const { outDir, assembled, outcomes } = options;
  await mkdir(path.join(outDir, 'trec'), { recursive: true });
  // retrieval.jsonl is the retrieval stage's own append-only log, written as results arrive.
  const scoreLines: string[] = [];
  for (const outcome of outcomes) {
    const name = outcome.built.config.name;
    for (const score of outcome.scores) {
      const slices = assembled.sliceLabels.get(score.qid);
      scoreLines.push(JSON.stringify({ configuration: name, qid: score.qid, scores: score.scores, ...(slices?.length ? { slices } : {}) }));
    }
    await writeFile(path.join(outDir, 'trec', `${name}.run`), renderRunFile(name, outcome.scores.map((s) => ({ qid: s.qid, ranking: s.ranking }))));
    await writeFile(path.join(outDir, 'trec', `${name}.qrels`), renderQrelsFile(outcome.judgments));
  }
  await writeFile(path.join(outDir, 'scores.jsonl'), jsonl(scoreLines));
  await writeFile(path.join(outDir, 'summary.json'), `${JSON.stringify(assembled.summary, null, 2)}\n`);
  const reportPath = path.join(outDir, 'report.md');
  await writeFile(reportPath, renderMarkdownReport(assembled.summary, assembled.details));
  const htmlPath = path.join(outDir, 'report.html');
  await writeFile(htmlPath, await renderHtmlReport({
    summary: assembled.summary,
    questions: assembled.questions,
    latencies: assembled.latencies,
    drilldownNote: assembled.drilldownNote,
    ...(options.trend ? { trend: options.trend } : {}),
  }));
  await writeFile(path.join(outDir, 'junit.xml'), renderJunit(assembled.summary, options.gates));
  return { reportPath, htmlPath };
}

function jsonl(lines: readonly string[]): string {
  return lines.length ? `${lines.join('\n')}\n` : '';
}
