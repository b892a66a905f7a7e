import path from 'node:path';
import { z } from 'zod';
import { JudgeMetricId } from '../../config/schema.js';
import { AppendLog } from '../../run-state/append-log.js';
import type { ProgressSink } from '../../progress/progress.js';
import type { AnswerRecord } from '../answer.js';
import type { JudgmentRecord } from './judge-samples.js';

/** The shapes of answers.jsonl and judgments.jsonl lines, checked when a run is resumed. */
const UsageLine = z.object({
  requests: z.number(),
  cacheHits: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number().nullable(),
});

const ScoreLine = z.union([z.object({ value: z.number(), reason: z.undefined().optional() }), z.object({ value: z.null(), reason: z.string() })]);

export const AnswerLine = z.object({
  configuration: z.string(),
  qid: z.string(),
  answer: z.string().nullable(),
  failure: z.string().optional(),
  usage: UsageLine,
});
export type AnswerLine = AnswerRecord & { configuration: string };

export const JudgmentLine = z.object({
  configuration: z.string(),
  qid: z.string(),
  metric: JudgeMetricId,
  score: ScoreLine,
  samples: z.array(z.object({ seed: z.number().nullable(), score: ScoreLine, details: z.record(z.string(), z.unknown()).optional() })),
  spread: z.number().nullable(),
  usage: UsageLine,
});

/** Flushes (write + fsync) every this many records; the LLM cache already holds every paid reply. */
const FLUSH_EVERY = 16;

export interface StageLog<T> {
  /** Records already on disk from an earlier, interrupted attempt. */
  existing: T[];
  append(record: T): void;
  close(): void;
}

function openStageLog<T>(file: string, schema: z.ZodType<T>, progress: ProgressSink): StageLog<T> {
  const { log, existing } = AppendLog.open(file, schema);
  if (existing.tornLine) progress.warn(`${file}: dropped an incomplete last line left by an interrupted run`);
  let pending = 0;
  return {
    existing: existing.records,
    append(record) {
      log.add(record);
      if (++pending >= FLUSH_EVERY) {
        log.flush();
        pending = 0;
      }
    },
    close: () => log.close(),
  };
}

export function openAnswerLog(outDir: string, progress: ProgressSink): StageLog<AnswerLine> {
  return openStageLog(path.join(outDir, 'answers.jsonl'), AnswerLine, progress);
}

export function openJudgmentLog(outDir: string, progress: ProgressSink): StageLog<JudgmentRecord> {
  return openStageLog(path.join(outDir, 'judgments.jsonl'), JudgmentLine, progress);
}
