/**
 * Perturbed variants of every test question, deterministic for a seed: each (question,
 * perturbation) pair draws from its own generator (seed, question id, perturbation), so adding
 * a question or a perturbation does not change the others' variants.
 */
import { itemLanguage } from '../../corpora/language.js';
import { createRng, deriveSeed } from '../../kernel/prng.js';
import { PERTURB, type Perturbation } from './perturb.js';

export interface QuestionVariant {
  /** `<question id>~<perturbation>`: unique beside the original ids. */
  id: string;
  originalId: string;
  perturbation: Perturbation;
  question: string;
}

export const VARIANT_SEPARATOR = '~';

export function questionVariants(options: {
  items: readonly { id: string; question: string; language?: string | undefined }[];
  perturbations: readonly Perturbation[];
  seed: number;
  /** Corpus text: its Han characters are the homophone candidates. */
  corpusText: string;
}): QuestionVariant[] {
  const hanPool = [...new Set(options.corpusText.match(/\p{Script=Han}/gu) ?? [])].sort();
  const variants: QuestionVariant[] = [];
  for (const item of options.items) {
    const language = itemLanguage(item);
    for (const perturbation of options.perturbations) {
      const rng = createRng(deriveSeed(options.seed, 'robustness', item.id, perturbation));
      const question = PERTURB[perturbation](item.question, { rng, language, hanPool });
      if (question === null) continue;
      variants.push({ id: `${item.id}${VARIANT_SEPARATOR}${perturbation}`, originalId: item.id, perturbation, question });
    }
  }
  return variants;
}
