import { z } from 'zod';
import { InputError } from '../kernel/errors.js';
import { agreement, type Agreement } from './statistics/agreement.js';
import { FAITHFULNESS_VERDICTS_PROMPT, faithfulnessVerdicts } from './judges/faithfulness.js';
import { judgeMetrics, type JudgeDependencies } from './judge-metric-registry.js';
import { judgeMessages } from './judges/judge-prompt.js';
import type { JudgeClient, JudgeSample } from './judges/judge-types.js';
import { JudgeMetricId } from '../kernel/metric-ids.js';

/**
 * Calibration: the judge against human labels. One JSONL line per labelled item:
 *   {"metric": "faithfulness", "statement": "...", "contexts": ["..."], "label": true}         one statement supported or not
 *   {"metric": "context_precision", "question": "...", "referenceAnswer": "...", "contexts": ["one chunk"], "label": false}
 *   {"metric": "answer_relevance", "question": "...", "answer": "...", "label": 0.8}           a score in [0, 1]
 * Any metric may be labelled with a whole sample and a boolean or a score; scores and the
 * judge's scores are split at `threshold` (default 0.5) into yes / no.
 */
export const LabelItem = z
  .object({
    metric: JudgeMetricId,
    id: z.string().optional(),
    question: z.string().default(''),
    answer: z.string().optional(),
    referenceAnswer: z.string().optional(),
    /** faithfulness: judge this one statement (one verdict call) instead of the whole answer. */
    statement: z.string().min(1).optional(),
    contexts: z.array(z.string()).default([]),
    label: z.union([z.boolean(), z.number().min(0).max(1)]),
  })
  .strict();
export type LabelItem = z.infer<typeof LabelItem>;

export function parseLabels(text: string, file: string): LabelItem[] {
  const items: LabelItem[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new InputError('not valid JSON', { file, line: index + 1 });
    }
    const parsed = LabelItem.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'} ` +
          '(expected {metric, question?, answer?, referenceAnswer?, statement?, contexts[], label: true|false|0..1})',
        { file, line: index + 1 },
      );
    }
    items.push(parsed.data);
  });
  if (items.length === 0) throw new InputError(`${file}: no labelled items`);
  return items;
}

export interface MetricCalibration extends Agreement {
  metric: string;
  /** Items the judge could not score (null), left out of the agreement figures. */
  unscored: number;
}

export interface CalibrationResult {
  metrics: MetricCalibration[];
  /** Per item: the human label and the judge's value (null when not scored, with the reason). */
  items: { index: number; metric: string; human: boolean; judge: boolean | null; judgeValue: number | null; reason?: string }[];
}

async function judgeItem(item: LabelItem, deps: JudgeDependencies, judge: JudgeClient): Promise<{ value: number | null; reason?: string }> {
  if (item.metric === 'faithfulness' && item.statement !== undefined) {
    const result = await judge.complete({
      promptId: FAITHFULNESS_VERDICTS_PROMPT.id,
      promptVersion: FAITHFULNESS_VERDICTS_PROMPT.version,
      messages: judgeMessages(FAITHFULNESS_VERDICTS_PROMPT, { contexts: item.contexts, statements: [item.statement] }),
      schema: faithfulnessVerdicts(1),
      schemaName: 'judge_statements',
      stage: 'calibrate',
    });
    if (!result.ok) return { value: null, reason: result.reason };
    return { value: result.value.verdicts[0]!.supported ? 1 : 0 };
  }
  const sample: JudgeSample = {
    qid: item.id ?? 'label',
    question: item.question,
    ...(item.answer !== undefined ? { answer: item.answer } : {}),
    ...(item.referenceAnswer !== undefined ? { referenceAnswer: item.referenceAnswer } : {}),
    contexts: item.contexts.map((text, i) => ({ id: `c${i + 1}`, text })),
    references: [],
  };
  const outcome = await judgeMetrics[item.metric].create(deps).evaluate(sample);
  return outcome.score.value === null ? { value: null, reason: outcome.score.reason } : { value: outcome.score.value };
}

/** Runs the judge on every labelled item and reports agreement per metric (in first-seen order). */
export async function calibrate(options: { items: readonly LabelItem[]; judge: JudgeClient; deps: Omit<JudgeDependencies, 'judge'>; threshold?: number }): Promise<CalibrationResult> {
  const threshold = options.threshold ?? 0.5;
  const deps: JudgeDependencies = { ...options.deps, judge: options.judge };
  const judged = await Promise.all(options.items.map((item) => judgeItem(item, deps, options.judge)));
  const items = options.items.map((item, index) => {
    const { value, reason } = judged[index]!;
    const human = typeof item.label === 'boolean' ? item.label : item.label >= threshold;
    return { index, metric: item.metric, human, judge: value === null ? null : value >= threshold, judgeValue: value, ...(reason ? { reason } : {}) };
  });
  const metrics = [...new Set(items.map((i) => i.metric))].map((metric): MetricCalibration => {
    const mine = items.filter((i) => i.metric === metric);
    const pairs = mine.flatMap((i) => (i.judge === null ? [] : [{ judge: i.judge, human: i.human }]));
    return { metric, ...agreement(pairs), unscored: mine.length - pairs.length };
  });
  return { metrics, items };
}
