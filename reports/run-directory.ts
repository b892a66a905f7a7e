import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../kernel/errors.js';
import { RunSummary } from './summary-schema.js';

/** One line of scores.jsonl: a configuration's scores for one question. */
export const ScoreLine = z.object({
  configuration: z.string(),
  qid: z.string(),
  scores: z.record(z.string(), z.object({ value: z.number().nullable(), reason: z.string().optional() })),
  /** The question's slices (`language:zh`, `tag:keyword`); compare pairs per slice. */
  slices: z.array(z.string()).optional(),
});
export type ScoreLine = z.infer<typeof ScoreLine>;

/** configuration → metric id → qid → value (null = not measured). */
export type ScoreTable = Map<string, Map<string, Map<string, number | null>>>;

export interface RunDirectory {
  dir: string;
  summary: RunSummary;
  scores: ScoreTable;
  /** Null reasons: configuration → metric → qid → reason. */
  reasons: Map<string, Map<string, Map<string, string>>>;
  /** Slice label → the questions in it (from scores.jsonl). */
  slices: Map<string, Set<string>>;
}

/** Reads summary.json and scores.jsonl of a run directory; every problem names the file (and line). */
export function readRunDirectory(dir: string): RunDirectory {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${dir}: no such run directory`);
  const summaryPath = path.join(dir, 'summary.json');
  const summary = parseSummaryFile(summaryPath);
  const scoresPath = path.join(dir, 'scores.jsonl');
  if (!existsSync(scoresPath)) throw new InputError(`${scoresPath}: missing (a run directory holds summary.json and scores.jsonl)`);
  const scores: ScoreTable = new Map();
  const reasons: RunDirectory['reasons'] = new Map();
  const slices: RunDirectory['slices'] = new Map();
  readFileSync(scoresPath, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (!text.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new InputError('not valid JSON', { file: scoresPath, line: index + 1 });
      }
      const line = ScoreLine.safeParse(parsed);
      if (!line.success) throw new InputError(`expected {configuration, qid, scores: {metric: {value, reason?}}}: ${line.error.issues[0]?.message ?? ''}`, { file: scoresPath, line: index + 1 });
      for (const label of line.data.slices ?? []) getOrSet(slices, label, () => new Set<string>()).add(line.data.qid);
      const byMetric = getOrSet(scores, line.data.configuration, () => new Map());
      const reasonByMetric = getOrSet(reasons, line.data.configuration, () => new Map());
      for (const [metric, score] of Object.entries(line.data.scores)) {
        getOrSet(byMetric, metric, () => new Map()).set(line.data.qid, score.value);
        if (score.value === null) getOrSet(reasonByMetric, metric, () => new Map()).set(line.data.qid, score.reason ?? 'no reason given');
      }
    });
  return { dir, summary, scores, reasons, slices };
}

export function parseSummaryFile(summaryPath: string): RunSummary {
  if (!existsSync(summaryPath)) throw new InputError(`${summaryPath}: missing (is this a rag-eval run directory?)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(summaryPath, 'utf8'));
  } catch (error) {
    throw new InputError(`${summaryPath}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = RunSummary.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${summaryPath}: not a rag-eval summary: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
