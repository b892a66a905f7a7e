import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../../../pipelines/retrieval/load-test.js';
import { runCli } from '../cli/run-cli.js';

describe('runLoadTest', () => {
  it('sends exactly N queries with at most `concurrency` in flight, cycling the list, counting errors', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: string[] = [];
    const result = await runLoadTest({
      queries: ['a', 'b', 'c'],
      concurrency: 4,
      totalQueries: 50,
      retrieve: async (query) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        seen.push(query);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        if (query === 'c') throw new Error('boom');
      },
    });
    expect(result.queries).toBe(50);
    expect(maxInFlight).toBe(4);
    // Query i is queries[i % 3]: 17 × a, 17 × b, 16 × c (every c fails).
    expect(seen.filter((q) => q === 'c')).toHaveLength(16);
    expect(result.errors).toBe(16);
    expect(result.errorSamples).toEqual(['boom', 'boom', 'boom', 'boom', 'boom']);
    expect(result.latencyMs.count).toBe(34);
    expect(result.concurrency).toBe(4);
  });

  it('a duration stops taking new queries at the deadline (clock injected)', async () => {
    let clock = 0;
    const result = await runLoadTest({
      queries: ['q'],
      concurrency: 2,
      durationMs: 100,
      now: () => clock,
      retrieve: async () => {
        clock += 10;
      },
    });
    // Both workers start a query at 0, 20, 40, 60 and 80 ms; each query moves the shared clock
    // 10 ms, so each sees 20 ms of latency; nothing starts at 100 ms.
    expect(result.queries).toBe(10);
    expect(result.seconds).toBe(0.1);
    expect(result.qps).toBe(100);
    expect(result.latencyMs).toMatchObject({ count: 10, p50: 20, p99: 20 });
  });
});

describe('rag-eval bench-retriever', () => {
  const config = path.resolve(import.meta.dirname, '../../../examples/programming-languages/rag-eval.yaml');

  it('--json: one result per chosen retriever with QPS, percentiles, errors and peak RSS', async () => {
    const { code, stdout } = await runCli(['bench-retriever', config, '--retriever', 'bm25', '--queries', '40', '--concurrency', '3', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      concurrency: number;
      results: {
        name: string;
        queries: number;
        errors: number;
        latencyMs: { count: number };
        peakRssMB: number;
        embeddingTextsPerSecond: number | null;
        k: number;
      }[];
    };
    expect(parsed.concurrency).toBe(3);
    expect(parsed.results.map((r) => [r.name, r.queries, r.errors, r.latencyMs.count, r.k, r.embeddingTextsPerSecond])).toEqual([['bm25', 40, 0, 40, 4, null]]);
    expect(parsed.results[0]!.peakRssMB).toBeGreaterThan(0);
  });

  it('names an unknown retriever and bad numbers as usage errors (exit 2)', async () => {
    const unknown = await runCli(['bench-retriever', config, '--retriever', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--retriever: no retriever named "nope"');
    const bad = await runCli(['bench-retriever', config, '--concurrency', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency: expected a positive integer, got "0"');
  });
});
