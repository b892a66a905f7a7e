/**
 * A closed-loop load test: N workers, each sending its next query as soon as the previous one
 * answered, until a number of queries has been sent or a duration has passed. Queries cycle
 * through the list. Latency percentiles are over successful queries (evaluators/latency.ts);
 * errors are counted, with the first few messages kept.
 */
import { performance } from 'node:perf_hooks';
import { summarizeLatencies, type LatencySummary } from '../../evaluators/latency.js';

export interface LoadTestOptions {
  retrieve: (query: string) => Promise<unknown>;
  queries: readonly string[];
  concurrency: number;
  /** Stop after this many queries, or after this many milliseconds (whichever is given; count wins if both). */
  totalQueries?: number;
  durationMs?: number;
  onProgress?: (done: number, errors: number) => void;
  now?: () => number;
}

export interface LoadTestResult {
  queries: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  /** Completed queries (successes and errors) per second of wall time. */
  qps: number | null;
  latencyMs: LatencySummary;
  concurrency: number;
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  if (options.queries.length === 0) throw new RangeError('runLoadTest: no queries to send');
  if (options.totalQueries === undefined && options.durationMs === undefined) throw new RangeError('runLoadTest: give totalQueries or durationMs');
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = options.totalQueries === undefined ? started + options.durationMs! : Infinity;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let next = 0;
  let done = 0;
  let errors = 0;

  const take = (): number | undefined => {
    if (options.totalQueries !== undefined ? next >= options.totalQueries : now() >= deadline) return undefined;
    return next++;
  };

  const worker = async () => {
    for (let index = take(); index !== undefined; index = take()) {
      const query = options.queries[index % options.queries.length]!;
      const sent = now();
      try {
        await options.retrieve(query);
        latencies.push(now() - sent);
      } catch (error) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
      done += 1;
      options.onProgress?.(done, errors);
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, Math.floor(options.concurrency)) }, worker));
  const seconds = (now() - started) / 1000;
  return {
    queries: done,
    errors,
    errorSamples,
    seconds,
    qps: seconds > 0 ? done / seconds : null,
    latencyMs: summarizeLatencies(latencies),
    concurrency: Math.max(1, Math.floor(options.concurrency)),
  };
}
