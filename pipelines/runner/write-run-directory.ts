import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { renderMarkdownReport } from '../../reports/markdown-report.js';
import { qrelsFileLines, runFileLines } from '../../reports/trec-files.js';
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
  // The other per-question files are written line by line: 100k questions never become one string.
  for (const outcome of outcomes) {
    const name = outcome.built.config.name;
    await writeLines(path.join(outDir, 'trec', `${name}.run`), runFileLines(name, outcome.scores));
    await writeLines(path.join(outDir, 'trec', `${name}.qrels`), qrelsFileLines(outcome.judgments));
  }
  await writeLines(path.join(outDir, 'scores.jsonl'), scoreLines(outcomes, assembled.sliceLabels));
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

function* scoreLines(outcomes: readonly ConfigurationOutcome[], sliceLabels: ReadonlyMap<string, string[]>): Generator<string> {
  for (const outcome of outcomes) {
    const name = outcome.built.config.name;
    for (const score of outcome.scores) {
      const slices = sliceLabels.get(score.qid);
      yield `${JSON.stringify({ configuration: name, qid: score.qid, scores: score.scores, ...(slices?.length ? { slices } : {}) })}\n`;
    }
  }
}

/** Bytes gathered before each write. */
const WRITE_BLOCK = 1 << 20;

/** Writes lines (each with its newline) in blocks of about WRITE_BLOCK characters; the file is replaced. */
async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let block: string[] = [];
    let size = 0;
    for (const line of lines) {
      block.push(line);
      size += line.length;
      if (size >= WRITE_BLOCK) {
        await writeAll(handle, block.join(''));
        block = [];
        size = 0;
      }
    }
    if (block.length) await writeAll(handle, block.join(''));
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
}
