import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../kernel/errors.js';
import { defaultUseWorkers, UniversalSentenceEncoderEmbeddings } from '../../../pipelines/embeddings/use-embedder.js';

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

describe('UniversalSentenceEncoderEmbeddings', () => {
  const embeddings = new UniversalSentenceEncoderEmbeddings({ batchSize: 2 });

  it('returns one 512-d vector per text, in order, across batches', async () => {
    const texts = ['first text', 'second text', 'third text'];
    const vectors = await embeddings.embedDocuments(texts);
    expect(vectors.map((v) => v.length)).toEqual([512, 512, 512]);
    const third = await embeddings.embedQuery('third text');
    expect(cosine(vectors[2]!, third)).toBeCloseTo(1, 5);
    expect(cosine(vectors[0]!, third)).toBeLessThan(0.99);
    expect(await embeddings.embedDocuments([])).toEqual([]);
  });

  it('places garbage collection nearer to memory management than to tax law', async () => {
    const [gc, memory, tax] = await embeddings.embedDocuments([
      'The garbage collector reclaims objects that are no longer reachable.',
      'automatic memory management',
      'tax law',
    ]);
    expect(cosine(gc!, memory!)).toBeGreaterThan(cosine(gc!, tax!) + 0.1);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => new UniversalSentenceEncoderEmbeddings({ batchSize: 0 })).toThrow(ConfigError);
    expect(() => new UniversalSentenceEncoderEmbeddings({ batchSize: 2.5 })).toThrow(/option "batchSize" must be a positive integer, got 2.5/);
  });

  it('on worker threads: the same vectors, bit for bit, as on the calling thread', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `sentence number ${i} about ${['rivers', 'compilers', 'bread', 'tax law'][i % 4]}`);
    const single = new UniversalSentenceEncoderEmbeddings({ workers: 0 });
    const pooled = new UniversalSentenceEncoderEmbeddings({ workers: 2 });
    try {
      expect(await pooled.embedDocuments(texts)).toEqual(await single.embedDocuments(texts));
      // Fewer than 16 texts stay on the calling thread: no worker for a single query.
      expect(await pooled.embedDocuments(texts.slice(0, 3))).toEqual(await single.embedDocuments(texts.slice(0, 3)));
    } finally {
      await pooled.close();
    }
    expect(() => new UniversalSentenceEncoderEmbeddings({ workers: -1 })).toThrow(/option "workers" must be an integer ≥ 0, got -1/);
    expect([defaultUseWorkers(1), defaultUseWorkers(2), defaultUseWorkers(64)]).toEqual([0, 2, 8]);
  });
});
