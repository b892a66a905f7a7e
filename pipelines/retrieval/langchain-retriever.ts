/**
 * Bridges to LangChain retrievers, both ways.
 *
 * fromLangChainRetriever: evaluate any LangChain BaseRetriever. The LangChain retriever owns
 * its data, so index() sends nothing to it; it only records the chunks so that returned
 * Documents can be mapped back to chunks by this rule:
 *   1. `metadata.chunkId` (a string) names the chunk; an unknown id is an error.
 *   2. Otherwise `pageContent` must equal a chunk's text exactly; if several chunks share that
 *      text, the first in index order not already returned for this query is used.
 *   3. Anything else is an error saying which metadata is expected.
 * Documents carry no score, so hits are scored by rank (n, n−1, …, 1 for n documents),
 * which keeps the retriever's own order under compareHits. A chunk returned twice counts once.
 *
 * asLangChainRetriever: expose one of our retrievers as a LangChain BaseRetriever whose
 * Documents carry the chunk text and {chunkId, docId, start, end, score} metadata.
 */
import { Document, type DocumentInterface } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput, type BaseRetrieverInterface } from '@langchain/core/retrievers';
import type { Chunk } from '../../kernel/corpus.js';
import { InputError } from '../../kernel/errors.js';
import type { RetrievedChunk, Retriever } from '../../kernel/retriever.js';

export interface LangChainRetrieverOptions {
  name: string;
  retriever: BaseRetrieverInterface;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

export function fromLangChainRetriever(options: LangChainRetrieverOptions): Retriever {
  const byId = new Map<string, Chunk>();
  const byText = new Map<string, Chunk[]>();

  function resolve(document: DocumentInterface, taken: ReadonlySet<Chunk>): Chunk {
    const chunkId: unknown = document.metadata['chunkId'];
    if (typeof chunkId === 'string') {
      const chunk = byId.get(chunkId);
      if (!chunk) {
        throw new InputError(
          `LangChain retriever "${options.name}" returned metadata.chunkId "${chunkId}", which is not an indexed chunk id`,
        );
      }
      return chunk;
    }
    const candidates = byText.get(document.pageContent) ?? [];
    const chunk = candidates.find((candidate) => !taken.has(candidate)) ?? candidates[0];
    if (!chunk) {
      throw new InputError(
        `LangChain retriever "${options.name}" returned a document that matches no indexed chunk ` +
          `("${preview(document.pageContent)}"): set metadata.chunkId to the chunk id (such as "guide.md#3"), ` +
          'or return the chunk text unchanged as pageContent',
      );
    }
    return chunk;
  }

  return {
    name: options.name,
    async index(chunks) {
      byId.clear();
      byText.clear();
      for (const chunk of chunks) {
        byId.set(chunk.id, chunk);
        const sameText = byText.get(chunk.text);
        if (sameText) sameText.push(chunk);
        else byText.set(chunk.text, [chunk]);
      }
    },
    async retrieve(query, k) {
      const documents = await options.retriever.invoke(query);
      const taken = new Set<Chunk>();
      for (const document of documents) taken.add(resolve(document, taken));
      const ranked = [...taken];
      const hits: RetrievedChunk[] = ranked.map((chunk, position) => ({ chunk, score: ranked.length - position }));
      return hits.slice(0, Math.max(0, k));
    },
  };
}

/** One of our retrievers as a LangChain retriever returning the top `k` chunks. */
export class RagEvalLangChainRetriever extends BaseRetriever {
  lc_namespace = ['rag_eval', 'retrievers'];

  constructor(
    private readonly retriever: Retriever,
    private readonly k: number,
    fields?: BaseRetrieverInput,
  ) {
    super(fields);
  }

  override async _getRelevantDocuments(query: string): Promise<DocumentInterface[]> {
    const hits = await this.retriever.retrieve(query, this.k);
    return hits.map(
      ({ chunk, score }) =>
        new Document({
          pageContent: chunk.text,
          metadata: { chunkId: chunk.id, docId: chunk.docId, start: chunk.start, end: chunk.end, score },
        }),
    );
  }
}

export function asLangChainRetriever(
  retriever: Retriever,
  options: { k?: number } & BaseRetrieverInput = {},
): RagEvalLangChainRetriever {
  const { k = 4, ...fields } = options;
  return new RagEvalLangChainRetriever(retriever, k, fields);
}
