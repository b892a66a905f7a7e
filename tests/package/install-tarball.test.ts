/**
 * rag-eval as users get it: `npm pack`, install the tarball into a fresh project (offline, from
 * the npm cache), then import it from plain Node ESM, run its bin, and type-check a TypeScript
 * consumer against the shipped .d.ts files. Slow by nature (an npm install): generous limits.
 * Install scripts are skipped (--ignore-scripts: no network, no 70 s native build); better-sqlite3's
 * addon, compiled by the repository's own `npm ci` for this Node, is copied into the project.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeConsumerProject } from './consumer-project.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const NPM_CLI = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
const EXAMPLE = path.join(ROOT, 'examples/programming-languages/rag-eval.yaml');

function npm(args: string[], cwd: string): string {
  const command = existsSync(NPM_CLI) ? [process.execPath, [NPM_CLI, ...args]] as const : ['npm', args] as const;
  return execFileSync(command[0], command[1], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}

const ESM_CONSUMER = `
import { readFileSync } from 'node:fs';
import * as api from 'rag-eval';
const { loadConfig, runPipeline, defaultClients, silentProgress, MemoryVectorStore, ConfigError, parseConfig } = api;
const loaded = await loadConfig(process.argv[2]);
const clients = defaultClients({ baseDir: loaded.baseDir });
const result = await runPipeline({ loaded, outDir: process.argv[3], clients, progress: silentProgress });
await clients.close?.();
const mrr = Object.fromEntries(result.summary.configurations.map((c) => [c.name, c.metrics.mrr.mean]));
const store = new MemoryVectorStore({ parallelMinWork: 0 });
store.add(['a', 'b', 'c'], [[1, 0], [0, 1], [1, 1]]);
const hits = await store.searchMany(Array.from({ length: 16 }, () => [1, 0]), 1);
await store.close();
let configError = '';
try { parseConfig({ corpus: { path: 'x' }, retreivers: [] }); } catch (error) { configError = error instanceof ConfigError ? 'ConfigError' : String(error); }
console.log(JSON.stringify({
  exports: Object.keys(api).length,
  mrr,
  workers: store.lastSearchWorkers,
  top: hits[0].map((h) => h.id),
  configError,
  report: readFileSync(result.reportPath, 'utf8').startsWith('# '),
}));
`;

const TS_CONSUMER = `
import { createBm25Retriever, chunkDocuments, scored, unscored, type Retriever, type Score, type RetrievedChunk, type Chunk } from 'rag-eval';

const bm25: Retriever = createBm25Retriever({ name: 'bm25' });
const mine: Retriever = {
  name: 'mine',
  async index(chunks: readonly Chunk[]) { void chunks; },
  async retrieve(query: string, k: number): Promise<RetrievedChunk[]> { void query; void k; return []; },
};
const score: Score = Math.random() > 0.5 ? scored(1) : unscored('no reference');
const chunks: Promise<Chunk[]> = chunkDocuments([{ id: 'a.md', text: 'Hello. World.', hash: 'x', source: 'a.md' }], { size: 800, overlap: 100 });
// @ts-expect-error a retriever needs a name (proves the types are real, not any)
const broken: Retriever = { async index() {}, async retrieve() { return []; } };
export { bm25, mine, score, chunks, broken };
`;

describe('the packed package', () => {
  const dirs: string[] = [];
  // An installed project is large: removing it under load takes longer than the default hook limit.
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 600_000);

  it('installs from its tarball offline, imports from plain Node ESM, runs its bin and type-checks a TypeScript consumer', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rag-eval-pack-'));
    dirs.push(dir);
    // dist/ is fresh (tests/support/build-dist.ts), so prepare need not run again.
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/pipelines/retrieval/stores/exact-search-worker.js');
    expect(files).toContain('bin/rag-eval.js');
    expect(files.filter((f) => /^(tests|bench|examples|scripts)\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /tsbuildinfo|build-stamp/.test(f))).toEqual([]);

    const tarball = path.join(dir, packed[0]!.filename);
    writeConsumerProject({ dir, repoRoot: ROOT, tarball });
    copyFileSync(path.join(ROOT, '.npmrc'), path.join(dir, '.npmrc'));
    npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    mkdirSync(path.dirname(path.join(dir, addon)), { recursive: true });
    copyFileSync(path.join(ROOT, addon), path.join(dir, addon));

    const version = execFileSync(path.join(dir, 'node_modules/.bin/rag-eval'), ['--version'], { cwd: dir, encoding: 'utf8' });
    expect(version.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);

    writeFileSync(path.join(dir, 'consumer.mjs'), ESM_CONSUMER);
    const output = execFileSync(process.execPath, ['consumer.mjs', EXAMPLE, path.join(dir, 'run')], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    const seen = JSON.parse(output) as Record<string, unknown>;
    expect(seen).toEqual({
      exports: expect.any(Number),
      // The README's quick-start figures: BM25, the bundled sentence encoder (loaded from the installed package) and the hybrid.
      mrr: { bm25: 1, 'use-dense': expect.closeTo(0.7628, 4), 'hybrid-rrf': expect.closeTo(0.9615, 4) },
      workers: 2,
      top: ['a'],
      configError: 'ConfigError',
      report: true,
    });
    expect(seen['exports']).toBeGreaterThan(100);

    writeFileSync(path.join(dir, 'consumer.ts'), TS_CONSUMER);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    execFileSync(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  }, 1_500_000);
});
