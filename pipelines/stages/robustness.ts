/**
 * Robustness: every question's perturbed variants (synthetic-data/robustness) are retrieved by
 * each configuration beside the originals (one retrieval stage, so they are logged and resumed
 * alike), scored with the same judgments, and compared pairwise with the originals: per
 * configuration × perturbation the metric on both, the paired difference with its 95% interval
 * and p-value (evaluators/statistics comparePaired), and which configuration degrades least.
 */
import { comparePaired } from '../../evaluators/statistics/compare-paired.js';
import type { Judgments } from '../../evaluators/ir/relevance.js';
import { deriveSeed } from '../../kernel/prng.js';
import type { TestItem } from '../../kernel/test-item.js';
import type { RobustnessSummary } from '../../reports/summary-schema.js';
import type { RobustnessConfig } from '../../synthetic-data/robustness/config.js';
import { PERTURBATION_DESCRIPTIONS, type Perturbation } from '../../synthetic-data/robustness/perturb.js';
import { questionVariants, type QuestionVariant } from '../../synthetic-data/robustness/variants.js';
import type { QueryScores } from './score-retrieval.js';

export interface RobustnessPlan {
  config: RobustnessConfig;
  seed: number;
  variants: QuestionVariant[];
  /** The variants as test items (same references as their originals), for the retrieval stage. */
  items: TestItem[];
  /** Original question text by id, for the report's examples. */
  originals: ReadonlyMap<string, string>;
}

export function planRobustness(options: { config: RobustnessConfig; seed: number; items: readonly TestItem[]; corpusText: string }): RobustnessPlan {
  const seed = options.config.seed ?? options.seed;
  const variants = questionVariants({ items: options.items, perturbations: options.config.perturbations, seed, corpusText: options.corpusText });
  const byId = new Map(options.items.map((item) => [item.id, item]));
  const items = variants.map((v): TestItem => ({ ...byId.get(v.originalId)!, id: v.id, question: v.question }));
  return { config: options.config, seed, variants, items, originals: new Map(options.items.map((item) => [item.id, item.question])) };
}

/** The judgments of each variant are its original's. */
export function withVariantJudgments(judgments: Judgments, variants: readonly QuestionVariant[]): Judgments {
  const extended: Judgments = new Map(judgments);
  for (const v of variants) extended.set(v.id, judgments.get(v.originalId) ?? new Map());
  return extended;
}

export function robustnessSummary(options: {
  plan: RobustnessPlan;
  outcomes: readonly { name: string; original: readonly QueryScores[]; perturbed: readonly QueryScores[] }[];
}): RobustnessSummary {
  const { plan } = options;
  const metric = plan.config.metric;
  const results: RobustnessSummary['results'] = [];
  const meanDifference: Record<string, number | null> = {};
  for (const outcome of options.outcomes) {
    const original = new Map(outcome.original.map((s) => [s.qid, s.scores[metric]?.value ?? null]));
    const perturbed = new Map(outcome.perturbed.map((s) => [s.qid, s.scores[metric]?.value ?? null]));
    const differences: number[] = [];
    for (const perturbation of plan.config.perturbations) {
      const pairs = plan.variants
        .filter((v) => v.perturbation === perturbation)
        .flatMap((v) => {
          const a = original.get(v.originalId);
          const b = perturbed.get(v.id);
          return a === null || a === undefined || b === null || b === undefined ? [] : [[a, b] as const];
        });
      const seed = deriveSeed(plan.seed, 'robustness', outcome.name, perturbation);
      const c = comparePaired(pairs.map((p) => p[0]), pairs.map((p) => p[1]), { alpha: 0.05, seed });
      if (c) differences.push(c.difference);
      results.push({
        configuration: outcome.name,
        perturbation,
        n: pairs.length,
        original: c?.baselineMean ?? null,
        perturbed: c?.candidateMean ?? null,
        difference: c?.difference ?? null,
        ci95: c ? [c.lo, c.hi] : null,
        p: c?.p ?? null,
        method: c?.method ?? null,
      });
    }
    meanDifference[outcome.name] = differences.length ? differences.reduce((s, d) => s + d, 0) / differences.length : null;
  }
  const ranked = Object.entries(meanDifference).filter((e): e is [string, number] => e[1] !== null).sort((a, b) => b[1] - a[1]);
  return {
    metric,
    seed: plan.seed,
    perturbations: plan.config.perturbations.map((id: Perturbation) => {
      const of = plan.variants.filter((v) => v.perturbation === id);
      const first = of[0];
      return {
        id,
        description: PERTURBATION_DESCRIPTIONS[id],
        questions: of.length,
        example: first ? { qid: first.originalId, original: plan.originals.get(first.originalId) ?? '', perturbed: first.question } : null,
      };
    }),
    results,
    meanDifference,
    degradesLeast: ranked[0]?.[0] ?? null,
  };
}
