import { InputError } from '../kernel/errors.js';
import { hashCorpus, hashText } from './hash.js';
import type { Corpus, CorpusWarning, SourceDocument } from '../kernel/corpus.js';

export interface DocumentDraft {
  id: string;
  title?: string;
  text: string;
  source: string;
}

/**
 * Collects documents from any loader and enforces the corpus rules in one place:
 * blank documents become warnings, duplicate ids are an error naming both sources,
 * and a corpus with nothing usable is an error that lists why.
 */
export class CorpusBuilder {
  private readonly documents: SourceDocument[] = [];
  private readonly sourcesById = new Map<string, string>();
  readonly warnings: CorpusWarning[] = [];

  constructor(private readonly root: string) {}

  warn(kind: CorpusWarning['kind'], source: string, message: string): void {
    this.warnings.push({ kind, source, message });
  }

  add(draft: DocumentDraft): void {
    if (draft.text.trim() === '') {
      this.warn('empty-document', draft.source, `document "${draft.id}" is empty or whitespace only; excluded`);
      return;
    }
    const previous = this.sourcesById.get(draft.id);
    if (previous !== undefined) {
      throw new InputError(`duplicate document id "${draft.id}": found in ${previous} and in ${draft.source}; ids must be unique`);
    }
    this.sourcesById.set(draft.id, draft.source);
    const doc: SourceDocument = { id: draft.id, text: draft.text, hash: hashText(draft.text), source: draft.source };
    if (draft.title !== undefined && draft.title.trim() !== '') doc.title = draft.title;
    this.documents.push(doc);
  }

  build(): Corpus {
    if (this.documents.length === 0) {
      const details = this.warnings.map((w) => `  - ${w.source}: ${w.message}`).join('\n');
      throw new InputError(
        `corpus at ${this.root} has no usable documents` + (details ? `:\n${details}` : ' (no supported files found)'),
      );
    }
    return { root: this.root, documents: this.documents, warnings: this.warnings, hash: hashCorpus(this.documents) };
  }
}
