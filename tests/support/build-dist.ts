/**
 * vitest globalSetup: tests that spawn `bin/rag-eval.js` run what users run, the compiled
 * dist/. It is rebuilt (scripts/build.js, incremental tsc) only when a source file, a tsconfig,
 * package.json or the build script is newer than the last build's stamp.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const INPUTS = ['index.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.js'];
const SOURCE_FOLDERS = ['kernel', 'corpora', 'synthetic-data', 'evaluators', 'reports', 'pipelines'];

function newestMtime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

export function distIsFresh(): boolean {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return [...INPUTS, ...SOURCE_FOLDERS].every((input) => newestMtime(path.join(ROOT, input)) <= built);
}

export default function setup(): void {
  if (distIsFresh()) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.js')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/ failed:\n${result.stdout}${result.stderr}`);
  process.stdout.write(`built dist/ for the CLI tests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
