import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../../pipelines/cli/main.js';
import { ROOT } from '../../support/cli-process.js';
import { useTempDirs } from '../../support/temp-dir.js';

/** Packages that only some configurations need: never loaded by a command that does not use them. */
const BACK_ENDS = ['openai', '@langchain/openai', '@lancedb/lancedb', 'apache-arrow', '@zilliz/milvus2-sdk-node', '@grpc/grpc-js', '@huggingface/transformers'];
const CHARTS = ['vega', 'vega-lite'];

/**
 * Runs the real command line with tests/support/module-recorder.mjs preloaded, which logs every
 * module the process resolves (ES modules through a loader hook, CommonJS from require.cache).
 */
function runRecorded(args: string[], dir: string) {
  const log = path.join(dir, 'modules.log');
  writeFileSync(log, '');
  const result = spawnSync(
    process.execPath,
    ['--import', path.join(ROOT, 'tests/support/module-recorder.mjs'), path.join(ROOT, 'bin/rag-eval.js'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RAG_EVAL_MODULE_LOG: log } },
  );
  const modules = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  const packages = new Set(modules.flatMap((url) => [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]!)));
  const commands = modules.flatMap((url) => /pipelines\/cli\/commands\/([\w-]+)\.(?:ts|js)$/.exec(url)?.[1] ?? []).sort();
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, packages, commands };
}

describe('lazy loading: each command loads only what it uses', () => {
  const tempDir = useTempDirs();

  it('chooses the command modules from argv', () => {
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor(['-V', '--no-color'])).toEqual([]);
    expect(commandsFor(['trec', 'a.qrels', 'b.run', '-m', 'map'])).toEqual(['trec']);
    expect(commandsFor(['--no-color', 'run', 'x.yaml', '--version'])).toEqual(['run']);
    expect(commandsFor(['--help'])).toHaveLength(9);
    expect(commandsFor([])).toHaveLength(9);
    expect(commandsFor(['bogus'])).toHaveLength(9);
  });

  it('--version loads no command and no back-end', () => {
    const result = runRecorded(['--version'], tempDir());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('0.1.0\n');
    expect(result.packages.has('commander')).toBe(true); // the recorder saw the loader at work
    expect(result.commands).toEqual([]);
    expect([...BACK_ENDS, ...CHARTS, 'better-sqlite3', 'yaml', 'zod'].filter((name) => result.packages.has(name))).toEqual([]);
  });

  it('trec loads only the trec command: no back-end, no charts, no SQLite', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'q.qrels'), 'q1 0 d1 1\nq1 0 d2 1\n');
    writeFileSync(path.join(dir, 'r.run'), 'q1 Q0 d1 1 2.0 x\nq1 Q0 d3 2 1.0 x\n');
    const result = runRecorded(['trec', path.join(dir, 'q.qrels'), path.join(dir, 'r.run'), '-m', 'map'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('map                   \tall\t0.5000\n');
    expect(result.commands).toEqual(['trec']);
    expect([...BACK_ENDS, ...CHARTS, 'better-sqlite3', 'yaml'].filter((name) => result.packages.has(name))).toEqual([]);
  });

  it('run with BM25 and the bundled encoder loads no API client, LanceDB, Arrow or Milvus; charts load for report.html', () => {
    const dir = tempDir();
    const config = path.join(ROOT, 'examples/programming-languages/rag-eval.yaml');
    const result = runRecorded(['run', config, '--quiet', '--out', path.join(dir, 'run')], dir);
    expect(result.code).toBe(0);
    expect(result.commands).toEqual(['run']);
    expect(BACK_ENDS.filter((name) => result.packages.has(name))).toEqual([]);
    expect(CHARTS.filter((name) => result.packages.has(name))).toEqual(CHARTS);
  });
});
