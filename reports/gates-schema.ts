import { z } from 'zod';

/** A release gate on one metric: an absolute floor and/or the largest allowed drop from the baseline. */
export const MetricGate = z
  .object({
    min: z.number().optional(),
    /** What `min` is checked against: the mean (default) or the lower bound of its 95 % interval ("prove it is at least min"). */
    minOn: z.enum(['mean', 'lower']).optional(),
    /** Fails only when the drop is significant (family-adjusted) and larger than maxDrop. */
    maxDrop: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((g) => g.min !== undefined || g.maxDrop !== undefined, { message: 'expected min and/or maxDrop' });

export type MetricGate = z.infer<typeof MetricGate>;

/** `{ metricId: { min?, minOn?, maxDrop? } }`, as in a gates file or the config's `gates` key. */
export const Gates = z.record(z.string(), MetricGate);
export type Gates = z.infer<typeof Gates>;

/**
 * How rag-eval decides (`statistics:` in the config; `compare --alpha --permutations --resamples`
 * override): the family-wise error rate, the metrics that decide the exit code, and the smallest
 * change that matters.
 */
export const StatisticsConfig = z
  .object({
    /** Family-wise error rate over primary metrics × configurations (Bonferroni). */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Random sign vectors of the paired test when a comparison has more than 16 questions. */
    permutations: z.number().int().positive().default(10000),
    /** Bootstrap-t resamples of each mean's interval. */
    resamples: z.number().int().positive().default(2000),
    /** Metric ids that decide (exit code, verdict); default: every metric compared. */
    primary: z.array(z.string().min(1)).default([]),
    /** A significant change smaller than this is reported but is not a regression or an improvement. */
    minEffect: z.number().nonnegative().default(0),
  })
  .strict();
export type StatisticsConfig = z.infer<typeof StatisticsConfig>;

/** Nightly history: where the SQLite file lives and when a drop is an alert. */
export const HistoryConfig = z
  .object({
    /** Default: .rag-eval/history.sqlite next to the config. */
    path: z.string().min(1).optional(),
    /** Compare against the median of this many previous runs. */
    window: z.number().int().positive().default(7),
    /** Smallest drop below that median that can alert; the noise of the earlier runs can raise it (pipelines/history/alerts.ts). */
    alertMargin: z.number().nonnegative().default(0.02),
    /** Alert only when this many consecutive runs (this one included) are each below their own threshold. */
    consecutive: z.number().int().positive().default(1),
    /** Family-wise false-alarm rate per night over configurations × metrics. */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Compare only with earlier runs on the same test set and corpus (default: all, and the alert says when they changed). */
    sameInputs: z.boolean().default(false),
  })
  .strict();
export type HistoryConfig = z.infer<typeof HistoryConfig>;
