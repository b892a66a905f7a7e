import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ROOT, runCliAsync } from '../../../support/cli-process.js';
import { useTempDirs } from '../../../support/temp-dir.js';

describe('an unreachable Milvus', () => {
  const tempDir = useTempDirs();

  it('stops the run at start, before any retriever is indexed, naming the address and the wait', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'rag-eval.yaml');
    writeFileSync(
      config,
      stringify({
        corpus: { path: path.join(ROOT, 'examples/programming-languages/corpus') },
        testSet: { path: path.join(ROOT, 'examples/programming-languages/testset.jsonl') },
        retrievers: [
          { name: 'bm25', type: 'bm25' },
          { name: 'milvus', type: 'dense', embedder: { provider: 'use' }, store: { type: 'milvus', address: '127.0.0.1:1', index: { type: 'FLAT' } } },
        ],
      }),
    );
    const out = path.join(dir, 'run');
    const result = await runCliAsync(['run', config, '--out', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot reach Milvus at 127\.0\.0\.1:1 within \d+(\.\d+)? s/);
    expect(existsSync(path.join(out, 'index.jsonl'))).toBe(false);
  });
});
