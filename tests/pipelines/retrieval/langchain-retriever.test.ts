import { describe, expect, it } from 'vitest';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { Chunk } from '../../../kernel/corpus.js';
import { InputError } from '../../../kernel/errors.js';
import { createBm25Retriever } from '../../../pipelines/retrieval/bm25.js';
import { asLangChainRetriever, fromLangChainRetriever } from '../../../pipelines/retrieval/langchain-retriever.js';

function chunk(id: string, text: string): Chunk {
  return { id, docId: id.split('#')[0]!, index: Number(id.split('#')[1]), start: 0, end: text.length, text };
}

const chunks = [
  chunk('gc.md#0', 'Garbage collection frees unreachable objects.'),
  chunk('gc.md#1', 'Reference counting frees objects at once.'),
  chunk('tax.md#0', 'Tax law sets income brackets.'),
  chunk('dup.md#0', 'Reference counting frees objects at once.'),
];

/** A minimal LangChain retriever returning fixed documents, whatever the query. */
class FixedRetriever extends BaseRetriever {
  lc_namespace = ['tests'];
  constructor(private readonly documents: DocumentInterface[]) {
    super();
  }
  override async _getRelevantDocuments(): Promise<DocumentInterface[]> {
    return this.documents;
  }
}

describe('fromLangChainRetriever', () => {
  it('maps documents by metadata.chunkId first, then by exact text, scoring by rank', async () => {
    const lc = new FixedRetriever([
      new Document({ pageContent: 'edited text', metadata: { chunkId: 'tax.md#0' } }),
      new Document({ pageContent: 'Reference counting frees objects at once.' }),
      new Document({ pageContent: 'Reference counting frees objects at once.' }),
      new Document({ pageContent: 'Garbage collection frees unreachable objects.', metadata: { source: 'x' } }),
    ]);
    const retriever = fromLangChainRetriever({ name: 'lc', retriever: lc });
    await retriever.index(chunks);
    const hits = await retriever.retrieve('anything', 10);
    expect(hits.map((h) => [h.chunk.id, h.score])).toEqual([
      ['tax.md#0', 4],
      ['gc.md#1', 3],
      ['dup.md#0', 2], // same text: the next chunk not yet returned
      ['gc.md#0', 1],
    ]);
    expect((await retriever.retrieve('anything', 2)).map((h) => h.chunk.id)).toEqual(['tax.md#0', 'gc.md#1']);
  });

  it('reports unmatched documents with the metadata it expects', async () => {
    const unknownText = fromLangChainRetriever({
      name: 'lc',
      retriever: new FixedRetriever([new Document({ pageContent: 'A paraphrase of a chunk' })]),
    });
    await unknownText.index(chunks);
    await expect(unknownText.retrieve('q', 3)).rejects.toThrow(InputError);
    await expect(unknownText.retrieve('q', 3)).rejects.toThrow(
      /returned a document that matches no indexed chunk \("A paraphrase of a chunk"\): set metadata.chunkId/,
    );
    const unknownId = fromLangChainRetriever({
      name: 'lc',
      retriever: new FixedRetriever([new Document({ pageContent: 'x', metadata: { chunkId: 'nope#9' } })]),
    });
    await unknownId.index(chunks);
    await expect(unknownId.retrieve('q', 3)).rejects.toThrow(/metadata.chunkId "nope#9", which is not an indexed chunk id/);
  });
});

describe('asLangChainRetriever', () => {
  it('serves our BM25 through LangChain invoke(), and round-trips through the adapter', async () => {
    const bm25 = createBm25Retriever();
    await bm25.index(chunks);
    const lc = asLangChainRetriever(bm25, { k: 2 });
    const documents = await lc.invoke('garbage collection');
    expect(documents.map((d) => [d.pageContent, d.metadata['chunkId'], d.metadata['docId']])).toEqual([
      ['Garbage collection frees unreachable objects.', 'gc.md#0', 'gc.md'],
      ['Tax law sets income brackets.', 'tax.md#0', 'tax.md'], // zero-score fill, id descending
    ]);
    expect(documents[0]!.metadata['score']).toBeGreaterThan(0);
    expect(documents[1]!.metadata['score']).toBe(0);

    const back = fromLangChainRetriever({ name: 'round-trip', retriever: lc });
    await back.index(chunks);
    expect((await back.retrieve('garbage collection', 5)).map((h) => h.chunk.id)).toEqual(['gc.md#0', 'tax.md#0']);
  });
});
