/**
 * Does a dense embedder's model cover the languages of the corpus and the test set? A question is
 * affected when its own language, or the language of a document its references name, is outside
 * the model's languages (a cross-language question needs a model that knows both sides).
 * Models whose languages are unknown or "multilingual" are not flagged.
 */
import { countLanguages, documentLanguage, itemLanguage } from '../../corpora/language.js';
import type { LanguageSummary } from '../../reports/summary-schema.js';
import type { ModelFacts } from './registry.js';

interface ItemLike {
  id: string;
  question: string;
  language?: string | undefined;
  references: readonly { docId: string }[];
}

export function languageSummary(options: {
  documents: readonly { id: string; text: string }[];
  items: readonly ItemLike[];
  configurations: readonly { config: { name: string }; embedder?: { model: string; facts: ModelFacts | undefined } }[];
}): LanguageSummary {
  const docLanguage = new Map(options.documents.map((d) => [d.id, documentLanguage(d.text)]));
  const questionLanguage = options.items.map(itemLanguage);
  const gaps: LanguageSummary['gaps'] = [];
  for (const configuration of options.configurations) {
    const languages = configuration.embedder?.facts?.languages;
    if (!configuration.embedder || !Array.isArray(languages)) continue;
    const covered = (language: string | undefined) => language === undefined || language === 'und' || languages.includes(language);
    const uncovered = new Set<string>();
    let documents = 0;
    for (const language of docLanguage.values()) {
      if (covered(language)) continue;
      documents += 1;
      uncovered.add(language);
    }
    let questions = 0;
    options.items.forEach((item, i) => {
      const own = questionLanguage[i];
      const evidence = item.references.map((ref) => docLanguage.get(ref.docId));
      if (!covered(own)) uncovered.add(own!);
      if (covered(own) && evidence.every(covered)) return;
      questions += 1;
    });
    if (documents === 0 && questions === 0) continue;
    gaps.push({
      configuration: configuration.config.name,
      model: configuration.embedder.model,
      modelLanguages: languages,
      uncovered: [...uncovered].sort(),
      documents: { affected: documents, total: docLanguage.size },
      questions: { affected: questions, total: options.items.length },
    });
  }
  return { documents: countLanguages([...docLanguage.values()]), questions: countLanguages(questionLanguage), gaps };
}

const share = (n: { affected: number; total: number }) => `${n.affected} of ${n.total} (${n.total ? Math.round((100 * n.affected) / n.total) : 0}%)`;

/** One line for the CLI and both reports. */
export function languageGapMessage(gap: LanguageSummary['gaps'][number]): string {
  return (
    `retriever "${gap.configuration}": its embedding model ${gap.model} supports ${gap.modelLanguages.join(', ')} only, ` +
    `but the run has ${gap.uncovered.join(', ')} text: ${share(gap.questions)} questions are affected (their own language or their evidence's) ` +
    `and ${share(gap.documents)} documents; consider a multilingual model (bge-m3, multilingual-e5, text-embedding-3) or correct the model's languages under embeddingModels`
  );
}
