import { z } from 'zod';
import { IrMetricId } from '../../kernel/metric-ids.js';
import { PERTURBATIONS } from './perturb.js';

/** `robustness` in the config: perturbed variants of every question, retrieved and scored beside the originals. */
export const RobustnessConfig = z
  .object({
    /** Which perturbations to derive; each question gets those that apply to its text. Default: all. */
    perturbations: z.array(z.enum(PERTURBATIONS)).min(1).default([...PERTURBATIONS]),
    /** The IR metric compared on original vs perturbed questions. */
    metric: IrMetricId.default('mrr'),
    /** Default: the config's seed. */
    seed: z.number().int().optional(),
  })
  .strict();
export type RobustnessConfig = z.infer<typeof RobustnessConfig>;
