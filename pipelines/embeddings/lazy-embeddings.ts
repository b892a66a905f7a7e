/**
 * An EmbeddingsInterface whose real embedder is built on first use, so the SDK behind it (the
 * OpenAI client and LangChain's OpenAI package) is loaded only when something is embedded: a
 * dry run, a cache hit or a command that never embeds does not pay for loading it.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { modelLoadSecondsOf, type ReportsModelLoad } from './embed-batches.js';

export class LazyEmbeddings<T extends EmbeddingsInterface> implements EmbeddingsInterface, ReportsModelLoad {
  private instance: T | undefined;
  private loading: Promise<T> | undefined;
  private createSeconds: number | null = null;

  constructor(private readonly create: () => Promise<T>) {}

  /** The embedder once built; undefined before the first call. */
  get loaded(): T | undefined {
    return this.instance;
  }

  /** Time to load the library and build the embedder, plus the embedder's own model load. */
  modelLoadSeconds(): number | null {
    if (this.createSeconds === null || !this.instance) return null;
    return this.createSeconds + (modelLoadSecondsOf(this.instance) ?? 0);
  }

  private load(): Promise<T> {
    const started = performance.now();
    this.loading ??= this.create().then(
      (instance) => {
        this.createSeconds = (performance.now() - started) / 1000;
        return (this.instance = instance);
      },
      (error: unknown) => {
        this.loading = undefined; // a later call tries again instead of keeping the failure
        throw error;
      },
    );
    return this.loading;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.load()).embedDocuments(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    return (await this.load()).embedQuery(document);
  }
}
