import { z } from 'zod';

/** A release gate on one metric: an absolute floor and/or the largest allowed drop from the baseline. */
export const MetricGate = z
  .object({
    min: z.number().optional(),
    maxDrop: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((g) => g.min !== undefined || g.maxDrop !== undefined, { message: 'expected min and/or maxDrop' });

/** `{ metricId: { min?, maxDrop? } }`, as in a gates file or the config's `gates` key. */
export const Gates = z.record(z.string(), MetricGate);
export type Gates = z.infer<typeof Gates>;

/** Nightly history: where the SQLite file lives and when a drop is an alert. */
export const HistoryConfig = z
  .object({
    /** Default: .rag-eval/history.sqlite next to the config. */
    path: z.string().min(1).optional(),
    /** Compare against the median of this many previous runs. */
    window: z.number().int().positive().default(7),
    /** Alert when a metric mean falls more than this below that median. */
    alertMargin: z.number().nonnegative().default(0.02),
  })
  .strict();
export type HistoryConfig = z.infer<typeof HistoryConfig>;
