/**
 * rag-eval as a library: evaluate your own retrievers and metrics next to the YAML ones.
 * In your project, import from 'rag-eval' instead of '../../index.js'.
 *
 *   npx tsx examples/library/plugins.ts [OUT_DIR]
 *
 * Three plug-in retrievers run next to the config's BM25 baseline:
 * - `word-overlap`: rag-eval's Retriever contract (name, index, retrieve), a few lines;
 * - `lc-retriever`: a LangChain BaseRetriever that owns its data, as your application's would
 *   (here the same chunks, ranked by shared words, returned as Documents whose metadata.chunkId
 *   names the chunk; returning the chunk text unchanged as pageContent works too);
 * - `lc-vector-store`: a LangChain VectorStore over the bundled sentence encoder; rag-eval adds
 *   the chunks to it and maps the Documents it returns back by metadata.chunkId.
 * One plug-in metric, `first_hit_relevant`, scores every configuration: 1 when the top hit's
 * document is a reference, 0 when it is not, null (with the reason) when nothing was retrieved.
 */
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chunkDocuments,
  loadConfig,
  loadCorpus,
  runPipeline,
  scored,
  unscored,
  tokenize,
  UniversalSentenceEncoderEmbeddings,
  type Chunk,
  type Retriever,
  type RunPipelineResult,
  type UserMetric,
} from '../../index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Chunks ranked by the number of distinct query words they contain (ties: chunk id, descending). */
function overlapRanking(chunks: readonly Chunk[], query: string): { chunk: Chunk; score: number }[] {
  const words = new Set(tokenize(query));
  return chunks
    .map((chunk) => ({ chunk, score: new Set(tokenize(chunk.text).filter((w) => words.has(w))).size }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? 1 : -1));
}

/** rag-eval's Retriever contract. */
function wordOverlapRetriever(): Retriever {
  let indexed: readonly Chunk[] = [];
  return {
    name: 'word-overlap',
    async index(chunks) {
      indexed = chunks;
    },
    async retrieve(query, k) {
      return overlapRanking(indexed, query).slice(0, k);
    },
  };
}

/** A LangChain retriever that owns its data (here: handed the chunks up front). */
class OverlapLangChainRetriever extends BaseRetriever {
  lc_namespace = ['examples', 'retrievers'];
  chunks: readonly Chunk[] = [];
  override async _getRelevantDocuments(query: string): Promise<DocumentInterface[]> {
    return overlapRanking(this.chunks, query)
      .slice(0, 4)
      .map(({ chunk }) => new Document({ pageContent: chunk.text, metadata: { chunkId: chunk.id } }));
  }
}

/** The smallest LangChain vector store: exact cosine search over an array. */
class ArrayVectorStore extends VectorStore {
  declare FilterType: never;
  private rows: { vector: number[]; document: DocumentInterface }[] = [];
  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }
  _vectorstoreType(): string {
    return 'array';
  }
  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<void> {
    vectors.forEach((vector, i) => this.rows.push({ vector, document: documents[i]! }));
  }
  async addDocuments(documents: DocumentInterface[]): Promise<void> {
    await this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }
  async similaritySearchVectorWithScore(query: number[], k: number): Promise<[DocumentInterface, number][]> {
    const cosine = (a: number[], b: number[]) => {
      let dot = 0, na = 0, nb = 0;
      for (let i = 0; i < a.length; i++) { dot += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
      return dot / Math.sqrt(na * nb);
    };
    return this.rows
      .map((row): [DocumentInterface, number] => [row.document, cosine(query, row.vector)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
  }
}

const firstHitRelevant: UserMetric = {
  id: 'first_hit_relevant',
  score({ retrieved, references }) {
    const top = retrieved[0];
    if (!top) return unscored('nothing was retrieved');
    return scored(references.some((ref) => ref.docId === top.chunk.docId) ? 1 : 0);
  },
};

export async function evaluateWithPlugins(outDir: string): Promise<RunPipelineResult> {
  const loaded = await loadConfig(path.join(HERE, 'rag-eval.yaml'));
  // A LangChain retriever owns its data, like your application's index over the same documents.
  const lcRetriever = new OverlapLangChainRetriever();
  const corpus = await loadCorpus(path.join(HERE, loaded.config.corpus.path));
  lcRetriever.chunks = await chunkDocuments(corpus.documents, loaded.config.chunking);
  const overlap = wordOverlapRetriever();
  return runPipeline({
    loaded,
    outDir,
    retrievers: [
      { retriever: overlap },
      { name: 'lc-retriever', retriever: lcRetriever, description: 'LangChain BaseRetriever (word overlap)' },
      { name: 'lc-vector-store', retriever: new ArrayVectorStore(new UniversalSentenceEncoderEmbeddings()) },
    ],
    metrics: [firstHitRelevant],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await evaluateWithPlugins(process.argv[2] ?? path.join(HERE, '../../runs/library/latest'));
  console.log(result.overview);
  console.log(`report: ${result.reportPath}`);
}
