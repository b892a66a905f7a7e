import type { Command } from 'commander';
import { chunkDocuments } from '../../../corpora/chunk.js';
import { buildRetrievers } from '../../runner/build-retrievers.js';
import { loadConfig, resolveFromConfig } from '../../config/load.js';
import { defaultClients } from '../../runner/default-clients.js';
import { ConfigError } from '../../../kernel/errors.js';
import { createStreamProgress } from '../../progress/progress.js';
import { runLoadTest, type LoadTestResult } from '../../retrieval/load-test.js';
import { prepareInputs } from '../../stages/prepare-inputs.js';
import { fixed, table } from '../../../reports/markdown-table.js';

interface BenchOptions {
  retriever?: string[];
  concurrency: string;
  duration?: string;
  queries?: string;
  json?: boolean;
}

export interface RetrieverBench extends LoadTestResult {
  name: string;
  description: string;
  k: number;
  indexSeconds: number;
  /** Texts per second while indexing; null for retrievers that embed nothing. */
  embeddingTextsPerSecond: number | null;
  /** Peak resident set size of the process so far, MB. */
  peakRssMB: number;
}

function positive(value: string | undefined, option: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new ConfigError(`${option}: expected a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
  return n;
}

export function registerBenchRetrieverCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('bench-retriever')
    .description('load-test retriever configurations: N concurrent query workers; QPS, p50/p95/p99 latency, errors, peak memory, embedding throughput')
    .argument('<config>', 'the YAML config')
    .option('--retriever <name...>', 'only these retrievers (default: all)')
    .option('--concurrency <n>', 'concurrent query workers', '4')
    .option('--duration <s>', 'run each retriever for this many seconds')
    .option('--queries <n>', 'send this many queries to each retriever (default 200 when no --duration)')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (configPath: string, options: BenchOptions) => {
      const concurrency = positive(options.concurrency, '--concurrency', true)!;
      const durationS = positive(options.duration, '--duration', false);
      const totalQueries = positive(options.queries, '--queries', true) ?? (durationS === undefined ? 200 : undefined);
      if (options.duration !== undefined && options.queries !== undefined) throw new ConfigError('--duration and --queries: give one of them');
      const loaded = await loadConfig(configPath);
      const { config } = loaded;
      const known = config.retrievers.map((r) => r.name);
      for (const name of options.retriever ?? []) {
        if (!known.includes(name)) throw new ConfigError(`--retriever: no retriever named "${name}" in ${configPath} (known: ${known.join(', ')})`);
      }
      const progress = createStreamProgress({ quiet: Boolean(options.json) });
      const inputs = await prepareInputs({ config, resolve: (p) => resolveFromConfig(loaded, p), progress });
      const questions = inputs.items.map((item) => item.question);
      const clients = defaultClients({ baseDir: loaded.baseDir, warn: (message) => progress.warn(message) });
      const results: RetrieverBench[] = [];
      try {
        const built = buildRetrievers(config, clients);
        const chosen = built.filter((b) => !options.retriever || options.retriever.includes(b.config.name));
        // Hybrids need their members indexed; index each retriever once, in config order.
        const needed = new Set(chosen.flatMap((b) => (b.indexedByOthers ? (b.config.of ?? []) : [b.config.name])));
        const indexSeconds = new Map<string, number>();
        for (const b of built.filter((b) => needed.has(b.config.name))) {
          const chunks = await chunkDocuments(inputs.corpus.documents, b.chunking);
          const task = progress.start(`indexing ${b.config.name}`, chunks.length);
          const started = performance.now();
          await b.retriever.index(chunks);
          task.tick(chunks.length);
          task.done();
          indexSeconds.set(b.config.name, (performance.now() - started) / 1000);
        }
        for (const b of chosen) {
          const k = b.config.k ?? config.k;
          const label = `bench ${b.config.name} (${concurrency} workers)`;
          const task = progress.start(label, totalQueries ?? Math.round(durationS!));
          let lastSecond = 0;
          const benchStart = performance.now();
          const result = await runLoadTest({
            retrieve: (query) => b.retriever.retrieve(query, k),
            queries: questions,
            concurrency,
            ...(totalQueries !== undefined ? { totalQueries } : { durationMs: durationS! * 1000 }),
            onProgress: () => {
              if (totalQueries !== undefined) return task.tick();
              const second = Math.floor((performance.now() - benchStart) / 1000);
              if (second > lastSecond) task.tick(second - lastSecond);
              lastSecond = Math.max(second, lastSecond);
            },
          });
          task.done(`${result.queries} queries, ${result.errors} errors, ${fixed(result.qps, 1)} QPS`);
          const stats = b.embeddingStats?.();
          const members = b.indexedByOthers ? (b.config.of ?? []) : [b.config.name];
          results.push({
            name: b.config.name,
            description: b.description,
            k,
            indexSeconds: members.reduce((sum, name) => sum + (indexSeconds.get(name) ?? 0), 0),
            embeddingTextsPerSecond: stats && stats.seconds > 0 ? stats.texts / stats.seconds : null,
            peakRssMB: process.resourceUsage().maxRSS / 1024,
            ...result,
          });
        }
      } finally {
        await clients.close?.();
      }
      process.stdout.write(options.json ? `${JSON.stringify({ concurrency, results }, null, 2)}\n` : `${renderBenchTable(results)}\n`);
      setExitCode(results.some((r) => r.errors > 0) ? 3 : 0);
    });
}

export function renderBenchTable(results: readonly RetrieverBench[]): string {
  const header = ['Retriever', 'queries', 'errors', 'QPS', 'p50 ms', 'p95 ms', 'p99 ms', 'index s', 'embed texts/s', 'peak RSS MB'];
  const rows = results.map((r) => [
    r.name,
    String(r.queries),
    String(r.errors),
    fixed(r.qps, 1),
    fixed(r.latencyMs.p50, 2),
    fixed(r.latencyMs.p95, 2),
    fixed(r.latencyMs.p99, 2),
    fixed(r.indexSeconds, 2),
    r.embeddingTextsPerSecond === null ? '—' : fixed(r.embeddingTextsPerSecond, 1),
    fixed(r.peakRssMB, 0),
  ]);
  const errors = results.flatMap((r) => r.errorSamples.map((message) => `error (${r.name}): ${message}`));
  return [table(header, rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), ...errors].join('\n');
}
